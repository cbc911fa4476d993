"""Freshness (API.md §5): after a signed delivery naming a host, no cached answer of any event type
with that host serves it free where it was booked, and a hold there is 409; a computation in flight
when the delivery lands never stores its answer (or its host data) as current.

Against DynamoDB Local, the webhooks and API handlers, and the fakes in tests/fakes. Each provider's
calendar is made busy in the booked slot when the delivery is sent, as a real booking would.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime

import pytest

from functions.api import app as api
from tests.fakes.calendly import API
from tests.integration.test_configured_event_types import call, put
from tests.integration.test_reservations import hold
from tests.integration.test_webhooks import KEYS, calendly_sign, deliver, hex_sign
from whofree.data import answers, host_data
from whofree.settings import load
from whofree.times import cache
from whofree.times.dispatch import read_request

DAY = ("2030-03-11T00:00:00Z", "2030-03-12T00:00:00Z")  # a Monday
SLOT = "2030-03-11T16:00:00Z"  # Alice (New York, 13:00-21:00 UTC that day) is free here until booked
CALENDLY_TYPE = f"{API}/event_types/AAAAAAAAAAAAAAAA"
ALICE, ALICE_URI = "alice@example.com", f"{API}/users/alice"
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def at(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def configured(host: dict) -> dict:
    """A configured event type of one host, 30 minutes, in New York."""
    return {"name": "One host", "duration_minutes": 30, "timezone": "America/New_York", "hosts": [host]}


def alice_configured() -> dict:
    return configured(
        {
            "id": ALICE,
            "timezone": "America/New_York",
            "open_hours": [{"days": WEEKDAYS, "start": "09:00", "end": "17:00"}],
            "source": {"provider": "calendly", "user": ALICE_URI},
        }
    )


def get(event, context, event_type: str) -> tuple[str, dict[str, list[str]]]:
    """X-Cache and each slot's free hosts, over DAY."""
    status, headers, body = call(
        event,
        context,
        "GET",
        "/v1/event_type_available_times",
        query={"event_type": event_type, "start_time": DAY[0], "end_time": DAY[1]},
    )
    assert status == 200, body
    slots = json.loads(body)["collection"]
    return headers["X-Cache"], {s["start_time"]: [h["id"] for h in s["available_hosts"]] for s in slots}


def cached_with_host_free(event, context, event_types: list[str], host: str, slot: str = SLOT) -> None:
    """Each event type answered twice: computed, then a hit, with ``host`` free in ``slot``."""
    for event_type in event_types:
        assert get(event, context, event_type)[0] == "miss"
        hit, labels = get(event, context, event_type)
        assert hit == "hit"
        assert host in labels[slot], (event_type, labels.get(slot))


def never_free_again(event, context, event_types: list[str], host: str, slot: str = SLOT) -> None:
    """Neither answer (hit or miss) serves ``host`` free in ``slot``, and a hold of it there is 409."""
    for event_type in event_types:
        _, labels = get(event, context, event_type)
        assert host not in labels.get(slot, []), event_type
        status, body = hold(event, context, {"event_type": event_type, "start_time": slot, "host": host})
        assert status == 409, (event_type, body)


def calendly_delivery(event, start: str) -> bytes:
    """Calendly's invitee.created for a meeting with Alice at ``start`` (the captured delivery's shape)."""
    body = json.loads(event("webhook_calendly")["body"])
    scheduled = body["payload"]["scheduled_event"]
    scheduled["start_time"] = start.replace("Z", ".000000Z")
    scheduled["end_time"] = start.replace("16:00:00Z", "16:30:00.000000Z")
    return json.dumps(body).encode()


@pytest.fixture
def signed(settings):
    for name, key in (
        ("WHOFREE_CALENDLY_WEBHOOK_KEY", "calendly"),
        ("WHOFREE_CALCOM_WEBHOOK_SECRET", "calcom"),
        ("WHOFREE_NYLAS_WEBHOOK_SECRET", "nylas"),
    ):
        settings.setenv(name, KEYS[key])


def test_calendly_delivery_makes_alice_stale_in_a_calendly_and_a_configured_event_type(
    table, calendly, signed, event, lambda_context
):
    assert put(event, lambda_context, "alice-sync", alice_configured())[0] == 201
    kinds = [CALENDLY_TYPE, "alice-sync"]
    cached_with_host_free(event, lambda_context, kinds, ALICE)
    # Alice is booked at SLOT through another event type: her calendar is busy there, and Calendly
    # delivers invitee.created naming her (and the event type it was booked through).
    calendly.add_busy(ALICE_URI, at(SLOT), at(SLOT) + 1800)
    body = calendly_delivery(event, SLOT)
    assert deliver(event, lambda_context, "calendly", body, calendly_sign(body))[0] == 204
    never_free_again(event, lambda_context, kinds, ALICE)


