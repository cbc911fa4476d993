"""Cal.com: per-host /v2/slots narrowed with rrHostSubsetIds, on fixtures in Cal.com's shapes."""

from __future__ import annotations

import asyncio
from datetime import datetime
from urllib.parse import parse_qs

import httpx
import pytest

from whofree.errors import ExternalCalendarError, NotFound
from whofree.times import dispatch
from whofree.times.dispatch import read_request

EVENT_TYPE = {
    "status": "success",
    "data": {
        "id": 42,
        "title": "Sales intro",
        "slug": "sales-intro",
        "lengthInMinutes": 30,
        "slotInterval": 30,
        "beforeEventBuffer": 0,
        "afterEventBuffer": 10,
        "minimumBookingNotice": 120,
        "schedulingType": "roundRobin",
        "teamId": 7,
        "bookingUrl": "https://cal.com/team/acme/sales-intro",
        "hosts": [
            {"userId": 101, "name": "Dana", "username": "dana", "mandatory": False, "avatarUrl": None},
            {"userId": 102, "name": "Eli", "username": "eli", "mandatory": False, "avatarUrl": None},
            {"userId": 103, "name": "Fay", "username": "fay", "mandatory": False, "avatarUrl": None},
        ],
    },
}


def day(*starts: str) -> list[dict]:
    # Cal.com answers in the requested timeZone (here +01:00) with milliseconds.
    return [
        {"start": f"2030-03-11T{s}:00.000+01:00", "end": f"2030-03-11T{s[:2]}:{int(s[3:]) + 30:02d}:00.000+01:00"}
        for s in starts
    ]


PER_HOST = {
    "101": {"2030-03-11": day("09:00", "09:30", "10:00")},
    "102": {"2030-03-11": day("09:30", "10:00", "14:00")},
    "103": {"2030-03-11": day("15:00")},
}
POOLED = {"2030-03-11": day("09:00", "09:30", "10:00", "14:00", "15:00")}


def fake(event_type=EVENT_TYPE, failing: set[str] = frozenset(), seen: list | None = None):
    def handle(request: httpx.Request) -> httpx.Response:
        query = {k: v[-1] for k, v in parse_qs(request.url.query.decode()).items()}
        if seen is not None:
            seen.append((request.url.path, request.headers.get("cal-api-version"), query))
        assert request.headers["Authorization"] == "Bearer cal_test_key"
        if request.url.path == "/v2/event-types/42":
            return httpx.Response(200, json=event_type)
        if request.url.path.startswith("/v2/event-types/"):
            return httpx.Response(404, json={"status": "error", "error": {"message": "not found"}})
        if request.url.path == "/v2/slots":
            subset = query.get("rrHostSubsetIds")
            if subset in failing:
                return httpx.Response(500, json={"status": "error"})
            return httpx.Response(200, json={"status": "success", "data": PER_HOST[subset] if subset else POOLED})
        return httpx.Response(404, json={})

    return httpx.MockTransport(handle)


@pytest.fixture(autouse=True)
def _env(monkeypatch, settings):
    settings.setenv("WHOFREE_CALCOM_API_KEY", "cal_test_key")
    settings.setenv("WHOFREE_CALCOM_BASE_URL", "https://calcom.test")
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.001")


def run(transport, **query):
    request = read_request(
        {"event_type": "calcom:42", "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z", **query}
    )
    return asyncio.run(dispatch.times(request, 10, None, transport=transport))


def test_union_of_per_host_answers_is_the_pooled_answer_on_the_fixtures():
    def starts(days):
        return {s["start"] for slots in days.values() for s in slots}

    assert set().union(*(starts(d) for d in PER_HOST.values())) == starts(POOLED)


def test_each_pooled_slot_lists_the_hosts_whose_own_answer_has_it():
    labelled = run(fake())
    got = [(s.start, [h.id for h in hosts]) for s, hosts in labelled.slots]
    t = {
        k: int(datetime.fromisoformat(f"2030-03-11T{k}:00+01:00").timestamp())
        for k in ("09:00", "09:30", "10:00", "14:00", "15:00")
    }
    assert got == [
        (t["09:00"], ["dana"]),
        (t["09:30"], ["dana", "eli"]),
        (t["10:00"], ["dana", "eli"]),
        (t["14:00"], ["eli"]),
        (t["15:00"], ["fay"]),
    ]
    assert labelled.event_type.duration_minutes == 30
    assert labelled.event_type.buffer_after_minutes == 10
    assert labelled.warnings == []


def test_versions_and_subsets_are_sent_per_endpoint():
    seen = []
    run(fake(seen=seen))
    assert ("/v2/event-types/42", "2024-06-14") in [(p, v) for p, v, _ in seen]
    slots = [(v, q.get("rrHostSubsetIds")) for p, v, q in seen if p == "/v2/slots"]
    assert sorted(slots, key=str) == sorted(
        [("2024-09-04", None), ("2024-09-04", "101"), ("2024-09-04", "102"), ("2024-09-04", "103")], key=str
    )
    assert all(q["format"] == "range" and q["eventTypeId"] == "42" for p, _, q in seen if p == "/v2/slots")


def test_a_failing_host_is_a_warning_and_never_labelled():
    labelled = run(fake(failing={"102"}))
    assert all("eli" not in [h.id for h in hosts] for _, hosts in labelled.slots)
    assert [w["participant"] for w in labelled.warnings] == ["eli"]
    with pytest.raises(ExternalCalendarError):
        run(fake(failing={"101", "102", "103"}))


def test_mandatory_and_collective_hosts_are_in_every_slot():
    mandatory = {
        "status": "success",
        "data": {
            **EVENT_TYPE["data"],
            "hosts": [{**EVENT_TYPE["data"]["hosts"][0], "mandatory": True}, *EVENT_TYPE["data"]["hosts"][1:]],
        },
    }
    labelled = run(fake(mandatory))
    assert all(hosts[0].id == "dana" for _, hosts in labelled.slots)
    collective = {"status": "success", "data": {**EVENT_TYPE["data"], "schedulingType": "collective"}}
    labelled = run(fake(collective))
    assert all([h.id for h in hosts] == ["dana", "eli", "fay"] for _, hosts in labelled.slots)


def test_hosts_filter_and_unknown_event_types():
    labelled = run(fake(), hosts="fay")
    assert [[h.id for h in hosts] for _, hosts in labelled.slots] == [["fay"]]
    with pytest.raises(NotFound):
        asyncio.run(
            dispatch.times(
                read_request(
                    {"event_type": "calcom:9", "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
                ),
                10,
                None,
                transport=fake(),
            )
        )
