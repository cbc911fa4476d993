"""Webhook bodies as typed deliveries (whofree.deliveries): every host and event type a real payload
names, in every identifier form, and every body that cannot be read refused with its reason."""

from __future__ import annotations

import gzip

import pytest

from tests.fakes import webhooks as fake
from whofree import deliveries
from whofree.deliveries import Delivery, NamedHost, Unreadable

CAP = 1_000_000
TYPE = "https://api.calendly.com/event_types/AAAA"


def read(provider: str, message: dict | bytes, encoding: str | None = None) -> Delivery:
    raw = message if isinstance(message, bytes) else fake.encode(message)
    return deliveries.decode(provider, raw, encoding, CAP)


# ------------------------------------------------------------------ Calendly
@pytest.mark.parametrize("event", ["invitee.created", "invitee.canceled"])
def test_a_calendly_invitee_delivery_names_every_member_and_the_event_type(event):
    members = [
        fake.calendly_member("alice", "alice@example.com", "Alice"),
        fake.calendly_member("bashir", "bashir@example.com", "Bashir"),
    ]
    delivery = read("calendly", fake.calendly_invitee(TYPE, members, event))
    assert delivery.event == event
    assert delivery.event_types == {TYPE}
    assert delivery.hosts == (
        NamedHost(email="alice@example.com", uri="https://api.calendly.com/users/alice"),
        NamedHost(email="bashir@example.com", uri="https://api.calendly.com/users/bashir"),
    )
    assert delivery.handles() == {
        "alice@example.com",
        "https://api.calendly.com/users/alice",
        "bashir@example.com",
        "https://api.calendly.com/users/bashir",
    }


@pytest.mark.parametrize("event", ["event_type.created", "event_type.updated", "event_type.deleted"])
def test_a_calendly_event_type_delivery_names_that_event_type(event):
    delivery = read("calendly", fake.calendly_event_type(TYPE, event))
    assert (delivery.event_types, delivery.hosts) == ({TYPE}, ())


@pytest.mark.parametrize(
    "event", ["invitee_no_show.created", "invitee_no_show.deleted", "routing_form_submission.created"]
)
def test_calendly_deliveries_that_change_no_availability_name_nothing(event):
    delivery = read("calendly", fake.calendly_other(event))
    assert (delivery.event, delivery.event_types, delivery.hosts) == (event, frozenset(), ())


def _without(message: dict, *path: str) -> dict:
    node = message
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return message


CALENDLY_MALFORMED = {
    "no event": lambda m: _without(m, "event"),
    "no payload": lambda m: _without(m, "payload"),
    "no scheduled event": lambda m: _without(m, "payload", "scheduled_event"),
    "no memberships": lambda m: _without(m, "payload", "scheduled_event", "event_memberships"),
    "no event type": lambda m: _without(m, "payload", "scheduled_event", "event_type"),
    "a membership without its user": lambda m: (m["payload"]["scheduled_event"]["event_memberships"][0].pop("user"), m)[
        1
    ],
    "a string for the memberships": lambda m: (m["payload"]["scheduled_event"].update(event_memberships="x"), m)[1],
    "a number for a user": lambda m: (m["payload"]["scheduled_event"]["event_memberships"][0].update(user=7), m)[1],
}


@pytest.mark.parametrize("change", CALENDLY_MALFORMED)
def test_a_calendly_invitee_delivery_of_another_shape_is_unreadable(change):
    message = fake.calendly_invitee(TYPE, [fake.calendly_member("alice", "alice@example.com", "Alice")])
    with pytest.raises(Unreadable) as caught:
        read("calendly", CALENDLY_MALFORMED[change](message))
    assert "alice" not in caught.value.reason  # the reason names the field, never a value


def test_a_calendly_event_type_delivery_without_its_uri_is_unreadable():
    with pytest.raises(Unreadable, match=r"\$\.payload"):
        read("calendly", _without(fake.calendly_event_type(TYPE), "payload", "uri"))


# ------------------------------------------------------------------- Cal.com
ORGANIZER = fake.calcom_person(7, "olga@example.com", "olga")
MEMBERS = [fake.calcom_person(8, "max@example.com"), fake.calcom_person(9, "nia@example.com")]


@pytest.mark.parametrize(
    "trigger",
    ["BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED", "BOOKING_REQUESTED", "BOOKING_REJECTED"],
)
def test_a_calcom_booking_names_the_organizer_every_team_member_and_the_event_type(trigger):
    delivery = read("calcom", fake.calcom_booking(42, ORGANIZER, MEMBERS, trigger))
    assert delivery.event_types == {"calcom:42"}
    assert delivery.hosts == (
        NamedHost(email="olga@example.com", user_id="7", username="olga"),
        NamedHost(email="max@example.com", user_id="8"),
        NamedHost(email="nia@example.com", user_id="9"),
    )
    assert {"7", "olga", "olga@example.com", "8", "9"} <= delivery.handles()


def test_a_calcom_booking_without_a_team_or_an_event_type_names_its_organizer():
    delivery = read("calcom", fake.calcom_booking(None, ORGANIZER))
    assert (delivery.event_types, delivery.hosts) == (frozenset(), (NamedHost("olga@example.com", None, "7", "olga"),))


def test_a_calcom_out_of_office_entry_names_its_user():
    delivery = read("calcom", fake.calcom_ooo(ORGANIZER))
    assert (delivery.event, delivery.event_types) == ("OOO_CREATED", frozenset())
    assert delivery.hosts == (NamedHost(email="olga@example.com", user_id="7", username="olga"),)