@pytest.fixture
def nylas(settings):
    from tests.fakes.nylas import KEY, FakeNylas

    fake = FakeNylas()
    settings.setenv("WHOFREE_NYLAS_BASE_URL", fake.url)
    settings.setenv("WHOFREE_NYLAS_API_KEY", KEY)
    yield fake
    fake.stop()


def test_nylas_delivery_makes_ben_stale_in_two_configured_event_types(table, nylas, signed, event, lambda_context):
    ben = {
        "id": "ben@example.com",
        "timezone": "America/New_York",
        "open_hours": [{"days": WEEKDAYS, "start": "09:00", "end": "17:00"}],
        "source": {"provider": "nylas", "grant_id": "grant-9", "email": "ben@example.com"},
    }
    put(event, lambda_context, "ben-intro", configured(ben))
    put(event, lambda_context, "ben-review", {**configured(ben), "name": "Review"})
    kinds = ["ben-intro", "ben-review"]
    cached_with_host_free(event, lambda_context, kinds, "ben@example.com")
    nylas.busy[("grant-9", "ben@example.com")] = [(at(SLOT), at(SLOT) + 1800)]
    body = json.dumps(
        {
            "specversion": "1.0",
            "type": "event.created",
            "data": {"object": {"grant_id": "grant-9", "calendar_id": "primary", "id": "ev1"}},
        }
    ).encode()
    assert deliver(event, lambda_context, "nylas", body, {"X-Nylas-Signature": hex_sign(KEYS["nylas"], body)})[0] == 204
    never_free_again(event, lambda_context, kinds, "ben@example.com")


@pytest.fixture
def calcom(settings):
    from tests.fakes.calcom import KEY, FakeCalcom

    fake = FakeCalcom()
    hosts = [{"userId": 201, "name": "Ines", "username": "ines"}, {"userId": 202, "name": "Jon", "username": "jon"}]
    fake.add_event_type(77, hosts, teamId=12, slotInterval=30, rrHostSubsetEnabled=True)
    day = at(DAY[0])
    fake.free = {201: {day + h * 1800 for h in range(18, 26)}, 202: {day + h * 1800 for h in range(18, 26)}}
    settings.setenv("WHOFREE_CALCOM_BASE_URL", fake.serve())
    settings.setenv("WHOFREE_CALCOM_API_KEY", KEY)
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.01")
    yield fake
    fake.stop()


def test_calcom_delivery_makes_ines_stale_in_a_calcom_and_a_configured_event_type(
    table, calcom, nylas, signed, event, lambda_context
):
    """Ines is a host of the Cal.com event type (called by her username, as Cal.com gives no email)
    and of a configured one (the same id) whose calendar is her Nylas grant."""
    ines = {
        "id": "ines",
        "timezone": "UTC",
        "open_hours": [{"days": WEEKDAYS, "start": "09:00", "end": "17:00"}],
        "source": {"provider": "nylas", "grant_id": "grant-ines", "email": "ines@example.com"},
    }
    put(event, lambda_context, "ines-sync", {**configured(ines), "timezone": "UTC"})
    kinds = ["calcom:77", "ines-sync"]
    slot = "2030-03-11T10:00:00Z"  # Ines: Cal.com offers her 09:00-12:30 UTC
    cached_with_host_free(event, lambda_context, kinds, "ines", slot)
    booked = at(slot)
    calcom.free[201].discard(booked)
    nylas.busy[("grant-ines", "ines@example.com")] = [(booked, booked + 1800)]
    body = json.dumps(
        {
            "triggerEvent": "BOOKING_CREATED",
            "createdAt": "2030-03-08T10:00:00Z",
            "payload": {
                "eventTypeId": 78,  # booked through another event type
                "startTime": "2030-03-11T10:00:00Z",
                "endTime": "2030-03-11T10:30:00Z",
                "organizer": {"id": 201, "username": "ines", "email": "ines@example.com", "name": "Ines"},
            },
        }
    ).encode()
    signature = {"X-Cal-Signature-256": hex_sign(KEYS["calcom"], body)}
    assert deliver(event, lambda_context, "calcom", body, signature)[0] == 204
    never_free_again(event, lambda_context, kinds, "ines", slot)


class Gate:
    """Holds the fake's answer to one busy-time read until released: the answer is made before the
    booking, and reaches whofree after the delivery (a slow provider)."""

    def __init__(self) -> None:
        self.reached = threading.Barrier(2, timeout=30)
        self.released = threading.Barrier(2, timeout=30)
        self.armed = True

    def wrap(self, route):
        def slow(path: str, query: dict):
            answer = route(path, query)
            if path == "/user_busy_times" and query.get("user") == ALICE_URI and self.armed:
                self.armed = False
                self.reached.wait()
                self.released.wait()
            return answer

        return slow


