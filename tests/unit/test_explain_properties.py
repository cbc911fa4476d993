"""``explain`` (API.md §2, "Why not free") against the reference implementation (hypothesis).

Two levels: POST /v1/availability with ``"explain": true`` at JSON level (pages followed), and the
engine's ``explain`` with holds and unreadable calendars, composed the way event types compose it
(an unreadable host is never free; its known busy time and hours still give reasons).
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import NOW, answer, iso
from tests.reference import explained, reference
from tests.unit.test_engine_properties import request
from whofree import availability
from whofree.engine import Participant, compute, explain
from whofree.instants import InstantParser


def explained_slots(req: dict, now) -> list[tuple[str, list[str], list[tuple[str, str]]]]:
    out = []
    req = {**req, "explain": True}
    while True:
        page = answer(req, now)
        for s in page["collection"]:
            assert set(s) == {"start_time", "end_time", "available", "unavailable"}
            assert all(set(u) == {"id", "reason"} for u in s["unavailable"])
            out.append((s["start_time"], s["available"], [(u["id"], u["reason"]) for u in s["unavailable"]]))
        token = page["pagination"]["next_page_token"]
        if token is None:
            return out
        req["page_token"] = token


@pytest.mark.slow  # hundreds of hypothesis examples against the reference
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request())
def test_post_explain_matches_reference(case):
    req, now = case
    expected = [(iso(t), ids, why) for t, ids, why in explained(req, now.timestamp())]
    got = explained_slots(req, now)
    assert got == expected
    # The same answers as without explain.
    assert [(t, ids) for t, ids, _ in got] == [(iso(t), ids) for t, ids in reference(req, now.timestamp())]


@st.composite
def scenario(draw):
    """A request, plus holds on some participants and some participants' calendars unreadable."""
    req, now = draw(request())
    start = availability.parse(json.dumps(req)).request.start_time
    base = InstantParser()(start)
    holds: dict[str, list[tuple[float, float]]] = {}
    for p in req["participants"]:
        blocks = []
        for _ in range(draw(st.integers(0, 3))):
            b0 = base + 60 * draw(st.integers(-300, 3 * 1440)) + draw(st.sampled_from([0, 0, 30]))
            blocks.append((b0, b0 + 60 * draw(st.sampled_from([5, 15, 30, 60, 90, 240]))))
        if blocks:
            holds[p["id"]] = blocks
    ids = [p["id"] for p in req["participants"]]
    unknown = set(draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))))
    return req, now, holds, unknown


def engine_explained(req: dict, now, holds: dict, unknown: set) -> list[tuple[int, list[str], list[tuple[str, str]]]]:
    """The engine as the event type paths use it: holds in busy, unreadable hosts never free."""
    query = availability.to_query(availability.parse(json.dumps(req)), now)
    people = [dataclasses.replace(p, busy=list(p.busy) + holds.get(p.id, [])) for p in query.participants]
    unknown_at = {n for n, p in enumerate(people) if p.id in unknown}
    answered = [Participant(p.id, p.timezone, open_hours=[]) if n in unknown_at else p for n, p in enumerate(people)]
    result = compute(dataclasses.replace(query, participants=answered))
    why = explain(
        result.grid, dataclasses.replace(query, participants=people), [holds.get(p.id, []) for p in people], unknown_at
    )
    assert why.free == result.free  # the same answers, bit for bit, on the whole grid
    out = []
    for index, free, unavailable in zip(
        result.offered, result.free_sets(result.offered), why.unavailable(result.offered), strict=True
    ):
        ids = [p.id for n, p in enumerate(people) if free >> n & 1]
        out.append((result.grid[index], ids, [(people[n].id, reason) for n, reason in unavailable]))
    return out


@pytest.mark.slow  # hundreds of hypothesis examples against the reference
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_engine_reasons_with_holds_and_unreadable_calendars_match_reference(case):
    req, now, holds, unknown = case
    assert engine_explained(req, now, holds, unknown) == explained(req, now.timestamp(), holds, unknown)


def test_precedence_on_one_hand_built_slot():
    """One participant per reason, each also matching every later reason where it can."""
    req = {
        "start_time": "2030-01-07T09:00:00Z",
        "end_time": "2030-01-07T10:00:00Z",
        "duration_minutes": 60,
        "participants": [
            {"id": "free"},
            # held, and busy, and outside hours, and unreadable: held wins
            {"id": "held", "open_hours": [{"days": ["mon"], "start": "12:00", "end": "13:00"}], "busy": []},
            # busy and outside hours and unreadable: busy wins
            {
                "id": "busy",
                "open_hours": [{"days": ["mon"], "start": "12:00", "end": "13:00"}],
                "busy": [{"start_time": "2030-01-07T09:30:00Z", "end_time": "2030-01-07T09:45:00Z"}],
            },
            # outside hours (open for half the slot only) and unreadable: outside_hours wins
            {"id": "outside", "open_hours": [{"days": ["mon"], "start": "09:30", "end": "17:00"}]},
            {"id": "unreadable"},
        ],
    }
    t = 1_894_006_800  # 2030-01-07T09:00:00Z
    holds = {"held": [(t + 3000, t + 3600)]}
    req["participants"][1]["busy"] = [{"start_time": "2030-01-07T09:00:00Z", "end_time": "2030-01-07T09:10:00Z"}]
    unknown = {"held", "busy", "outside", "unreadable"}
    expected = [
        (t, ["free"], [("held", "held"), ("busy", "busy"), ("outside", "outside_hours"), ("unreadable", "unknown")])
    ]
    assert explained(req, NOW.timestamp(), holds, unknown) == expected
    assert engine_explained(req, NOW, holds, unknown) == expected
    assert iso(t) == "2030-01-07T09:00:00Z"


def test_empty_grid_and_no_slots():
    req = {
        "start_time": "2030-01-07T09:00:00Z",
        "end_time": "2030-01-07T09:10:00Z",
        "duration_minutes": 30,
        "participants": [{"id": "a"}],
        "explain": True,
    }
    assert answer(req)["collection"] == []
    query = availability.to_query(availability.parse(json.dumps(req)), NOW)
    assert explain([], query).unavailable([]) == []
