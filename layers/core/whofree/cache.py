"""Cached event type answers and the hit counters the warmer reads (docs/STORAGE.md).

An answer is cached per (event type, timezone, hosts filter, explain) together with the range it covers.
A request whose range lies inside a live cached range is answered from it by keeping the slots that
lie inside the request's range: grid candidates and labels do not depend on the range's bounds,
so this is exact, and the warmer's 14-day answers serve every shorter request. Slots that have
come within the minimum notice since the answer was computed are dropped on the way out.

A cache that cannot be read or written never fails a request: it is logged and skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import time

from whofree import store
from whofree.event_types import Labelled, TimesRequest
from whofree.observability import logger
from whofree.providers.types import EventType, ProviderSlot

HIT_TTL = 2 * 86_400


def answer_ttl() -> int:
    return int(os.environ.get("WHOFREE_ANSWER_TTL", "300"))


def _partition(event_type: str) -> str:
    return f"ANSWER#{event_type}"


def _name(request: TimesRequest) -> str:
    bound = [request.timezone, sorted(request.hosts) if request.hosts is not None else None]
    if request.explain:  # an answer with reasons is another answer (keys without explain are unchanged)
        bound.append("explain")
    key = json.dumps(bound)
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def load(table: store.Table, request: TimesRequest, now: float | None = None) -> Labelled | None:
    moment = time.time() if now is None else now
    try:
        found = table.get_blob(_partition(request.event_type), _name(request), moment)
    except store.StoreError as exc:
        logger.warning("answer cache unreadable", extra={"error": str(exc)})
        return None
    if found is None:
        return None
    data, head = found
    if not (head["start"] <= request.start and request.end <= head["end"]):
        return None
    header, _, rendered = data.partition(b"\n")
    payload = json.loads(header)
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
    table: store.Table,
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
    expires = int(moment + answer_ttl())
    if valid_until is not None:
        expires = min(expires, int(valid_until))
    if expires <= moment:
        return
    payload = {
        "name": labelled.event_type.name,
        "duration": labelled.event_type.duration_minutes,
        "notice": notice_minutes,
        "starts": [slot.start for slot, _ in labelled.slots],
    }
    # A JSON header, then each slot's JSON as the page writes it, one a line (JSON text has no raw
    # newline): a hit splits and joins instead of decoding and encoding every slot again.
    data = json.dumps(payload).encode() + b"\n" + "\n".join(labelled.texts()).encode()
    try:
        table.put_blob(
            _partition(request.event_type),
            _name(request),
            data,
            expires,
            {"start": request.start, "end": request.end},
        )
    except store.StoreError as exc:
        logger.warning("answer cache not written", extra={"error": str(exc)})


def drop(table: store.Table, event_type: str) -> int:
    return table.delete_partition(_partition(event_type))


_pending: dict[tuple[str, int, str], int] = {}  # (table, hour, event type) -> requests not yet written
_flushed_at: dict[str, float] = {}
FLUSH_EVERY = 60.0


def count_hit(table: store.Table, event_type: str, now: float | None = None, flush: bool = False) -> None:
    """One more request for this event type in this hour (the warmer ranks by these).

    Counts are kept in the process and written at most once a minute (and on ``flush``): a cached
    answer then costs one GetItem, not a GetItem and an UpdateItem. A container that ends loses at
    most a minute of counts, which only nudges popularity.
    """
    moment = int(time.time() if now is None else now)
    key = (table.name, moment - moment % 3600, event_type)
    _pending[key] = _pending.get(key, 0) + 1
    if flush or moment - _flushed_at.get(table.name, 0.0) >= FLUSH_EVERY:
        flush_hits(table, moment)


def flush_hits(table: store.Table, now: float | None = None) -> None:
    _flushed_at[table.name] = time.time() if now is None else now
    pending = [(key, count) for key, count in _pending.items() if key[0] == table.name]
    for key, _ in pending:
        del _pending[key]
    for (_, hour, event_type), count in pending:
        try:
            table.add(f"HITS#{hour}", event_type, "count", count, hour + HIT_TTL)
        except store.StoreError as exc:
            logger.warning("hits not counted", extra={"error": str(exc)})


def popular(table: store.Table, hours: int, top: int, now: float | None = None) -> list[str]:
    """The ``top`` event types by requests over the last ``hours`` hours."""
    flush_hits(table)
    moment = int(time.time() if now is None else now)
    totals: dict[str, int] = {}
    for back in range(hours):
        hour = moment - moment % 3600 - back * 3600
        for item in table.query_all(f"HITS#{hour}", now=moment):
            totals[item["sk"]] = totals.get(item["sk"], 0) + int(item["count"])
    return [event_type for event_type, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
