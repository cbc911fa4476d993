"""Cached answers of GET /v1/event_type_available_times (stored by whofree.data.answers).

An answer is cached per (event type, timezone, hosts filter, explain) together with the range it covers.
A request whose range lies inside a live cached range is answered from it by keeping the slots that
lie inside the request's range: grid candidates and labels do not depend on the range's bounds,
so this is exact, and the warmer's 14-day answers serve every shorter request. Slots that have
come within the minimum notice since the answer was computed are dropped on the way out.

An answer records what it was computed from and serves only while all of it is unchanged:

- the hold lock version of each of its hosts (a hold made or released through any event type with
  that host), read with the holds themselves;
- the change version (``whofree.data.versions``) of its event type and of each of its hosts (a
  delivery, a push notification, a PUT or DELETE), read by ``begin`` BEFORE any provider is read.

The assignment order (``times.order``) is computed with the answer and stored with it, from data
these versions cover: the bookings of the hold locks (a hold granted changes its hosts' lock
versions, and the locks are read before the bookings) and the deliveries' booking records
(``data.bookings``: written under the handles whose versions the same delivery then bumps). A
weighted order also depends on time (bookings leave its 30-day window): the answer is kept only
until the first counted booking leaves it.

A hit reads them all with the answer in one consistent BatchGetItem. ``save`` writes the answer in
one transaction with ConditionChecks on them, so an answer whose computation began before a change
is never stored as current. A host whose version was not read before the computation began (the
hosts of an event type are known once it is read; ``begin`` reads those its last cached answer had)
is read after it, and the answer is stored only if that host was not bumped since the computation
began (``versions.unchanged_since``, with CLOCK_MARGIN for the clocks of other functions).

A cache that cannot be read or written never fails a request: it is logged and skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from whofree.context import Context
from whofree.data import answers, holds, versions
from whofree.data.table import MAX_TRANSACTION_ITEMS, Cancelled, StoreError
from whofree.domain import Host, ProviderSlot
from whofree.observability import logger
from whofree.times.types import Labelled, TimesRequest, render


def variant(request: TimesRequest) -> str:
    bound = [request.timezone, sorted(request.hosts) if request.hosts is not None else None]
    if request.explain:  # an answer with reasons is another answer (keys without explain are unchanged)
        bound.append("explain")
    if request.connection is not None:  # read through a named connection: another answer
        bound.append({"connection": request.connection})
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
    assignment: dict | None = None  # as computed: its versions cover the bookings it was computed from
    hosts: list[str] | None = None  # the event type's host ids in host order (explain's order)

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
            place = {host: p for p, host in enumerate(self.hosts or [])}
            why = sorted(((self.roster[i].id, reasons[i]) for i in reasons), key=lambda w: place.get(w[0], len(place)))
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


def _known(context: Context, event_type: str) -> list[str]:
    return context.caches.answer_hosts.get(f"{context.account}|{event_type}", [])


def _remember(context: Context, event_type: str, hosts: list[str]) -> None:
    known, key = context.caches.answer_hosts, f"{context.account}|{event_type}"
    if len(known) >= HOSTS_KEPT and key not in known:
        known.clear()
    known[key] = hosts


def subjects(event_type: str, hosts: Iterable[str]) -> list[str]:
    """The change versions an answer of the event type with these hosts depends on."""
    return [versions.event_type(event_type), *(versions.host(h) for h in hosts)]


@dataclass(frozen=True)
class Start:
    """The change versions read before a computation began (``begin``), and when: what ``save``
    records and conditions the store on."""

    versions: dict[str, str]
    began: float


# Seconds by which another function's clock (the one that bumped a version) may be ahead of this one's.
CLOCK_MARGIN = 5.0


def begin(context: Context, request: TimesRequest, hosts: Iterable[str] | None = None) -> Start | None:
    """Read the versions an answer will depend on, before anything of it is computed: the event
    type's and its hosts' (``hosts``, else those its last cached answer had). None without a table
    or when they cannot be read (the answer is then not stored)."""
    table = context.table
    if table is None:
        return None
    known = list(hosts) if hosts is not None else _known(context, request.event_type)
    began = context.now()
    try:
        return Start(versions.read(table, subjects(request.event_type, known)), began)
    except StoreError as exc:
        logger.warning("versions unreadable", extra={"error": str(exc)})
        return None


def _unchanged(context: Context, event_type: str, payload: dict, guess: list[str], found: dict) -> bool:
    """Whether nothing the answer was computed from changed: its hosts' holds (lock versions) and the
    change versions of its event type and hosts. They were read with the answer when its hosts were
    guessed right; else they are read now."""
    hosts, seen_holds, seen_versions = payload.get("hosts"), payload.get("holds"), payload.get("versions")
    if hosts is None or seen_holds is None or seen_versions is None:
        return False  # written before answers recorded what they were computed from
    if set(seen_versions) != set(subjects(event_type, hosts)):
        return False
    try:
        if not set(hosts) <= set(guess):  # one more round trip, for all of them at once
            wanted = holds.lock_keys(list(seen_holds)) + versions.keys(seen_versions)
            found = context.table.get_many(wanted, consistent=True)
        locks = holds.versions(holds.from_items(list(seen_holds), found))
        current = versions.from_items(seen_versions, found)
    except StoreError as exc:
        logger.warning("versions unreadable", extra={"error": str(exc)})
        return False
    return locks == seen_holds and current == seen_versions


def load(context: Context, request: TimesRequest) -> Cached | None:
    """The cached answer that covers the request, clipped to its range and past the minimum notice."""
    table = context.table
    guess = _known(context, request.event_type)
    also = holds.lock_keys(guess) + versions.keys(subjects(request.event_type, guess))
    try:
        stored = answers.get(table, request.event_type, variant(request), also)
    except StoreError as exc:
        logger.warning("answer cache unreadable", extra={"error": str(exc)})
        return None
    if stored is None:
        return None
    header, _, rendered = stored.data.partition(b"\n")
    payload = json.loads(header)
    hosts = payload.get("hosts")
    if hosts is not None and set(hosts) != set(guess):
        # The hosts this event type's answers have: the next hit reads their versions with the answer,
        # and the next computation reads them before it begins.
        _remember(context, request.event_type, hosts)
    if not (stored.start <= request.start and request.end <= stored.end):
        return None
    if "assignment" not in payload:
        return None  # written before answers carried their assignment order
    if not _unchanged(context, request.event_type, payload, guess, stored.others):
        return None
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
        return Cached(duration, slots, rendered=[items[n] for n in keep], assignment=payload.get("assignment"))
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
        assignment=payload.get("assignment"),
        hosts=payload.get("hosts"),
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
    # In assignment order, as each slot's free hosts are (explain's others are sets here: written in
    # host order when served).
    rank = {host_id: n for n, host_id in enumerate((labelled.assignment or {}).get("order", []))}
    roster: list[Host] = sorted(labelled.event_type.hosts, key=lambda h: rank.get(h.id, len(rank)))
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
            ranked = sorted(slot_why, key=lambda pair: index.get(pair[0], -1))
            if mask([host for host, _ in ranked]) is None:
                return None
            grouped: dict[str, list[str]] = {}
            for host, reason in ranked:
                grouped.setdefault(reason, []).append(host)
            why.append({reason: mask(ids) for reason, ids in grouped.items()})
        out["why"] = why
    if any(slot.invitees_remaining is not None for slot, _ in labelled.slots):
        out["remaining"] = [slot.invitees_remaining for slot, _ in labelled.slots]
    if any(slot.scheduling_url for slot, _ in labelled.slots):
        out["urls"] = [slot.scheduling_url for slot, _ in labelled.slots]
    return out


def save(context: Context, request: TimesRequest, labelled: Labelled, start: Start | None) -> None:
    """Cache a complete answer (one with warnings is not: the failing host may recover) until the
    answer TTL or, sooner, until a hold it depends on expires; only while nothing it was computed from
    has changed since ``start`` (the versions read before it began)."""
    if labelled.warnings or start is None:
        return
    table = context.table
    moment = context.now()
    expires = int(moment + context.settings.answer_ttl)
    if labelled.valid_until is not None:
        expires = min(expires, int(labelled.valid_until))
    if expires <= moment:
        return
    hosts = [h.id for h in labelled.event_type.hosts]
    _remember(context, request.event_type, hosts)
    recorded = _recorded(context, start, subjects(request.event_type, hosts))
    if recorded is None:
        logger.info("answer not cached: a host changed while it was computed")
        return
    locks = labelled.hold_versions or {}
    payload = {
        "name": labelled.event_type.name,
        "duration": labelled.event_type.duration_minutes,
        "notice": labelled.notice_minutes,
        "starts": [slot.start for slot, _ in labelled.slots],
        "hosts": hosts,
        "holds": locks,
        "versions": recorded,
        "assignment": labelled.assignment,
    }
    data = _encode(labelled, payload)
    if data is None:
        return
    try:
        checks = _checks(context, recorded, locks)
        if checks is not None:
            answers.put(table, request.event_type, variant(request), data, request.start, request.end, expires, checks)
    except Cancelled:
        logger.info("answer not cached: what it was computed from changed meanwhile")
    except StoreError as exc:
        logger.warning("answer cache not written", extra={"error": str(exc)})


def _recorded(context: Context, start: Start, wanted: list[str]) -> dict[str, str] | None:
    """The versions the answer was computed from: read at its start, or for a host not known then,
    read now if it was not bumped since the start (else None: not stored)."""
    missing = [s for s in wanted if s not in start.versions]
    late: dict[str, str] | None = {}
    if missing:
        try:
            late = versions.unchanged_since(context.table, missing, start.began - CLOCK_MARGIN)
        except StoreError as exc:
            logger.warning("versions unreadable", extra={"error": str(exc)})
            return None
    if late is None:
        return None
    return {s: start.versions[s] if s in start.versions else late[s] for s in wanted}


def _checks(context: Context, recorded: dict[str, str], locks: dict[str, str]) -> list[dict] | None:
    """The store's ConditionChecks on the versions the answer was computed from. Past one transaction
    (more than 49 hosts), they are read again just before the store instead (None: changed, not
    stored): an answer stored after a change in between still records the versions it was computed
    from, and no hit serves it."""
    checks = versions.checks(recorded) + holds.checks(locks)
    if len(checks) < MAX_TRANSACTION_ITEMS:
        return checks
    table = context.table
    if versions.read(table, recorded) != recorded:
        return None
    if holds.current_versions(table, list(locks)) != locks:
        return None
    return []


def _encode(labelled: Labelled, payload: dict) -> bytes | None:
    """The answer's bytes: a JSON header, then each slot's JSON as the page writes it, or hosts and
    bitsets for a large answer (None when it cannot be)."""
    if _rendered_size(labelled, RENDERED_LIMIT) <= RENDERED_LIMIT:
        # One slot a line (JSON text has no raw newline): a hit splits and joins instead of decoding
        # and encoding every slot again.
        return json.dumps(payload).encode() + b"\n" + "\n".join(labelled.texts()).encode()
    compact = _compact(labelled)
    if compact is None:
        logger.warning("answer not cached: slot hosts out of roster order")
        return None
    return json.dumps(payload | compact).encode() + b"\n"
