"""Webhook deliveries as the providers send them, signed as they sign them (docs/PROVIDERS.md, "Webhook payloads").

- Calendly (developer.calendly.com webhook payloads; providers.md §1.5): ``{"event", "created_at",
  "created_by", "payload"}``; an invitee delivery embeds ``payload.scheduled_event`` with
  ``event_type`` and ``event_memberships[]`` (``user``, ``user_email``, ``user_name``), one per host
  (collective and round robin bookings list every host they booked). ``event_type.*`` deliveries
  (release note 2026-10-23) carry the event type resource. Signed ``t=<unix>,v1=<hex HMAC of "t.body">``.
- Cal.com (calcom/cal.com ``packages/features/webhooks/lib/factory/versioned/v2021-10-20/
  BookingPayloadBuilder.ts``; ``packages/types/Calendar.d.ts``; ``packages/features/webhooks/lib/dto/
  types.ts``): ``{"triggerEvent", "createdAt", "payload"}``; a booking payload spreads the
  CalendarEvent: ``eventTypeId``, ``organizer`` (``id``, ``name``, ``email``, ``username``, ``timeZone``,
  ``language``, ``utcOffset``), ``attendees``, and for team bookings ``team`` ``{name, members[], id}``
  whose members (``id``, ``name``, ``email``, ``timeZone``) are the other hosts; ``OOO_CREATED``
  carries ``oooEntry`` with ``user`` ``{id, name, username, timeZone, email}``. Signed with
  ``X-Cal-Signature-256`` (hex HMAC of the body).
- Nylas (developer.nylas.com notification schemas; changelog 2026-04-16; "Verify webhook signatures"
  recipe): a CloudEvents envelope ``{"specversion", "type", "source", "id", "time", "data":
  {"application_id", "object": {..., "grant_id"}}}``; with ``compressed_delivery`` the JSON is
  gzip-compressed and sent with ``Content-Encoding: gzip``; ``X-Nylas-Signature`` is the hex HMAC of
  the exact bytes sent (the compressed ones, when compressed).
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import time

CALENDLY = "https://api.calendly.com"


# ------------------------------------------------------------------ Calendly
def calendly_member(uuid: str, email: str, name: str) -> dict:
    return {"user": f"{CALENDLY}/users/{uuid}", "user_email": email, "user_name": name}


def calendly_invitee(event_type: str, members: list[dict], event: str = "invitee.created") -> dict:
    return {
        "event": event,
        "created_at": "2030-03-08T10:00:00.000000Z",
        "created_by": members[0]["user"] if members else f"{CALENDLY}/users/owner",
        "payload": {
            "uri": f"{CALENDLY}/scheduled_events/EEEE/invitees/IIII",
            "email": "guest@example.com",
            "name": "Guest",
            "status": "active" if event == "invitee.created" else "canceled",
            "rescheduled": False,
            "questions_and_answers": [],
            "scheduled_event": {
                "uri": f"{CALENDLY}/scheduled_events/EEEE",
                "name": "Intro call",
                "status": "active",
                "start_time": "2030-03-11T13:00:00.000000Z",
                "end_time": "2030-03-11T13:30:00.000000Z",
                "event_type": event_type,
                "location": {"type": "zoom"},
                "invitees_counter": {"total": 1, "active": 1, "limit": 1},
                "event_memberships": members,
                "event_guests": [],
            },
        },
    }


def calendly_event_type(uri: str, event: str = "event_type.updated") -> dict:
    return {
        "event": event,
        "created_at": "2030-03-08T10:00:00.000000Z",
        "created_by": f"{CALENDLY}/users/owner",
        "payload": {
            "uri": uri,
            "name": "Intro call",
            "active": True,
            "duration": 30,
            "kind": "solo",
            "pooling_type": "round_robin",
            "type": "StandardEventType",
            "scheduling_url": "https://calendly.com/acme/intro",
        },
    }


def calendly_other(event: str) -> dict:
    """A delivery that changes nobody's availability (a no-show mark, a routing form submission)."""
    return {"event": event, "created_at": "2030-03-08T10:00:00.000000Z", "payload": {"uri": f"{CALENDLY}/x/1"}}


