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
from whofree.providers.types import EventType, Host, ProviderSlot
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
    if "roster" not in payload:  # a small answer: each slot's JSON as written
        items = rendered.decode().split("\n") if rendered else []
        slots = [(ProviderSlot(payload["starts"][n]), []) for n in keep]
        return Labelled(event_type, slots, [], rendered=[items[n] for n in keep])
    # A large answer: the hosts once and each slot's free (and, with explain, unavailable) hosts as
    # bitsets; the page writes only the slots it serves.
    remaining, urls, why = payload.get("remaining"), payload.get("urls"), payload.get("why")
    slots = [
        (
            ProviderSlot(
                payload["starts"][n],
                remaining[n] if remaining is not None else None,
                urls[n] if urls is not None else None,
            ),
            [],
        )
        for n in keep
    ]
    return Labelled(
        event_type,
        slots,
        [],
        roster=[Host(**h) for h in payload["roster"]],
        masks=[_mask(payload["masks"][n]) for n in keep],
        why_masks=[{r: _mask(m) for r, m in why[n].items()} for n in keep] if why is not None else None,
    )


def _mask(stored: str | list[int]) -> int:
    """A stored bitset (hex) or, where shorter, its set bits' indexes, as a bitset."""
    return int(stored, 16) if isinstance(stored, str) else sum(1 << p for p in stored)


# Above this many bytes of slot JSON (estimated) an answer is cached as bitsets over its hosts rather
# than as each slot's JSON: a large event type's rendered slots run to gigabytes (every slot repeats
# its free hosts' objects), and a page of ``count`` slots needs only those slots written.
RENDERED_LIMIT = 1_000_000


def _rendered_size(labelled: Labelled, limit: int) -> int:
    """The slots' JSON size, estimated from above; stops counting past ``limit``."""
    sizes: dict[str, int] = {}
    total = 0
    for n, (slot, hosts) in enumerate(labelled.slots):
        total += 200 + len(slot.scheduling_url or "")
        for h in hosts:
            if h.id not in sizes:
                sizes[h.id] = len(json.dumps(h.public(), separators=(",", ":"))) + 1
            total += sizes[h.id]
        if labelled.unavailable is not None:
            total += sum(len(json.dumps(host)) + 30 for host, _ in labelled.unavailable[n])
        if total > limit:
            break
    return total


def _compact(labelled: Labelled) -> dict | None:
    """The answer as hosts and per-slot bitsets (None when a slot's hosts are not in roster order,
    which the labelling never does: such an answer is not cached rather than served reordered)."""
    roster: list[Host] = list(labelled.event_type.hosts)
    index = {h.id: n for n, h in enumerate(roster)}
    for _, hosts in labelled.slots:
        for h in hosts:
            if h.id not in index:
                index[h.id] = len(roster)
                roster.append(h)

    def mask(ids: list[str]) -> str | list[int] | None:
        positions = [index.get(i, -1) for i in ids]
        if any(b <= a for a, b in zip([-1, *positions], positions, strict=False)):
            return None
        if len(positions) * 6 < max(positions, default=0) // 4:
            return positions  # sparse over a large roster: the indexes are shorter than the bitset
        return format(sum(1 << p for p in positions), "x")

    masks = [mask([h.id for h in hosts]) for _, hosts in labelled.slots]
    if None in masks:
        return None
    out: dict = {"roster": [h.public() for h in roster], "masks": masks}
    if labelled.unavailable is not None:
        why = []
        for slot_why in labelled.unavailable:
            if mask([host for host, _ in slot_why]) is None:
                return None
            grouped: dict[str, list[str]] = {}
            for host, reason in slot_why:
                grouped.setdefault(reason, []).append(host)
            why.append({reason: mask(ids) for reason, ids in grouped.items()})
        out["why"] = why
    if any(slot.invitees_remaining is not None for slot, _ in labelled.slots):
        out["remaining"] = [slot.invitees_remaining for slot, _ in labelled.slots]
    if any(slot.scheduling_url for slot, _ in labelled.slots):
        out["urls"] = [slot.scheduling_url for slot, _ in labelled.slots]
    return out


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
    if _rendered_size(labelled, RENDERED_LIMIT) <= RENDERED_LIMIT:
        # A JSON header, then each slot's JSON as the page writes it, one a line (JSON text has no raw
        # newline): a hit splits and joins instead of decoding and encoding every slot again.
        data = json.dumps(payload).encode() + b"\n" + "\n".join(labelled.texts()).encode()
    else:
        compact = _compact(labelled)
        if compact is None:
            logger.warning("answer not cached: slot hosts out of roster order")
            return
        data = json.dumps(payload | compact).encode() + b"\n"
    try:
        answers.put(table, request.event_type, variant(request), data, request.start, request.end, expires)
    except StoreError as exc:
        logger.warning("answer cache not written", extra={"error": str(exc)})
