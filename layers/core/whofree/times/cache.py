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
from dataclasses import dataclass, field

from whofree.context import Context
from whofree.data import answers, holds
from whofree.data.table import StoreError, Table
from whofree.domain import Host, ProviderSlot
from whofree.observability import logger
from whofree.times.types import Labelled, TimesRequest, render


def variant(request: TimesRequest) -> str:
    bound = [request.timezone, sorted(request.hosts) if request.hosts is not None else None]
    if request.explain:  # an answer with reasons is another answer (keys without explain are unchanged)
        bound.append("explain")
    key = json.dumps(bound)
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@dataclass
class Cached:
    """An answer served from the cache (``times.types.Servable``): each kept slot's start and, per slot,
    either its JSON as written (a small answer) or who is free, as a bitset over ``roster`` (bit n:
    roster[n]), with explain who is not and why (reason -> bitset), written only when served."""

    duration: int  # seconds
    slots: list[ProviderSlot]
    rendered: list[str] | None = None
    roster: list[Host] | None = None
    masks: list[int] | None = None
    why_masks: list[dict[str, int]] | None = None
    warnings: list[dict] = field(default_factory=list)  # a cached answer has none (see ``save``)

    def starts(self) -> list[int]:
        return [slot.start for slot in self.slots]

    def texts(self) -> list[str]:
        return [self.text(n) for n in range(len(self.slots))]

    def text(self, n: int) -> str:
        if self.rendered is not None:
            return self.rendered[n]
        hosts = [self.roster[i] for i in _bits(self.masks[n])]
        why = None
        if self.why_masks is not None:
            reasons = {i: reason for reason, mask in self.why_masks[n].items() for i in _bits(mask)}
            why = [(self.roster[i].id, reasons[i]) for i in sorted(reasons)]
        return render(self.slots[n], hosts, self.duration, why)


def _bits(mask: int) -> list[int]:
    """The set bits of ``mask``, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


# Each event type's host ids, as its last cached answer recorded them, are kept in the runtime's
# caches (``Caches.answer_hosts``, per container): a cache hit reads the answer and those hosts' hold
# locks in one BatchGetItem. Bounded; a wrong guess costs one more round trip, never a wrong answer.
HOSTS_KEPT = 1000


def _remember(context: Context, event_type: str, hosts: list[str]) -> None:
    known = context.caches.answer_hosts
    if len(known) >= HOSTS_KEPT and event_type not in known:
        known.clear()
    known[event_type] = hosts


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


def load(context: Context, request: TimesRequest) -> Cached | None:
    """The cached answer that covers the request, clipped to its range and past the minimum notice."""
    table = context.table
    guess = context.caches.answer_hosts.get(request.event_type, [])
    try:
        stored = answers.get(table, request.event_type, variant(request), holds.lock_keys(guess) or None)
    except StoreError as exc:
        logger.warning("answer cache unreadable", extra={"error": str(exc)})
        return None
    if stored is None or not (stored.start <= request.start and request.end <= stored.end):
        return None
    header, _, rendered = stored.data.partition(b"\n")
    payload = json.loads(header)
    seen = payload.get("holds")
    if not _holds_unchanged(table, seen, guess, stored.others):
        return None
    if set(seen) != set(guess):
        _remember(context, request.event_type, list(seen))
    duration = payload["duration"] * 60
    earliest = context.now() + payload.get("notice", 0) * 60
    keep = [
        n
        for n, start in enumerate(payload["starts"])
        if request.start <= start and start + duration <= request.end and start >= earliest
    ]
    if "roster" not in payload:  # a small answer: each slot's JSON as written
        items = rendered.decode().split("\n") if rendered else []
        slots = [ProviderSlot(payload["starts"][n]) for n in keep]
        return Cached(duration, slots, rendered=[items[n] for n in keep])
    # A large answer: the hosts once and each slot's free (and, with explain, unavailable) hosts as
    # bitsets; the page writes only the slots it serves.
    remaining, urls, why = payload.get("remaining"), payload.get("urls"), payload.get("why")
    slots = [
        ProviderSlot(
            payload["starts"][n],
            remaining[n] if remaining is not None else None,
            urls[n] if urls is not None else None,
        )
        for n in keep
    ]
    return Cached(
        duration,
        slots,
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


def save(context: Context, request: TimesRequest, labelled: Labelled) -> None:
    """Cache a complete answer (one with warnings is not: the failing host may recover) until the
    answer TTL or, sooner, until a hold it depends on expires."""
    if labelled.warnings:
        return
    table = context.table
    moment = context.now()
    expires = int(moment + context.settings.answer_ttl)
    if labelled.valid_until is not None:
        expires = min(expires, int(labelled.valid_until))
    if expires <= moment:
        return
    payload = {
        "name": labelled.event_type.name,
        "duration": labelled.event_type.duration_minutes,
        "notice": labelled.notice_minutes,
        "starts": [slot.start for slot, _ in labelled.slots],
        "holds": labelled.hold_versions or {},
    }
    _remember(context, request.event_type, list(labelled.hold_versions or {}))
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
