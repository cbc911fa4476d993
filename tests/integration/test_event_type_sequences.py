"""GET /v1/event_type_sequences (API.md §2b over event types) through the API handler: configured event
types on DynamoDB Local, and the demo Calendly event type on the fake Calendly, joined with a configured one.

Each answer is checked against a plain join written here: each event type's own answer from
GET /v1/event_type_available_times, then per first start and order every gap tried in turn.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from itertools import permutations, product

import pytest

from tests.fakes import calendly_demo
from tests.integration.test_configured_event_types import call, put

CALENDLY_TYPE = f"https://api.calendly.com/event_types/{calendly_demo.EVENT_TYPE_UUID}"
START, END = "2030-03-11T12:00:00Z", "2030-03-11T20:00:00Z"


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sequences(event, context, **query) -> tuple[int, dict]:
    status, _, body = call(event, context, "GET", "/v1/event_type_sequences", query=query)
    return status, json.loads(body)


def every_page(event, context, **query) -> tuple[list[dict], dict]:
    out = []
    while True:
        status, page = sequences(event, context, **query)
        assert status == 200, page
        out += page["collection"]
        token = page["pagination"]["next_page_token"]
        if token is None:
            return out, page
        assert page["pagination"]["next_page"].startswith("http")
        query["page_token"] = token


def slots_of(event, context, event_type: str) -> tuple[dict[int, list[dict]], int]:
    """An event type's own answer: start -> available_hosts, and its duration in seconds."""
    query = {"event_type": event_type, "start_time": START, "end_time": END}
    status, _, body = call(event, context, "GET", "/v1/event_type_available_times", query=query)
    assert status == 200, body
    collection = json.loads(body)["collection"]
    assert collection
    duration = epoch(collection[0]["end_time"]) - epoch(collection[0]["start_time"])
    return {epoch(s["start_time"]): s["available_hosts"] for s in collection}, duration


def joined(event, context, event_types: list[str], order: str, low: int, high: int) -> list[dict]:
    """§2b read plainly over the event types' own answers."""
    answers = [slots_of(event, context, e) for e in event_types]
    orders = [tuple(range(len(event_types)))]
    if order == "any":
        orders = list(permutations(range(len(event_types))))
    gaps = range(low * 60, high * 60 + 1, 300)
    firsts = sorted({t for slots, _ in answers for t in slots})
    out = []
    for first in firsts:
        for each in orders:
            for chosen in product(gaps, repeat=len(each) - 1):
                t, meetings = first, []
                for k, m in enumerate(each):
                    t += chosen[k - 1] if k else 0
                    slots, duration = answers[m]
                    if t not in slots:
                        break
                    meetings.append(
                        {
                            "id": event_types[m],
                            "start_time": iso(t),
                            "end_time": iso(t + duration),
                            "available_hosts": slots[t],
                        }
                    )
                    t += duration
                else:
                    out.append({"start_time": iso(first), "end_time": iso(t), "meetings": meetings})
                    break
    return out


def interview() -> dict:
    return {
        "name": "Interview",
        "duration_minutes": 45,
        "interval_minutes": 15,
        "timezone": "UTC",
        "hosts": [
            {
                "id": "ana@example.com",
                "open_hours": [{"days": ["mon"], "start": "13:00", "end": "17:00"}],
                "busy": [{"start_time": "2030-03-11T14:00:00Z", "end_time": "2030-03-11T14:30:00Z"}],
            },
            {"id": "ben@example.com", "open_hours": [{"days": ["mon"], "start": "15:00", "end": "18:00"}]},
        ],
    }


def debrief() -> dict:
    return {
        "name": "Debrief",
        "duration_minutes": 30,
        "interval_minutes": 30,
        "timezone": "UTC",
        "buffer_before_minutes": 10,
        "hosts": [
            {
                "id": "chen@example.com",
                "open_hours": [{"days": ["mon"], "start": "14:00", "end": "18:00"}],
                "busy": [{"start_time": "2030-03-11T16:00:00Z", "end_time": "2030-03-11T16:30:00Z"}],
            },
            # Ana again: a participant shared by both meetings.
            {"id": "ana@example.com", "open_hours": [{"days": ["mon"], "start": "16:00", "end": "17:00"}]},
        ],
    }


@pytest.mark.parametrize(("order", "low", "high"), [("fixed", 0, 0), ("fixed", 0, 30), ("any", 5, 45)])
def test_configured_event_types_joined_by_time(table, event, lambda_context, order, low, high):
    put(event, lambda_context, "interview", interview())
    put(event, lambda_context, "debrief", debrief())
    query = {
        "event_types": "interview,debrief",
        "start_time": START,
        "end_time": END,
        "order": order,
        "gap_min_minutes": str(low),
        "gap_max_minutes": str(high),
    }
    got, last = every_page(event, lambda_context, **query)
    assert got == joined(event, lambda_context, ["interview", "debrief"], order, low, high)
    assert got
    assert "warnings" not in last
    # Paging: two at a time gives the same sequences.
    assert every_page(event, lambda_context, **query, count="2")[0] == got


