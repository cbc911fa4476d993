"""A scripted Cal.com, on fixtures in Cal.com's shapes: fixed answers for one round-robin event type
(``calcom:42``) that has ``rrHostSubsetEnabled: true``, the one case where Cal.com answers /v2/slots
per host (``rrHostSubsetIds``). Each host's answer is ``PER_HOST``, the pooled answer ``POOLED``, in
the requested zone's offset (+01:00) with milliseconds. ``failing`` user ids answer 500 (a fault);
``malformed`` answers 200 with a body of another shape than Cal.com's: per user id, ``"pooled"`` for
the pooled slots, ``"event type"`` for the event type.

Provider behaviour (what Cal.com does without the setting, its rate limits, the midnight ``end``) is
the faithful fake's, tests/fakes/calcom.py; this one only keeps exact slot times for tests whose
expectations name them (explain's reasons)."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

import httpx

from tests.fakes.base import as_sent
from tests.helpers import context
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
        "rrHostSubsetEnabled": True,
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


def fake(
    event_type=EVENT_TYPE,
    failing: set[str] = frozenset(),
    seen: list | None = None,
    malformed: dict[str, object] | None = None,
):
    odd = malformed or {}

    def handle(request: httpx.Request) -> httpx.Response:
        query = {k: v[-1] for k, v in parse_qs(request.url.query.decode()).items()}
        if seen is not None:
            seen.append((request.url.path, request.headers.get("cal-api-version"), query))
        assert request.headers["Authorization"] == "Bearer cal_test_key"
        if request.url.path == "/v2/event-types/42":
            return as_sent(200, odd.get("event type", event_type))
        if request.url.path.startswith("/v2/event-types/"):
            return httpx.Response(404, json={"status": "error", "error": {"message": "not found"}})
        if request.url.path == "/v2/slots":
            subset = query.get("rrHostSubsetIds")
            if subset in failing:
                return httpx.Response(500, json={"status": "error"})
            if (subset or "pooled") in odd:
                return as_sent(200, odd[subset or "pooled"])
            return httpx.Response(200, json={"status": "success", "data": PER_HOST[subset] if subset else POOLED})
        return httpx.Response(404, json={})

    return httpx.MockTransport(handle)


def run(transport, **query):
    request = read_request(
        {"event_type": "calcom:42", "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z", **query}
    )
    return asyncio.run(dispatch.times(request, context(transport=transport)))
