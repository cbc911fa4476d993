"""Holds (API.md §4): a hold makes its host busy for its slot in every answer until it expires or
is deleted.

A hold is one item, pk ``HOLDS#<event type>``, sk ``<start>#<host>``, written with the condition
"no live hold there": of concurrent requests for one host and slot exactly one write succeeds and
the others get 409 (whofree.data.holds keeps them). Without ``host`` whofree picks a free host, least
recently held first, then in the event type's host order. A new or deleted hold drops the event
type's cached answers, best effort: the hold stands (201 / 204) even when the drop fails.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import time

from pydantic import ValidationError

from whofree.availability import validation_details
from whofree.data import holds
from whofree.data.table import StoreError, Table
from whofree.errors import Conflict, Detail, InvalidArgument, NotFound
from whofree.instants import InvalidInstant, iso, parse_in_range
from whofree.invalidation import drop_answers
from whofree.models import ReservationRequest
from whofree.observability import logger
from whofree.times.dispatch import read_request, times

MAX_EVENT_TYPE, MAX_HOST = 300, 254  # ReservationRequest's limits: no uid names more


def _uid(event_type: str, start: int, host: str) -> str:
    key = base64.urlsafe_b64encode(json.dumps([event_type, start, host]).encode()).rstrip(b"=").decode()
    return f"{key}.{secrets.token_hex(8)}"


def _key(uid: str) -> tuple[str, int, str]:
    """The hold's key, from a uid _uid() wrote; 404 for anything else (it can name no hold).

    A uid is the client's text: its JSON may hold any types, 1e400, deep nesting, lone surrogates or
    names too long for a DynamoDB key, none of which may reach the table."""
    try:
        key = uid.split(".", 1)[0]
        event_type, start, host = json.loads(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4)))
        if type(event_type) is not str or type(host) is not str or type(start) is not int:
            raise TypeError
        if not 0 <= start < 10**12 or len(event_type) > MAX_EVENT_TYPE or len(host) > MAX_HOST:
            raise ValueError
        if len(f"HOLDS#{event_type}".encode()) > 2048 or len(f"{start:012d}#{host}".encode()) > 1024:
            raise ValueError  # DynamoDB's key limits (bytes); encode() also refuses lone surrogates
        return event_type, start, host
    except (ValueError, TypeError, RecursionError):
        raise NotFound("No such reservation.") from None


def parse(body: str) -> ReservationRequest:
    try:
        return ReservationRequest.model_validate_json(body or "", strict=True)
    except ValidationError as exc:
        raise InvalidArgument(details=validation_details(exc)) from None


def create(table: Table, request: ReservationRequest, deadline: float, now: float | None = None) -> dict:
    moment = time.time() if now is None else now
    try:
        start = parse_in_range(request.start_time, room=86_400)  # the day of slots asked for below
    except InvalidInstant as exc:
        raise InvalidArgument(details=[Detail("start_time", str(exc))]) from None
    if start != int(start):
        raise InvalidArgument(details=[Detail("start_time", "A slot starts on a whole second.")])
    start = int(start)
    # The slot must be one the event type offers now, with the host free in it: ask for that slot only.
    wanted = read_request({"event_type": request.event_type, "start_time": iso(start), "end_time": iso(start + 86_400)})
    labelled = asyncio.run(times(wanted, deadline, table, moment))
    slot = next(((s, hosts) for s, hosts in labelled.slots if s.start == start), None)
    if slot is None:
        raise Conflict("That slot is not offered.")
    free = [h.id for h in slot[1]]
    duration = labelled.event_type.duration_minutes * 60
    if request.host is not None:
        if request.host not in free:
            raise Conflict(f"{request.host!r} is not free in that slot.")
        candidates = [request.host]
    else:
        if not free:
            raise Conflict("No host is free in that slot.")
        last = holds.last_held(table, request.event_type)
        candidates = sorted(free, key=lambda h: (last.get(h, 0), free.index(h)))
    expires = int(moment) + request.expires_in_minutes * 60
    for host in candidates:
        uid = _uid(request.event_type, start, host)
        if not holds.put(table, request.event_type, host, start, start + duration, uid, expires, int(moment)):
            continue  # someone else holds this host for this slot
        try:
            holds.mark_held(table, request.event_type, host, moment)
        except StoreError as exc:  # only the order of later picks depends on it
            logger.warning("last hold not recorded", extra={"error": str(exc)})
        drop_answers(table, [request.event_type])
        return {
            "uid": uid,
            "event_type": request.event_type,
            "host": host,
            "start_time": iso(start),
            "end_time": iso(start + duration),
            "expires_at": iso(expires),
        }
    raise Conflict("That slot is already held." if request.host else "Every free host is already held for that slot.")


def delete(table: Table, uid: str, now: float | None = None) -> None:
    event_type, start, host = _key(uid)
    moment = int(time.time() if now is None else now)
    if not holds.delete(table, event_type, host, start, uid, moment):
        raise NotFound("No such reservation (or it has expired).")
    drop_answers(table, [event_type])