def test_hand_checked_fixed_sequence(table, event, lambda_context):
    put(event, lambda_context, "interview", interview())
    put(event, lambda_context, "debrief", debrief())
    got, _ = every_page(
        event,
        lambda_context,
        event_types="interview,debrief",
        start_time=START,
        end_time=END,
        gap_min_minutes="0",
        gap_max_minutes="30",
    )
    first = got[0]
    # 13:00 interview (Ana; Ben opens at 15:00): the debrief at 14:00 at the earliest (a 15-minute gap):
    # Chen opens at 14:00 and his 10-minute buffer before lies outside his busy time.
    assert [(m["id"], m["start_time"]) for m in first["meetings"]] == [
        ("interview", "2030-03-11T13:00:00Z"),
        ("debrief", "2030-03-11T14:00:00Z"),
    ]
    assert [h["id"] for h in first["meetings"][0]["available_hosts"]] == ["ana@example.com"]
    assert [h["id"] for h in first["meetings"][1]["available_hosts"]] == ["chen@example.com"]
    starts = [item["start_time"] for item in got]
    # 13:15-14:00 touches Ana's busy block at 14:00 (half-open): offered, the debrief right after it.
    assert [m["start_time"] for m in got[1]["meetings"]] == ["2030-03-11T13:15:00Z", "2030-03-11T14:00:00Z"]
    # 13:30 and 13:45 are not: the interview would overlap it.
    assert starts[2] == "2030-03-11T14:30:00Z"


def test_calendly_and_configured_with_warnings_carried(table, calendly, event, lambda_context):
    put(event, lambda_context, "debrief", debrief())
    calendly.fail("/user_busy_times", "500", user="https://api.calendly.com/users/chiyo", always=True)
    query = {
        "event_types": f"{CALENDLY_TYPE},debrief",
        "start_time": START,
        "end_time": END,
        "order": "any",
        "gap_max_minutes": "30",
    }
    got, last = every_page(event, lambda_context, **query)
    assert got == joined(event, lambda_context, [CALENDLY_TYPE, "debrief"], "any", 0, 30)
    assert got
    assert {m["id"] for item in got for m in item["meetings"]} == {CALENDLY_TYPE, "debrief"}
    calendly_hosts = {
        h["id"] for item in got for m in item["meetings"] if m["id"] == CALENDLY_TYPE for h in m["available_hosts"]
    }
    assert "chiyo@example.com" not in calendly_hosts  # her calendar could not be read: never free
    assert [w["participant"] for w in last["warnings"]] == ["chiyo@example.com"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"event_types": "interview"}, "event_types"),
        ({"event_types": ",".join(f"e{k}" for k in range(9))}, "event_types"),
        ({"event_types": "interview,interview"}, "event_types"),
        ({"event_types": "a,b,c,d,e,f", "order": "any"}, "event_types"),
        ({"gap_min_minutes": "7"}, "gap_min_minutes"),
        ({"gap_min_minutes": "20", "gap_max_minutes": "10"}, "gap_max_minutes"),
        ({"order": "sometimes"}, "order"),
        ({"page_token": "nonsense"}, "page_token"),
    ],
)
def test_bad_queries_are_400_naming_the_parameter(table, event, lambda_context, query, parameter):
    put(event, lambda_context, "interview", interview())
    put(event, lambda_context, "debrief", debrief())
    full = {"event_types": "interview,debrief", "start_time": START, "end_time": END, **query}
    status, body = sequences(event, lambda_context, **full)
    assert status == 400, body
    assert parameter in [d["parameter"] for d in body["details"]]


def test_a_token_from_another_request_is_a_400(table, event, lambda_context):
    put(event, lambda_context, "interview", interview())
    put(event, lambda_context, "debrief", debrief())
    base = {"event_types": "interview,debrief", "start_time": START, "end_time": END, "count": "1"}
    status, page = sequences(event, lambda_context, **base)
    assert status == 200
    token = page["pagination"]["next_page_token"]
    status, body = sequences(event, lambda_context, **base, gap_max_minutes="5", page_token=token)
    assert status == 400
    assert [d["parameter"] for d in body["details"]] == ["page_token"]


def test_an_unknown_event_type_is_a_404(table, event, lambda_context):
    put(event, lambda_context, "interview", interview())
    query = {"event_types": "interview,nope", "start_time": START, "end_time": END}
    status, _ = sequences(event, lambda_context, **query)
    assert status == 404
