"""Provider webhook bodies, decoded into typed models (docs/PROVIDERS.md, "Webhook payloads").

A verified body becomes a :class:`Delivery`: the provider's event name, every event type it names
and every host it names, each host with every identifier form the provider sends (email, Calendly
user URI, Cal.com user id and username, Nylas grant). A body that cannot be read in full raises
:class:`Unreadable` with a reason that never quotes the body: not JSON, nested deeper than the
parser goes, another shape than the provider documents, or a gzip body (Nylas' compressed
delivery) that does not inflate or inflates past the size cap.

Events that change no one's availability (Calendly no-shows and routing forms, Cal.com meetings and
recordings, Nylas messages, ...) are read only as far as their envelope and name nothing.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import msgspec

GZIP_MAGIC = b"\x1f\x8b"
NESTED = "The JSON body is nested too deeply to be read."


class Unreadable(Exception):
    """A signed body whofree cannot read; ``reason`` says why without quoting it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True, slots=True)
class NamedHost:
    """One host a delivery names, in every form the provider gives."""

    email: str | None = None
    uri: str | None = None  # a Calendly user URI
    user_id: str | None = None  # a Cal.com user id
    username: str | None = None  # a Cal.com username
    grant_id: str | None = None  # a Nylas grant

    def handles(self) -> frozenset[str]:
        return frozenset(v for v in (self.email, self.uri, self.user_id, self.username, self.grant_id) if v)


@dataclass(frozen=True, slots=True)
class Delivery:
    provider: str
    event: str
    event_types: frozenset[str] = frozenset()
    hosts: tuple[NamedHost, ...] = ()

    def handles(self) -> set[str]:
        """Every identifier of every named host, for matching configured hosts and cached host data."""
        return {handle for host in self.hosts for handle in host.handles()}

    @property
    def booking(self) -> bool:
        """Whether the delivery is a new booking of its hosts (the assignment order counts it, API.md
        §3): Calendly ``invitee.created`` (a reschedule is a cancel and a create), Cal.com
        ``BOOKING_CREATED`` and ``BOOKING_RESCHEDULED`` (a new booking)."""
        return self.event in BOOKINGS.get(self.provider, frozenset())


# ------------------------------------------------------------------ Calendly
class _CalendlyEnvelope(msgspec.Struct):
    event: str
    payload: dict


class _CalendlyMembership(msgspec.Struct):
    user: str
    user_email: str | None = None


class _CalendlyScheduledEvent(msgspec.Struct):
    event_type: str
    event_memberships: list[_CalendlyMembership]


class _CalendlyInvitee(msgspec.Struct):
    scheduled_event: _CalendlyScheduledEvent


class _CalendlyEventType(msgspec.Struct):
    uri: str


CALENDLY_INVITEE = frozenset({"invitee.created", "invitee.canceled"})
CALENDLY_EVENT_TYPE = frozenset({"event_type.created", "event_type.updated", "event_type.deleted"})


def _calendly(body: object) -> Delivery:
    envelope = _convert(body, _CalendlyEnvelope)
    if envelope.event in CALENDLY_INVITEE:
        event = _convert(envelope.payload, _CalendlyInvitee, "$.payload").scheduled_event
        hosts = tuple(NamedHost(email=m.user_email, uri=m.user) for m in event.event_memberships)
        return Delivery("calendly", envelope.event, frozenset({event.event_type}), hosts)
    if envelope.event in CALENDLY_EVENT_TYPE:
        event_type = _convert(envelope.payload, _CalendlyEventType, "$.payload")
        return Delivery("calendly", envelope.event, frozenset({event_type.uri}))
    return Delivery("calendly", envelope.event)


# ------------------------------------------------------------------- Cal.com
class _CalcomEnvelope(msgspec.Struct):
    triggerEvent: str
    payload: dict


class _CalcomPerson(msgspec.Struct):
    email: str
    id: int | None = None
    username: str | None = None


class _CalcomTeamMember(msgspec.Struct):
    email: str
    id: int | None = None


class _CalcomTeam(msgspec.Struct):
    members: list[_CalcomTeamMember]


class _CalcomBooking(msgspec.Struct):
    organizer: _CalcomPerson
    eventTypeId: int | None = None
    team: _CalcomTeam | None = None


class _CalcomOOOEntry(msgspec.Struct):
    user: _CalcomPerson


class _CalcomOOO(msgspec.Struct):
    oooEntry: _CalcomOOOEntry