def calendly_sign(key: str, body: bytes, at: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if at is None else at)
    digest = hmac.new(key.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"Calendly-Webhook-Signature": f"t={stamp},v1={digest}"}


# ------------------------------------------------------------------- Cal.com
def calcom_person(user_id: int, email: str, username: str | None = None, name: str = "Host") -> dict:
    person = {"id": user_id, "name": name, "email": email, "timeZone": "Europe/London", "language": {"locale": "en"}}
    if username is not None:
        person["username"] = username
    return person


def calcom_booking(
    event_type_id: int | None, organizer: dict, members: list[dict] | None = None, trigger: str = "BOOKING_CREATED"
) -> dict:
    payload = {
        "type": "intro",
        "title": "Intro between Host and Guest",
        "startTime": "2030-03-11T13:00:00Z",
        "endTime": "2030-03-11T13:30:00Z",
        "organizer": {**organizer, "utcOffset": 0},
        "attendees": [{"name": "Guest", "email": "guest@example.com", "timeZone": "UTC", "utcOffset": 0}],
        "eventTypeId": event_type_id,
        "uid": "bookinguid",
        "bookingId": 501,
        "status": "ACCEPTED",
        "length": 30,
    }
    if members is not None:
        payload["team"] = {"name": "Sales", "members": members, "id": 12}
    return {"triggerEvent": trigger, "createdAt": "2030-03-08T10:00:00.000Z", "payload": payload}


def calcom_ooo(user: dict) -> dict:
    entry = {
        "id": 3,
        "start": "2030-03-11T00:00:00.000Z",
        "end": "2030-03-13T23:59:59.999Z",
        "createdAt": "2030-03-08T10:00:00.000Z",
        "updatedAt": "2030-03-08T10:00:00.000Z",
        "notes": None,
        "reason": {"reason": "vacation"},
        "reasonId": 1,
        "user": {k: user[k] for k in ("id", "name", "username", "timeZone", "email") if k in user},
        "toUser": None,
        "uuid": "0b0b0b0b-0000-4000-8000-000000000000",
    }
    return {"triggerEvent": "OOO_CREATED", "createdAt": "2030-03-08T10:00:00.000Z", "payload": {"oooEntry": entry}}


def calcom_sign(key: str, body: bytes) -> dict[str, str]:
    return {"X-Cal-Signature-256": hmac.new(key.encode(), body, hashlib.sha256).hexdigest()}


# --------------------------------------------------------------------- Nylas
def nylas_notification(grant_id: str, kind: str = "event.updated") -> dict:
    return {
        "specversion": "1.0",
        "type": kind,
        "source": "/google/events/realtime",
        "id": "notification-1",
        "time": 1_899_000_000,
        "webhook_delivery_attempt": 1,
        "data": {
            "application_id": "app-1",
            "object": {"grant_id": grant_id, "calendar_id": "primary", "id": "event-1", "object": "event"},
        },
    }


def nylas_grant(grant_id: str, kind: str = "grant.expired") -> dict:
    return {
        "specversion": "1.0",
        "type": kind,
        "source": "/nylas/system",
        "id": "notification-2",
        "time": 1_899_000_000,
        "data": {
            "application_id": "app-1",
            "object": {"code": 25009, "grant_id": grant_id, "integration_id": "int-1", "provider": "google"},
        },
    }


def compressed(body: bytes) -> bytes:
    """A compressed delivery's body (``compressed_delivery: true``)."""
    return gzip.compress(body)


def nylas_sign(key: str, body: bytes) -> dict[str, str]:
    """``X-Nylas-Signature`` over the exact bytes sent."""
    return {"X-Nylas-Signature": hmac.new(key.encode(), body, hashlib.sha256).hexdigest()}


def encode(message: dict) -> bytes:
    return json.dumps(message).encode()
