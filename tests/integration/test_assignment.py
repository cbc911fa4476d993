"""Assignment order through the API handler and DynamoDB Local (API.md §3 "Who is assigned next"):
every answer carries it, each slot lists its hosts in it, a hold completes a meeting in it, and the
bookings it counts (deliveries, holds granted) change it, in computed and cached answers alike."""

from __future__ import annotations

import json

from tests.integration.test_configured_event_types import call, put
from tests.integration.test_freshness import calendly_delivery, signed  # noqa: F401 - a fixture
from tests.integration.test_reservations import hold
from tests.integration.test_webhooks import calendly_sign, deliver

DAY = ("2030-03-11T00:00:00Z", "2030-03-12T00:00:00Z")  # a Monday
SLOT = "2030-03-11T15:00:00Z"
ALICE, BEN, CHEN = "alice@example.com", "ben@example.com", "chen@example.com"
ALICE_URI = "https://api.calendly.com/users/alice"  # the user the captured Calendly delivery names
HOURS = [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"}]


def team(host_order: str | None = None, **by_host: dict) -> dict:
    hosts = [
        {"id": h, "timezone": "UTC", "open_hours": HOURS, "busy": [], **by_host.get(h, {})} for h in (ALICE, BEN, CHEN)
    ]
    config = {"name": "Team", "duration_minutes": 30, "timezone": "UTC", "hosts": hosts}
    return config | ({"host_order": host_order} if host_order else {})


def answer(event, context, event_type: str) -> tuple[str, dict]:
    status, headers, body = call(
        event,
        context,
        "GET",
        "/v1/event_type_available_times",
        query={"event_type": event_type, "start_time": DAY[0], "end_time": DAY[1]},
    )
    assert status == 200, body
    return headers["X-Cache"], json.loads(body)


def at_slot(body: dict, start: str = SLOT) -> list[str]:
    return next([h["id"] for h in s["available_hosts"]] for s in body["collection"] if s["start_time"] == start)


def test_listed_is_the_default_and_priority_comes_first(table, event, lambda_context):
    assert put(event, lambda_context, "listed", team())[0] == 201
    _, body = answer(event, lambda_context, "listed")
    assert body["assignment"] == {"rule": "listed", "order": [ALICE, BEN, CHEN]}
    assert at_slot(body) == [ALICE, BEN, CHEN]
    put(event, lambda_context, "listed", team(**{CHEN: {"priority": 4}, ALICE: {"priority": 1}}))
    _, body = answer(event, lambda_context, "listed")
    assert body["assignment"] == {"rule": "listed", "order": [CHEN, BEN, ALICE]}
    assert at_slot(body) == [CHEN, BEN, ALICE]


def test_a_hold_completing_a_meeting_takes_the_first_host_in_order(table, event, lambda_context):
    # Weighted, with Ben at priority 3: Ben first whatever the weights.
    config = team("weighted", **{BEN: {"priority": 3}, CHEN: {"weight": 300}})
    assert put(event, lambda_context, "weighted", config)[0] == 201
    _, body = answer(event, lambda_context, "weighted")
    assert body["assignment"] == {"rule": "weighted", "order": [BEN, ALICE, CHEN]}
    status, made = hold(event, lambda_context, {"event_type": "weighted", "start_time": SLOT})
    assert status == 201, made
    assert made["resource"]["hosts"] == [BEN]


def test_a_granted_hold_moves_its_host_to_the_back_under_least_recently_booked(table, event, lambda_context):
    assert put(event, lambda_context, "lrb", team("least_recently_booked"))[0] == 201
    assert answer(event, lambda_context, "lrb")[1]["assignment"]["order"] == [ALICE, BEN, CHEN]
    assert answer(event, lambda_context, "lrb")[0] == "hit"
    status, made = hold(event, lambda_context, {"event_type": "lrb", "start_time": SLOT})
    assert status == 201
    assert made["resource"]["hosts"] == [ALICE], made
    # The cached answer is not served with the old order: the hold changed Alice's lock version.
    cache, body = answer(event, lambda_context, "lrb")
    assert cache == "miss"
    assert body["assignment"]["order"] == [BEN, CHEN, ALICE]
    assert at_slot(body, "2030-03-11T16:00:00Z") == [BEN, CHEN, ALICE]
    # The next hold, at another slot, takes Ben.
    status, made = hold(event, lambda_context, {"event_type": "lrb", "start_time": "2030-03-11T16:00:00Z"})
    assert status == 201
    assert made["resource"]["hosts"] == [BEN], made


def test_a_booking_delivery_for_a_host_moves_it_to_the_back(table, signed, event, lambda_context):  # noqa: F811
    # The captured invitee.created names Alice by her email (and Calendly user URI), whatever event
    # type it came through: the configured host of that id is booked.
    assert put(event, lambda_context, "booked", team("least_recently_booked"))[0] == 201
    assert answer(event, lambda_context, "booked")[1]["assignment"]["order"] == [ALICE, BEN, CHEN]
    assert answer(event, lambda_context, "booked")[0] == "hit"
    raw = calendly_delivery(event, "2030-03-12T16:00:00Z")
    assert deliver(event, lambda_context, "calendly", raw, calendly_sign(raw))[0] == 204
    cache, body = answer(event, lambda_context, "booked")
    assert cache == "miss"  # the cached answer's order did not count the booking
    assert body["assignment"] == {"rule": "least_recently_booked", "order": [BEN, CHEN, ALICE]}
    assert at_slot(body) == [BEN, CHEN, ALICE]
    # A booking delivered for Ben later puts him behind Alice (least recently booked first).
    bens = json.loads(raw)
    bens["payload"]["scheduled_event"]["event_memberships"] = [
        {"user": "https://api.calendly.com/users/ben", "user_email": BEN, "user_name": "Ben"}
    ]
    raw = json.dumps(bens).encode()
    assert deliver(event, lambda_context, "calendly", raw, calendly_sign(raw))[0] == 204
    assert answer(event, lambda_context, "booked")[1]["assignment"]["order"] == [CHEN, ALICE, BEN]


def test_a_delivery_that_is_no_booking_changes_no_order(table, signed, event, lambda_context):  # noqa: F811
    assert put(event, lambda_context, "canceled", team("least_recently_booked"))[0] == 201
    body = json.loads(calendly_delivery(event, "2030-03-12T16:00:00Z"))
    body["event"] = "invitee.canceled"
    raw = json.dumps(body).encode()
    assert deliver(event, lambda_context, "calendly", raw, calendly_sign(raw))[0] == 204
    assert answer(event, lambda_context, "canceled")[1]["assignment"]["order"] == [ALICE, BEN, CHEN]