# Its payload is {bookingUid, bookingId, attendees, message}: nobody's busy time changes.
CALCOM_NOT_A_BOOKING = frozenset({"BOOKING_NO_SHOW_UPDATED"})


def _calcom_host(person: _CalcomPerson | _CalcomTeamMember) -> NamedHost:
    return NamedHost(
        email=person.email,
        user_id=None if person.id is None else str(person.id),
        username=getattr(person, "username", None),
    )


def _calcom(body: object) -> Delivery:
    envelope = _convert(body, _CalcomEnvelope)
    trigger = envelope.triggerEvent
    if trigger.startswith("BOOKING_") and trigger not in CALCOM_NOT_A_BOOKING:
        booking = _convert(envelope.payload, _CalcomBooking, "$.payload")
        people = [booking.organizer, *(booking.team.members if booking.team else [])]
        named = frozenset() if booking.eventTypeId is None else frozenset({f"calcom:{booking.eventTypeId}"})
        return Delivery("calcom", trigger, named, tuple(_calcom_host(p) for p in people))
    if trigger.startswith("OOO_"):
        entry = _convert(envelope.payload, _CalcomOOO, "$.payload").oooEntry
        return Delivery("calcom", trigger, hosts=(_calcom_host(entry.user),))
    return Delivery("calcom", trigger)


# --------------------------------------------------------------------- Nylas
class _NylasEnvelope(msgspec.Struct):
    type: str
    data: dict


class _NylasObject(msgspec.Struct):
    grant_id: str


class _NylasData(msgspec.Struct):
    object: _NylasObject


NYLAS_CALENDAR = ("event.", "grant.", "calendar.")


def _nylas(body: object) -> Delivery:
    envelope = _convert(body, _NylasEnvelope)
    if envelope.type.startswith(NYLAS_CALENDAR):
        grant = _convert(envelope.data, _NylasData, "$.data").object.grant_id
        return Delivery("nylas", envelope.type, hosts=(NamedHost(grant_id=grant),))
    return Delivery("nylas", envelope.type)


# -------------------------------------------------------------------- common
BOOKINGS = {
    "calendly": frozenset({"invitee.created"}),
    "calcom": frozenset({"BOOKING_CREATED", "BOOKING_RESCHEDULED"}),
}
READERS = {"calendly": _calendly, "calcom": _calcom, "nylas": _nylas}


def _convert[T](value: object, model: type[T], at: str = "$") -> T:
    try:
        return msgspec.convert(value, model)
    except msgspec.ValidationError as exc:
        raise Unreadable(f"Not a delivery whofree can read: {_where(str(exc), at)}") from None


def _where(message: str, at: str) -> str:
    """msgspec says where within the value it converted (``$``); say where within the body."""
    if at == "$":
        return message
    return message.replace("`$", f"`{at}", 1) if " - at `$" in message else f"{message} - at `{at}`"


def inflate(raw: bytes, cap: int) -> bytes:
    """A gzip body inflated, never past ``cap`` bytes (a gzip bomb stops at the cap)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing only
    try:
        out = inflater.decompress(raw, cap + 1)
    except zlib.error:
        raise Unreadable("The body is not valid gzip.") from None
    if len(out) > cap or inflater.unconsumed_tail:
        raise Unreadable(f"The body inflates past {cap} bytes.")
    if not inflater.eof or inflater.unused_data:
        raise Unreadable("The gzip body is truncated or has trailing bytes.")
    return out


def plain(raw: bytes, encoding: str | None, cap: int) -> bytes:
    """The JSON bytes of a delivery: as sent, or inflated when it is gzip (by header or by its magic)."""
    coding = (encoding or "").strip().lower()
    if coding not in ("", "identity", "gzip", "x-gzip"):
        raise Unreadable(f"Content-Encoding {coding[:20]!r} is not supported (gzip is).")
    if coding in ("gzip", "x-gzip") or raw.startswith(GZIP_MAGIC):
        return inflate(raw, cap)
    return raw


def decode(provider: str, raw: bytes, encoding: str | None, cap: int) -> Delivery:
    """A verified body as a typed delivery, or :class:`Unreadable`."""
    text = plain(raw, encoding, cap)
    try:
        body = msgspec.json.decode(text)
    except RecursionError:
        raise Unreadable(NESTED) from None
    except msgspec.DecodeError as exc:
        raise Unreadable(f"The body is not JSON ({exc}).") from None
    return READERS[provider](body)