@pytest.mark.parametrize("trigger", ["BOOKING_NO_SHOW_UPDATED", "MEETING_ENDED", "RECORDING_READY", "PING"])
def test_calcom_deliveries_that_change_no_availability_name_nothing(trigger):
    message = {"triggerEvent": trigger, "createdAt": "2030-03-08T10:00:00Z", "payload": {"bookingUid": "x"}}
    assert read("calcom", message).hosts == ()


CALCOM_MALFORMED = {
    "no organizer": lambda m: _without(m, "payload", "organizer"),
    "an organizer without an email": lambda m: _without(m, "payload", "organizer", "email"),
    "a string id": lambda m: (m["payload"]["organizer"].update(id="7"), m)[1],
    "a team without members": lambda m: _without(m, "payload", "team", "members"),
    "a member without an email": lambda m: (m["payload"]["team"]["members"][0].pop("email"), m)[1],
    "a string event type id": lambda m: (m["payload"].update(eventTypeId="42"), m)[1],
    "no trigger": lambda m: _without(m, "triggerEvent"),
    "a list for the payload": lambda m: (m.update(payload=[]), m)[1],
}


@pytest.mark.parametrize("change", CALCOM_MALFORMED)
def test_a_calcom_booking_of_another_shape_is_unreadable(change):
    with pytest.raises(Unreadable):
        read("calcom", CALCOM_MALFORMED[change](fake.calcom_booking(42, dict(ORGANIZER), [dict(m) for m in MEMBERS])))


def test_a_calcom_out_of_office_entry_without_its_user_is_unreadable():
    with pytest.raises(Unreadable, match=r"\$\.payload"):
        read("calcom", _without(fake.calcom_ooo(ORGANIZER), "payload", "oooEntry", "user"))


# --------------------------------------------------------------------- Nylas
@pytest.mark.parametrize(
    "message",
    [
        fake.nylas_notification("grant-9", "event.created"),
        fake.nylas_notification("grant-9", "event.deleted"),
        fake.nylas_notification("grant-9", "event.updated.truncated"),
        fake.nylas_grant("grant-9"),
    ],
    ids=["event.created", "event.deleted", "event.updated.truncated", "grant.expired"],
)
def test_a_nylas_calendar_notification_names_its_grant(message):
    assert read("nylas", message).hosts == (NamedHost(grant_id="grant-9"),)


def test_a_nylas_message_notification_names_nothing():
    assert read("nylas", {"type": "message.created", "data": {"object": {"id": "m"}}}).hosts == ()


def test_a_nylas_event_notification_without_its_grant_is_unreadable():
    with pytest.raises(Unreadable, match=r"\$\.data\.object"):
        read("nylas", _without(fake.nylas_notification("grant-9"), "data", "object", "grant_id"))


def test_a_compressed_nylas_delivery_is_inflated_by_its_header_or_by_its_magic():
    raw = fake.compressed(fake.encode(fake.nylas_notification("grant-9")))
    assert read("nylas", raw, "gzip").hosts == (NamedHost(grant_id="grant-9"),)
    assert read("nylas", raw, " GZIP ").hosts == (NamedHost(grant_id="grant-9"),)
    assert read("nylas", raw, None).hosts == (NamedHost(grant_id="grant-9"),)


# -------------------------------------------------------------- unreadable
@pytest.mark.parametrize(
    ("raw", "encoding", "reason"),
    [
        (b"", None, "not JSON"),
        (b"not json", None, "not JSON"),
        (b'{"type": "event.created", "data": ', None, "not JSON"),
        (b"[1, 2]", None, "Expected `object`"),
        (b'"text"', None, "Expected `object`"),
        (b'{"type": 7, "data": {}}', None, "Expected `str`"),
        (b"\x1f\x8b\x08\x00garbage", None, "gzip"),
        (b'{"type": "event.created"}', "gzip", "not valid gzip"),
        (gzip.compress(b'{"type": "x", "data": {}}')[:-6], "gzip", "truncated"),
        (gzip.compress(b'{"type": "x", "data": {}}') + b"tail", "gzip", "trailing"),
        (b'{"type": "x", "data": {}}', "br", "not supported"),
        (b"[" * 100_000 + b"]" * 100_000, None, "nested too deeply"),
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, None, "nested too deeply"),
    ],
    ids=[
        "empty",
        "not json",
        "truncated json",
        "a list",
        "a string",
        "a number for the type",
        "bad gzip",
        "json said to be gzip",
        "truncated gzip",
        "gzip with a tail",
        "brotli",
        "nested arrays",
        "nested objects",
    ],
)
def test_bodies_that_cannot_be_read(raw, encoding, reason):
    with pytest.raises(Unreadable, match=reason):
        deliveries.decode("nylas", raw, encoding, CAP)


def test_a_gzip_bomb_stops_at_the_cap_and_never_inflates_further():
    bomb = gzip.compress(b"{" + b" " * 50_000_000 + b"}", compresslevel=9)
    assert len(bomb) < 100_000
    with pytest.raises(Unreadable, match="inflates past 1000 bytes"):
        deliveries.inflate(bomb, 1000)


def test_a_body_exactly_at_the_cap_inflates():
    body = fake.encode(fake.nylas_notification("grant-9"))
    assert deliveries.inflate(gzip.compress(body), len(body)) == body
    with pytest.raises(Unreadable):
        deliveries.inflate(gzip.compress(body), len(body) - 1)


def test_the_reason_never_quotes_the_body():
    secret = b'{"type": "event.created", "data": {"object": {"grant_id": 12345678}}, "note": "private"}'
    with pytest.raises(Unreadable) as caught:
        deliveries.decode("nylas", secret, None, CAP)
    assert (
        caught.value.reason
        == "Not a delivery whofree can read: Expected `str`, got `int` - at `$.data.object.grant_id`"
    )
