"""Calendly answers of another shape than it documents (API.md §1 "Partial failure"), served by the
fake Calendly on loopback with status 200: each fails the host that needed it (a warning naming that
host, or 424 when no host or no slot list is left), never a 5xx and never "free". A hold on a host
whose answer was read still follows the rules (201 when free, 409 when not)."""

from __future__ import annotations

import json

import pytest

from functions.api import app as api
from tests.helpers import call_handler
from tests.integration.test_calendly_end_to_end import expected
from tests.integration.test_reservations import CALENDLY_TYPE, hold

BASHIR = "https://api.calendly.com/users/bashir"
ALICE_ID, BASHIR_ID = "alice@example.com", "bashir@example.com"
INF = float("inf")  # json.dumps writes it as Infinity, which Python's JSON reader accepts

ONE_HOST = [  # (path, 200 body) served for Bashir alone
    ("/user_busy_times", {"error": "backend unavailable"}),
    ("/user_busy_times", {"collection": [{"type": "external", "start_time": "2030-03-11T09:00:00.000000Z"}]}),
    ("/user_busy_times", {"collection": "busy"}),
    ("/user_busy_times", {"collection": ["2030-03-11T09:00:00Z"]}),
    ("/user_busy_times", {"collection": [{"start_time": "2030-03-11T09:00:00", "end_time": "2030-03-11T10:00:00"}]}),
    ("/user_busy_times", {"collection": {"start_time": "2030-03-11T09:00:00Z"}}),
    ("/user_busy_times", ["not", "an", "object"]),
    ("/user_availability_schedules", {"collection": [{"timezone": "Europe/London", "rules": "weekdays"}]}),
    ("/user_availability_schedules", {"collection": [{"rules": []}]}),
    ("/user_availability_schedules", {"collection": [{"timezone": "Nowhere/Town", "rules": []}]}),
    (
        "/user_availability_schedules",
        {
            "collection": [
                {"timezone": "Europe/London", "rules": [{"type": "wday", "wday": "monday", "intervals": [{"from": 9}]}]}
            ]
        },
    ),
    (
        "/user_availability_schedules",
        {
            "collection": [
                {"timezone": "Europe/London", "rules": [{"type": "date", "date": "2030-02-31", "intervals": []}]}
            ]
        },
    ),
]

EVERY_HOST = [  # answers every host or the slot list depends on: 424
    ("/event_types/", {"resource": {"name": "Intro call", "duration": INF}}),
    ("/event_types/", {"resource": {"name": "Intro call", "duration": -30}}),
    ("/event_types/", {"resource": {"name": "Intro call", "duration": "30"}}),
    ("/event_types/", {"resource": []}),
    ("/event_types/", {"error": "backend unavailable"}),
    ("/event_type_memberships", {"collection": [{"member": "alice"}], "pagination": {}}),
    ("/event_type_available_times", {"collection": [{"status": "available"}]}),
    ("/event_type_available_times", {"error": "backend unavailable"}),
    ("/event_type_availability_schedules", {"collection": [{"availability_rule": {"rules": []}}], "pagination": {}}),
]


def get(event, context) -> tuple[int, dict]:
    ev = event("event_type_available_times")
    status, _, body = call_handler(api.lambda_handler, ev, context, query=ev["queryStringParameters"])
    return status, json.loads(body)


def labels(body: dict) -> list[list[str]]:
    return [[h["id"] for h in s["available_hosts"]] for s in body["collection"]]


@pytest.mark.parametrize(("path", "shape"), ONE_HOST)
def test_a_host_answered_in_another_shape_is_a_warning_and_never_free(calendly, event, lambda_context, path, shape):
    calendly.malformed(path, shape, user=BASHIR)
    status, body = get(event, lambda_context)
    assert status == 200, body
    assert [w["participant"] for w in body["warnings"]] == [BASHIR_ID]
    assert "could not read" in body["warnings"][0]["message"]
    assert body["collection"]
    assert all(BASHIR_ID not in ids for ids in labels(body))
    assert any(ALICE_ID in ids for ids in labels(body))


@pytest.mark.parametrize(("path", "shape"), EVERY_HOST)
def test_an_answer_every_host_needs_in_another_shape_is_424(calendly, event, lambda_context, path, shape):
    calendly.malformed(path, shape)
    status, body = get(event, lambda_context)
    assert status == 424, body
    assert body["title"] == "External Calendar Error"


def test_every_host_answered_in_another_shape_is_424(calendly, event, lambda_context):
    calendly.malformed("/user_busy_times", {"collection": [{"start_time": "2030-03-11T09:00:00Z"}]})
    status, body = get(event, lambda_context)
    assert status == 424, body


def test_a_hold_on_the_healthy_host_follows_the_rules(table, calendly, event, lambda_context):
    both = next(start for start, ids in expected() if {ALICE_ID, BASHIR_ID} <= set(ids))  # before any read is cached
    calendly.malformed("/user_busy_times", {"collection": [{"start_time": "2030-03-11T09:00:00Z"}]}, user=BASHIR)
    assert hold(event, lambda_context, {"event_type": CALENDLY_TYPE, "start_time": both, "host": BASHIR_ID})[0] == 409
    status, made = hold(event, lambda_context, {"event_type": CALENDLY_TYPE, "start_time": both, "host": ALICE_ID})
    assert status == 201, made
    assert made["resource"]["hosts"] == [ALICE_ID]
    again = hold(event, lambda_context, {"event_type": CALENDLY_TYPE, "start_time": both, "host": ALICE_ID})
    assert again[0] == 409  # Alice is held now


def test_an_event_type_schedule_item_without_a_rule_leaves_the_default_schedules(calendly, event, lambda_context):
    item = {  # araluce/calendlyr:test/fixtures/event_type_availability_schedules/list.json
        "uri": "https://api.calendly.com/event_type_availability_schedules/AAAAAAAAAAAAAAAA",
        "start_time": "2023-10-27T09:00:00Z",
        "end_time": "2023-10-27T17:00:00Z",
        "event_type": "https://api.calendly.com/event_types/BBBBBBBBBBBBBBBB",
    }
    calendly.malformed("/event_type_availability_schedules", {"collection": [item], "pagination": {}})
    status, body = get(event, lambda_context)
    assert status == 200, body
    assert "warnings" not in body
    assert [(s["start_time"], ids) for s, ids in zip(body["collection"], labels(body), strict=True)] == expected()
