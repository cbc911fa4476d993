"""POST /v1/availability/sequences against the brute-force reading of API.md §2b (tests/reference.py).

Requests are drawn around DST transitions (America/New_York, Europe/London, Australia/Lord_Howe's
30-minute shift), with both orders, gap ranges, meetings sharing participants, groups, buffers,
durations and grid steps that are not multiples of 5 minutes (so later meetings start off the first
start's 5-minute grid), explain, and small page sizes (pages are followed and concatenated).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import iso, page_tokens
from tests.reference import sequences as reference
from tests.unit.test_engine_properties import offsets, stamp, window
from whofree.availability import sequences

TRANSITIONS = [
    ("America/New_York", "2030-03-10"),
    ("America/New_York", "2030-11-03"),
    ("Europe/London", "2030-03-31"),
    ("Europe/London", "2030-10-27"),
    ("Australia/Lord_Howe", "2030-04-07"),
    ("UTC", "2030-06-15"),
]


def every_page(req: dict, now: datetime) -> list[dict]:
    out = []
    req = dict(req)
    tokens = page_tokens()
    while True:
        page = json.loads(sequences.answer(sequences.parse(json.dumps(req)), now, tokens).body)
        assert len(page["collection"]) == page["pagination"]["count"] <= req.get("count", 1000)
        out += page["collection"]
        token = page["pagination"]["next_page_token"]
        if token is None:
            return out
        req["page_token"] = token


def expected(req: dict, now: datetime) -> list[dict]:
    """The reference's items written as the API writes them."""
    out = []
    for item in reference(req, now.timestamp()):
        meetings = []
        for m in item["meetings"]:
            written = {
                "id": m["id"],
                "start_time": iso(m["start_time"]),
                "end_time": iso(m["end_time"]),
                "available": m["available"],
            }
            if req.get("explain"):
                written["unavailable"] = [{"id": i, "reason": r} for i, r in m["unavailable"]]
            meetings.append(written)
        out.append({"start_time": iso(item["start_time"]), "end_time": iso(item["end_time"]), "meetings": meetings})
    return out


@st.composite
def request(draw):
    home, day = draw(st.sampled_from(TRANSITIONS))
    zones = st.sampled_from([home, home, "UTC", "Europe/London", "America/New_York"])
    anchor = datetime.fromisoformat(day).replace(tzinfo=UTC)
    start = anchor - timedelta(minutes=draw(st.integers(-6 * 60, 24 * 60)))
    span = timedelta(minutes=draw(st.integers(60, 20 * 60)))
    people = []
    for i in range(draw(st.integers(1, 4))):
        p: dict = {"id": f"p{i}", "timezone": draw(zones)}
        if draw(st.integers(0, 2)) == 0:
            p["open_hours"] = draw(st.lists(window(), min_size=1, max_size=2))
        busy = []
        for _ in range(draw(st.integers(0, 4))):
            b0 = start + timedelta(minutes=draw(st.integers(-120, int(span.total_seconds() // 60))))
            b1 = b0 + timedelta(minutes=draw(st.integers(1, 180)))
            busy.append({"start_time": stamp(b0, draw(offsets)), "end_time": stamp(b1, draw(offsets))})
        if busy:
            p["busy"] = busy
        people.append(p)
    ids = [p["id"] for p in people]
    order = draw(st.sampled_from(["fixed", "any"]))
    meetings = []
    for k in range(draw(st.integers(2, 3 if order == "any" else 4))):
        m: dict = {"id": f"m{k}", "duration_minutes": draw(st.sampled_from([5, 7, 15, 20, 30, 45, 60, 90]))}
        if draw(st.booleans()):
            m["participants"] = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        members = m.get("participants", ids)
        if draw(st.integers(0, 3)) == 0:
            chosen = draw(st.lists(st.sampled_from(members), min_size=1, unique=True))
            m["groups"] = [
                {"members": chosen, "required": draw(st.one_of(st.just("all"), st.integers(1, len(chosen))))}
            ]
        for key in ("buffer_before_minutes", "buffer_after_minutes"):
            if draw(st.integers(0, 3)) == 0:
                m[key] = draw(st.sampled_from([5, 10, 30]))
        meetings.append(m)
    low = draw(st.sampled_from([0, 0, 5, 15]))
    high = low + draw(st.sampled_from([0, 5, 15, 30, 60]))
    req: dict = {
        "start_time": stamp(start, draw(offsets)),
        "end_time": stamp(start + span, draw(offsets)),
        "timezone": draw(zones),
        "participants": people,
        "meetings": meetings,
        "order": order,
        "gap_minutes": {"min": low, "max": high},
        "count": draw(st.sampled_from([1, 4, 1000])),
        "explain": draw(st.booleans()),
    }
    interval = draw(st.sampled_from([None, 5, 7, 15, 30, 60]))
    if interval:
        req["interval_minutes"] = interval
    if draw(st.booleans()):
        req["minimum_notice_minutes"] = draw(st.integers(0, 12 * 60))
    now = start - timedelta(minutes=draw(st.integers(-120, 300)))
    return req, now


@pytest.mark.slow  # hypothesis examples against the brute-force reference
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request())
def test_sequences_match_reference(case):
    req, now = case
    assert every_page(req, now) == expected(req, now)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request())
def test_sequences_match_reference_quick(case):
    req, now = case
    assert every_page(req, now) == expected(req, now)