@pytest.mark.parametrize("known", [True, False], ids=["hosts known", "hosts first seen"])
@pytest.mark.parametrize("event_type", ["alice-sync", CALENDLY_TYPE], ids=["configured", "calendly"])
def test_a_delivery_landing_while_an_answer_is_computed_is_never_lost(
    table, calendly, signed, event, lambda_context, event_type, known
):
    """Hosts known: an answer of another week (another host data window) was cached first, so the
    computation reads Alice's version before it starts and only the store's condition refuses it.
    Hosts first seen: the function knows no answer of the event type, so Alice's version is read
    after the computation, and the answer is refused because she was bumped since it began."""
    assert put(event, lambda_context, "alice-sync", alice_configured())[0] == 201
    api.RUNTIME.caches.answer_hosts.clear()
    if known:
        call(
            event,
            lambda_context,
            "GET",
            "/v1/event_type_available_times",
            query={"event_type": event_type, "start_time": "2030-03-20T00:00:00Z", "end_time": "2030-03-21T00:00:00Z"},
        )
        assert ALICE in api.RUNTIME.caches.answer_hosts[f"default|{event_type}"]
    gate = Gate()
    calendly._route = gate.wrap(calendly._route)
    outcome: dict = {}

    def slow_get() -> None:
        outcome["first"] = get(event, lambda_context, event_type)

    computing = threading.Thread(target=slow_get)
    computing.start()
    gate.reached.wait()  # the provider has answered Alice's busy time as it was before the booking
    calendly.add_busy(ALICE_URI, at(SLOT), at(SLOT) + 1800)
    body = calendly_delivery(event, SLOT)
    assert deliver(event, lambda_context, "calendly", body, calendly_sign(body))[0] == 204
    gate.released.wait()  # the old answer reaches whofree after the delivery
    computing.join(30)
    assert outcome["first"][0] == "miss"
    assert ALICE in outcome["first"][1][SLOT]  # it was computed from the calendar before the booking...
    # ...and stored as current neither as the answer nor as Alice's busy time:
    request = read_request({"event_type": event_type, "start_time": DAY[0], "end_time": DAY[1]})
    stored = answers.get(table, event_type, cache.variant(request))
    assert stored is None or not (stored.start <= at(DAY[0]) and at(DAY[1]) <= stored.end)
    reader = host_data.for_table(table, load())
    windows = [w for w in range(at(DAY[0]) // 604_800 * 604_800, at(DAY[1]), 604_800)]
    assert all(reader.get_busy("calendly", ALICE_URI, w, at(DAY[1])) is None for w in windows)
    never_free_again(event, lambda_context, [event_type], ALICE)


def test_a_put_makes_answers_of_the_old_definition_stale(table, calendly, event, lambda_context):
    assert put(event, lambda_context, "alice-sync", alice_configured())[0] == 201
    cached_with_host_free(event, lambda_context, ["alice-sync"], ALICE)
    later = alice_configured()
    later["hosts"][0]["open_hours"] = [{"days": WEEKDAYS, "start": "09:00", "end": "10:00"}]  # 13:00-14:00 UTC
    assert put(event, lambda_context, "alice-sync", later)[0] == 200
    hit, labels = get(event, lambda_context, "alice-sync")
    assert hit == "miss"
    assert SLOT not in labels


def test_free_busy_after_a_delivery_reads_the_calendar_again(table, calendly, signed, event, lambda_context):
    """POST /v1/free_busy shares the host data cache: after a delivery naming Alice, her busy time is
    read from Calendly again, not served from what was cached before the booking."""
    body = {
        "start_time": DAY[0],
        "end_time": DAY[1],
        "participants": [{"id": "alice", "source": {"provider": "calendly", "user": ALICE_URI}}],
    }

    def busy() -> list[dict]:
        status, _, text = call(event, lambda_context, "POST", "/v1/free_busy", body)
        assert status == 200, text
        return json.loads(text)["collection"][0]["busy"]

    before = busy()
    fetched = len(calendly.calls("/user_busy_times"))
    assert busy() == before
    assert len(calendly.calls("/user_busy_times")) == fetched  # the second read came from the host cache
    calendly.add_busy(ALICE_URI, at(SLOT), at(SLOT) + 1800)
    delivery = calendly_delivery(event, SLOT)
    assert deliver(event, lambda_context, "calendly", delivery, calendly_sign(delivery))[0] == 204
    assert {"start_time": SLOT, "end_time": "2030-03-11T16:30:00Z"} in busy()
