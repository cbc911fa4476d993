"""Cached answers of GET /v1/event_type_available_times (stored by whofree.data.answers).

An answer is cached per (event type, timezone, hosts filter, explain) together with the range it covers.
A request whose range lies inside a live cached range is answered from it by keeping the slots that
lie inside the request's range: grid candidates and labels do not depend on the range's bounds,
so this is exact, and the warmer's 14-day answers serve every shorter request. An answer records the
hold lock version of each of its hosts and serves only while they are unchanged: a hold made or
released through any event type makes every cached answer with one of its hosts a miss. Slots that have
come within the minimum notice since the answer was computed are dropped on the way out.

A cache that cannot be read or written never fails a request: it is logged and skipped.
"""

from __future__ import annotations

import hashlib
import json
import time

from whofree.data import answers, holds
from whofree.data.table import StoreError, Table
from whofree.observability import logger
from whofree.providers.types import EventType, ProviderSlot
from whofree.times.types import Labelled, TimesRequest


def variant(request: TimesRequest) -> str:
    bound = [request.timezone, sorted(request.hosts) if request.hosts is not None else None]
    if request.explain:  # an answer with reasons is another answer (keys without explain are unchanged)
        bound.append("explain")
    key = json.dumps(bound)
    return hashlib.sha256(key.encode()).hexdigest()[:32]


# Each event type's host ids, as its last cached answer recorded them (per container): a cache hit
# reads the answer and those hosts' hold locks in one BatchGetItem. Bounded; a wrong guess costs one
# more round trip, never a wrong answer.
_HOSTS: dict[str, list[str]] = {}
_HOSTS_KEPT = 1000


def _remember(event_type: str, hosts: list[str]) -> None:
    if len(_HOSTS) >= _HOSTS_KEPT and event_type not in _HOSTS:
        _HOSTS.clear()
    _HOSTS[event_type] = hosts


def _holds_unchanged(table: Table, seen: dict[str, str] | None, guess: list[str], found: dict) -> bool:
    """Whether no host's holds changed since the answer was computed (a hold made or released through
    any event type changes its hosts' lock versions). The locks were read with the answer when the
    hosts were guessed right; else they are read now."""
    if seen is None:
        return False  # written before answers recorded their hosts' holds
    if not seen:
        return True
    try:
        if set(seen) == set(guess):
            return holds.versions(holds.from_items(guess, found)) == seen
        return holds.current_versions(table, list(seen)) == seen
    except StoreError as exc:
        logger.warning("hold versions unreadable", extra={"error": str(exc)})
        return False


def load(table: Table, request: TimesRequest, now: float | None = None) -> Labelled | None:
    moment = time.time() if now is None else now
    guess = _HOSTS.get(request.event_type, [])
    locks: dict = {}
    try:
        found = answers.get(table, request.event_type, variant(request), moment, holds.lock_keys(guess) or None, locks)
    except StoreError as exc:
        logger.warning("answer cache unreadable", extra={"error": str(exc)})
        return None
    if found is None:
        return None
    data, start, end = found
    if not (start <= request.start and request.end <= end):
        return None
    header, _, rendered = data.partition(b"\n")
    payload = json.loads(header)
    seen = payload.get("holds")
    if not _holds_unchanged(table, seen, guess, locks):
        return None
    if set(seen) != set(guess):
        _remember(request.event_type, list(seen))
    items = rendered.decode().split("\n") if rendered else []
    duration = payload["duration"] * 60
    earliest = moment + payload.get("notice", 0) * 60
    keep = [
        n
        for n, start in enumerate(payload["starts"])
        if request.start <= start and start + duration <= request.end and start >= earliest
    ]
    event_type = EventType(
        ref=request.event_type, name=payload.get("name"), duration_minutes=payload["duration"], pooling=None, hosts=[]
    )
    slots = [(ProviderSlot(payload["starts"][n]), []) for n in keep]
    return Labelled(event_type, slots, [], rendered=[items[n] for n in keep])


def save(
    table: Table,
    request: TimesRequest,
    labelled: Labelled,
    notice_minutes: int = 0,
    now: float | None = None,
    valid_until: float | None = None,
) -> None:
    """Cache a complete answer (one with warnings is not: the failing host may recover)."""
    if labelled.warnings:
        return
    moment = time.time() if now is None else now
    expires = int(moment + answers.answer_ttl())
    if valid_until is not None:
        expires = min(expires, int(valid_until))
    if expires <= moment:
        return
    payload = {
        "name": labelled.event_type.name,
        "duration": labelled.event_type.duration_minutes,
        "notice": notice_minutes,
        "starts": [slot.start for slot, _ in labelled.slots],
        "holds": labelled.hold_versions or {},
    }
    _remember(request.event_type, list(labelled.hold_versions or {}))
    # A JSON header, then each slot's JSON as the page writes it, one a line (JSON text has no raw
    # newline): a hit splits and joins instead of decoding and encoding every slot again.
    data = json.dumps(payload).encode() + b"\n" + "\n".join(labelled.texts()).encode()
    try:
        answers.put(table, request.event_type, variant(request), data, request.start, request.end, expires)
    except StoreError as exc:
        logger.warning("answer cache not written", extra={"error": str(exc)})
