"""GET /v1/event_type_available_times for a Cal.com round-robin event type, through the API handler,
against the faithful fake Cal.com on loopback (tests/fakes/calcom.py), with the cache in DynamoDB Local.

Every slot's hosts are checked against the fake's own per-host truth, not against whofree's engine."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from functions.api import app as api
from tests.fakes.calcom import KEY, FakeCalcom
from tests.helpers import call_handler


def at(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


HOSTS = [
    {"userId": 201, "name": "Ines", "username": "ines"},
    {"userId": 202, "name": "Jon", "username": "jon"},
    {"userId": 203, "name": "Kai", "username": "kai", "mandatory": False},
]


@pytest.fixture
def calcom(settings):
    fake = FakeCalcom()
    fake.add_event_type(77, [dict(h) for h in HOSTS], teamId=12, slotInterval=30)
    # Each host's own bookable starts on Monday 2030-03-11 (UTC), half-hourly, different per host.
    day = at("2030-03-11T00:00:00Z")
    fake.free = {
        201: {day + h * 1800 for h in range(18, 26)},  # 09:00-12:30
        202: {day + h * 1800 for h in range(22, 34)},  # 11:00-16:30
        203: {day + h * 1800 for h in (20, 21, 30, 31, 40)},  # 10:00, 10:30, 15:00, 15:30, 20:00
    }
    settings.setenv("WHOFREE_CALCOM_BASE_URL", fake.serve())
    settings.setenv("WHOFREE_CALCOM_API_KEY", KEY)
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.01")
    yield fake
    fake.stop()


def get(event, context, **query) -> tuple[int, dict]:
    params = {"event_type": "calcom:77", "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
    reply = call_handler(api.lambda_handler, event("event_type_available_times"), context, query={**params, **query})
    return reply.status, json.loads(reply.body)


def test_subset_enabled_every_slots_hosts_are_the_fakes_truth(table, calcom, event, lambda_context):
    calcom.event_types[77]["rrHostSubsetEnabled"] = True
    status, body = get(event, lambda_context)
    assert status == 200, body
    assert "warnings" not in body
    offered = sorted(calcom.offered(77))
    assert [s["start_time"] for s in body["collection"]] == [iso(t) for t in offered]
    for slot in body["collection"]:
        start = at(slot["start_time"])
        truth = [h["username"] for h in HOSTS if start in calcom.free[h["userId"]]]
        assert [h["id"] for h in slot["available_hosts"]] == truth, slot["start_time"]
    assert {len(s["available_hosts"]) for s in body["collection"]} == {1, 2}


def test_subset_disabled_hosts_are_warnings_and_never_free(table, calcom, event, lambda_context):
    status, body = get(event, lambda_context)
    assert status == 200, body
    assert body["collection"], "Cal.com's pooled slots are still offered"
    assert all(s["available_hosts"] == [] for s in body["collection"])
    assert [w["participant"] for w in body["warnings"]] == ["ines", "jon", "kai"]
    assert all("PATCH /v2/teams/12/event-types/77" in w["message"] for w in body["warnings"])
