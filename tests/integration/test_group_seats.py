"""Group event types (API.md §3 "Group event types"), through the API handler against the fake
Calendly and the faithful fake Cal.com on loopback: a host in that event type's own meeting is free in
its slot while seats remain; any other busy time, the same meeting outside its slot included, still
makes the host busy."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from tests.fakes.calendly import TOKEN, FakeCalendly
from tests.integration.test_calcom_end_to_end import calcom, get  # noqa: F401 - a fixture
from tests.integration.test_configured_event_types import call

DAY = ("2030-03-11T00:00:00Z", "2030-03-12T00:00:00Z")  # a Monday
HOURS = [{"type": "wday", "wday": "monday", "intervals": [{"from": "09:00", "to": "17:00"}]}]
GINA, HAL = "gina@example.com", "hal@example.com"


def at(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


@pytest.fixture
def group(settings):
    fake = FakeCalendly(page_size=100)
    event_type = fake.add_event_type("GROUPSESSION0001", 60, pooling=None, kind="group")
    other = fake.add_event_type("ONEONONE00000001", 60)
    gina = fake.add_host(event_type, "gina", "Gina", GINA, "UTC", HOURS)
    hal = fake.add_host(event_type, "hal", "Hal", HAL, "UTC", HOURS)
    starts = ["10:00", "10:30", "11:00", "12:00", "13:00", "15:00"]
    fake.available[event_type] = [at(f"2030-03-11T{t}:00Z") for t in starts]
    # Gina and Hal host the 10:00 session: 2 of 5 seats taken. The 15:00 session is full (not offered).
    ten, fifteen = at("2030-03-11T10:00:00Z"), at("2030-03-11T15:00:00Z")
    fake.add_group_meeting("SESSION10", event_type, [gina, hal], ten, ten + 3600, invitees=2, seats=5)
    fake.add_group_meeting("SESSION15", event_type, [gina], fifteen, fifteen + 3600, invitees=5, seats=5)
    # Unrelated: Hal's meeting of another event type at 12:00, Gina's external meeting at 13:00.
    noon = at("2030-03-11T12:00:00Z")
    fake.add_group_meeting("OTHER12", other, [hal], noon, noon + 3600, invitees=1, seats=1)
    fake.add_busy(gina, at("2030-03-11T13:00:00Z"), at("2030-03-11T14:00:00Z"))
    settings.setenv("WHOFREE_CALENDLY_BASE_URL", fake.start())
    settings.setenv("WHOFREE_CALENDLY_TOKEN", TOKEN)
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.01")
    yield fake, event_type
    fake.stop()


def answer(event, context, event_type: str, **query) -> dict:
    params = {"event_type": event_type, "start_time": DAY[0], "end_time": DAY[1], **query}
    status, _, body = call(event, context, "GET", "/v1/event_type_available_times", query=params)
    assert status == 200, body
    return json.loads(body)


def test_a_host_in_the_same_group_meeting_is_free_while_seats_remain(table, group, event, lambda_context):
    _, event_type = group
    body = answer(event, lambda_context, event_type)
    assert "warnings" not in body
    slots = {s["start_time"][11:16]: s for s in body["collection"]}
    labels = {t: [h["id"] for h in s["available_hosts"]] for t, s in slots.items()}
    assert labels == {
        "10:00": [GINA, HAL],  # their own session, 3 seats left
        "10:30": [],  # the same session, outside its own slot: busy
        "11:00": [GINA, HAL],
        "12:00": [GINA],  # Hal's meeting of another event type: busy
        "13:00": [HAL],  # Gina's external meeting: busy
    }
    assert slots["10:00"]["invitees_remaining"] == 3


def test_explain_says_why_the_seated_hosts_are_busy_elsewhere(table, group, event, lambda_context):
    _, event_type = group
    body = answer(event, lambda_context, event_type, explain="true")
    why = {s["start_time"][11:16]: s["unavailable"] for s in body["collection"]}
    assert why["10:00"] == []
    assert why["10:30"] == [{"id": GINA, "reason": "busy"}, {"id": HAL, "reason": "busy"}]
    assert why["12:00"] == [{"id": HAL, "reason": "busy"}]


def test_a_solo_event_type_counts_every_meeting(table, group, event, lambda_context):
    fake, event_type = group
    fake.event_types["GROUPSESSION0001"]["kind"] = "solo"  # the same data, not a group: busy at 10:00
    body = answer(event, lambda_context, event_type)
    labels = {s["start_time"][11:16]: [h["id"] for h in s["available_hosts"]] for s in body["collection"]}
    assert labels["10:00"] == []
    assert labels["11:00"] == [GINA, HAL]


def test_a_calcom_seated_slot_keeps_its_hosts_while_seats_remain(table, calcom, event, lambda_context):  # noqa: F811
    # Cal.com's own per-host answers keep a seated booking's slot for its hosts while seats remain
    # (checkForConflicts.ts); whofree labels them from those answers, with Cal.com's seats left.
    calcom.event_types[77] |= {"rrHostSubsetEnabled": True, "seatsPerTimeSlot": 4}
    eleven, noon = at("2030-03-11T11:00:00Z"), at("2030-03-11T12:00:00Z")
    calcom.free[202] -= {eleven, noon}  # Jon is in both sessions: busy by his calendar
    calcom.free[201] -= {noon}
    calcom.seated[77] = {
        eleven: {"uid": "booking-11", "attendees": 1, "users": [202]},
        noon: {"uid": "booking-12", "attendees": 4, "users": [202]},  # full
    }
    status, body = get(event, lambda_context)
    assert status == 200, body
    slots = {s["start_time"]: s for s in body["collection"]}
    assert [h["id"] for h in slots["2030-03-11T11:00:00Z"]["available_hosts"]] == ["ines", "jon"]
    assert slots["2030-03-11T11:00:00Z"]["invitees_remaining"] == 3
    assert slots["2030-03-11T10:00:00Z"]["invitees_remaining"] == 4
    assert "2030-03-11T12:00:00Z" not in slots  # the full session: Cal.com does not offer it
