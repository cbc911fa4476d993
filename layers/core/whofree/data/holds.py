"""Holds (API.md §4, docs/STORAGE.md): a hold reserves one meeting, every host it needs, atomically.

Two record kinds, both owned here:

- **The hold**: pk ``HOLD#<uid>``, sk ``HOLD``. The uid is 22 random URL-safe characters (128 bits),
  opaque to clients: DELETE looks it up and trusts nothing else the client sends. Attributes:
  ``event_type``, ``hosts`` (JSON list of host ids), ``start``, ``end`` (the meeting), ``from``,
  ``until`` (the meeting with the event type's buffers), ``expires_at`` (TTL), ``provider`` (JSON: the
  reservation made at the provider, ``{"provider", "uid"}``, or null) and ``warnings`` (JSON list).
- **A host's hold lock**: pk ``HOLDLOCK=<host id>`` (``HOLDLOCK#<sha256>`` when that would be over
  DynamoDB's 2048-byte partition key: ``table.fit``), sk ``LOCK``. Attributes: ``entries`` (JSON
  ``[[uid, from, until, expires_at], ...]``: the host's holds, buffers included), ``version`` (random,
  new on every write), ``held_at`` (when the host was last held), ``booked`` (JSON list: when holds
  were granted on the host, as ``data.bookings`` keeps them, for the assignment order: written in the
  hold's own transaction, so the lock's version covers it), ``expires_at`` (TTL: a day after its last
  entry expires or 30 days after its last grant, whichever is later; a recreated lock gets a new
  version).

Locks are keyed by host id, not by event type: a hold makes its hosts busy in the answers of every
event type that has them (the dispatcher reads the locks of every host of the event type it answers).

**The transaction.** ``put`` writes, in one TransactWriteItems, the hold (condition
``attribute_not_exists(pk)``) and, for each host, its lock with the live entries it was read with plus
the new one (condition ``version = :seen``, or ``attribute_not_exists(pk)`` for a host never held),
after checking here that the new interval overlaps none of those live entries. Whatever the start
times, two holds overlapping on a host cannot both commit: the second was either checked against the
first's entry, or read the lock before the first committed, and then its ``version`` condition fails
and the whole transaction is cancelled (``Raced``: read again and decide again). Expired entries are
pruned on every write and ignored on every read: DynamoDB deletes TTL'd items late (Local never).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass

from whofree.data import bookings
from whofree.data.table import MAX_PK_BYTES, MAX_TRANSACTION_ITEMS, Cancelled, ConditionFailed, Table, fit

UID = re.compile(r"[A-Za-z0-9_-]{22}")  # fullmatch: "$" would also accept a trailing newline
MAX_HOSTS = MAX_TRANSACTION_ITEMS - 1  # one action is the hold itself
MAX_LIVE = 200  # live holds per host: keeps a lock item ~15 KB, so 99 of them fit one 4 MB transaction
RECORD, LOCK = "HOLD", "LOCK"
LOCK_TTL_MARGIN = 86_400


class Overlap(Exception):
    """Some hosts have a live hold overlapping the new one (``hosts``)."""

    def __init__(self, hosts: list[str]) -> None:
        super().__init__(", ".join(hosts))
        self.hosts = hosts


class Full(Overlap):
    """Some hosts have MAX_LIVE live holds already."""


class Raced(Exception):
    """Another writer changed a lock (or the hold) since it was read: read again and decide again."""


@dataclass(frozen=True)
class Entry:
    uid: str
    start: int  # buffered: the meeting's start minus the buffer before
    end: int  # the meeting's end plus the buffer after
    expires_at: int


@dataclass(frozen=True)
class Lock:
    host: str
    version: str | None = None  # None: no lock item (never held, or its TTL deleted it)
    entries: tuple[Entry, ...] = ()
    held_at: float = 0.0
    booked: tuple[float, ...] = ()  # when holds were granted (bookings.prune)

    def live(self, now: float) -> list[Entry]:
        return [e for e in self.entries if e.expires_at > now]

    def overlapping(self, start: int, end: int, now: float) -> list[Entry]:
        """Live entries that overlap [start, end) (half-open: touching is not overlapping)."""
        return [e for e in self.live(now) if e.start < end and start < e.end]


@dataclass(frozen=True)
class Hold:
    uid: str
    event_type: str
    hosts: list[str]
    start: int
    end: int
    expires_at: int
    provider: dict | None = None  # the provider's own reservation, {"provider", "uid"}
    warnings: tuple[dict, ...] = ()


def new_uid() -> str:
    return secrets.token_urlsafe(16)


def _lock_pk(host: str) -> str:
    return fit("HOLDLOCK", host, MAX_PK_BYTES)


def _record_pk(uid: str) -> str:
    return f"HOLD#{uid}"


def _lock(host: str, item: dict | None) -> Lock:
    if item is None:
        return Lock(host)
    entries = tuple(Entry(str(u), int(a), int(b), int(x)) for u, a, b, x in json.loads(item["entries"]))
    booked = tuple(float(t) for t in json.loads(item.get("booked", "[]")))
    return Lock(host, item["version"], entries, float(item.get("held_at", 0)), booked)


def lock_keys(hosts: list[str]) -> list[tuple[str, str]]:
    """The hosts' lock keys, for a caller that reads them along with other items (cached answers)."""
    return [(_lock_pk(host), LOCK) for host in dict.fromkeys(hosts)]


def from_items(hosts: list[str], found: dict[tuple[str, str], dict]) -> dict[str, Lock]:
    """The hosts' locks from items read by key (absent: never held)."""
    return {host: _lock(host, found.get((_lock_pk(host), LOCK))) for host in dict.fromkeys(hosts)}


def locks(table: Table, hosts: list[str], consistent: bool = True) -> dict[str, Lock]:
    """Each host's lock as stored now (consistent reads by default: a hold just made counts)."""
    return from_items(hosts, table.get_many(lock_keys(hosts), consistent=consistent))


def busy(
    seen: dict[str, Lock], start: float, end: float, now: float
) -> tuple[dict[str, list[tuple[int, int]]], float | None]:
    """Per host, its live holds overlapping [start, end) as busy blocks (buffers of the event type that
    holds it included), and when the first of them expires (an answer with them is good until then)."""
    out: dict[str, list[tuple[int, int]]] = {}
    first: float | None = None
    for host, lock in seen.items():
        for entry in lock.live(now):
            if entry.start < end and start < entry.end:
                out.setdefault(host, []).append((entry.start, entry.end))
                first = entry.expires_at if first is None else min(first, entry.expires_at)
    return out, first


def versions(seen: dict[str, Lock]) -> dict[str, str]:
    """Each host's lock version ("" for none): an answer computed with these is stale once one changes."""
    return {host: lock.version or "" for host, lock in seen.items()}


def current_versions(table: Table, hosts: list[str]) -> dict[str, str]:
    return versions(locks(table, hosts))


def checks(seen: dict[str, str]) -> list[dict]:
    """Transaction ConditionChecks that pass only while each host's lock still has the version ``seen``
    ("" for none): what is stored with them was computed from those holds."""
    out = []
    for host, version in seen.items():
        key = (_lock_pk(host), LOCK)
        if version:
            out.append({"check": key, "condition": "version = :seen", "values": {":seen": version}})
        else:
            out.append({"check": key, "condition": "attribute_not_exists(pk)"})
    return out


def _lock_action(lock: Lock, entries: list[Entry], held_at: float, now: float, booked: list[float]) -> dict:
    last = max((e.expires_at for e in entries), default=int(now))
    last = max(last, int(max(booked, default=0) + bookings.WINDOW))
    item = {
        "pk": _lock_pk(lock.host),
        "sk": LOCK,
        "host": lock.host,
        "entries": json.dumps([[e.uid, e.start, e.end, e.expires_at] for e in entries], separators=(",", ":")),
        "version": secrets.token_hex(8),
        "held_at": held_at,
        "booked": json.dumps(booked),
        "expires_at": last + LOCK_TTL_MARGIN,
    }
    if lock.version is None:
        return {"put": item, "condition": "attribute_not_exists(pk)"}
    return {"put": item, "condition": "version = :seen", "values": {":seen": lock.version}}


def put(table: Table, hold: Hold, interval: tuple[int, int], seen: dict[str, Lock], now: float) -> None:
    """Write the hold and every host's lock in one transaction, given the locks as read (``seen``).

    Overlap (or Full) when a host has a live hold overlapping ``interval`` (the meeting with its
    buffers) in what was read; Raced when a lock changed since it was read (the caller reads again)."""
    if not 1 <= len(hold.hosts) <= MAX_HOSTS:
        raise ValueError(f"a hold has 1 to {MAX_HOSTS} hosts")
    start, end = interval
    overlapping = [h for h in hold.hosts if seen[h].overlapping(start, end, now)]
    if overlapping:
        raise Overlap(overlapping)
    full = [h for h in hold.hosts if len(seen[h].live(now)) >= MAX_LIVE]
    if full:
        raise Full(full)
    record = _record(hold, interval)
    new = Entry(hold.uid, start, end, hold.expires_at)
    actions = [{"put": record, "condition": "attribute_not_exists(pk)"}]
    actions += [
        _lock_action(seen[h], [*seen[h].live(now), new], now, now, bookings.prune([*seen[h].booked, now], now))
        for h in hold.hosts
    ]
    try:
        table.transact(actions)
    except Cancelled:
        raise Raced() from None


def _record(hold: Hold, interval: tuple[int, int]) -> dict:
    return {
        "pk": _record_pk(hold.uid),
        "sk": RECORD,
        "event_type": hold.event_type,
        "hosts": json.dumps(hold.hosts),
        "start": hold.start,
        "end": hold.end,
        "from": interval[0],
        "until": interval[1],
        "expires_at": hold.expires_at,
        "provider": json.dumps(hold.provider),
        "warnings": json.dumps(list(hold.warnings)),
    }


def annotate(table: Table, hold: Hold, interval: tuple[int, int], now: float) -> bool:
    """Record what the provider said of the hold (its reservation, warnings) on the live hold; False
    when the hold is gone (deleted or expired since)."""
    try:
        table.put(_record(hold, interval), "attribute_exists(pk) AND expires_at > :now", {":now": int(now)})
    except ConditionFailed:
        return False
    return True


def get(table: Table, uid: str) -> Hold | None:
    """The live hold ``uid``; None for an unknown, expired or malformed uid (nothing else reaches a key)."""
    if not isinstance(uid, str) or not UID.fullmatch(uid):
        return None
    item = table.get(_record_pk(uid), RECORD, consistent=True)
    if item is None:
        return None
    return Hold(
        uid,
        item["event_type"],
        json.loads(item["hosts"]),
        item["start"],
        item["end"],
        item["expires_at"],
        json.loads(item.get("provider", "null")),
        tuple(json.loads(item.get("warnings", "[]"))),
    )


def delete(table: Table, hold: Hold, now: float) -> None:
    """Release every host of the hold and delete it, in one transaction. Raced when a lock or the hold
    changed since it was read (the caller reads again: the hold may be gone by then)."""
    seen = locks(table, hold.hosts)
    actions: list[dict] = [
        {
            "delete": (_record_pk(hold.uid), RECORD),
            "condition": "attribute_exists(pk) AND expires_at > :now",
            "values": {":now": int(now)},
        }
    ]
    for host in hold.hosts:
        lock = seen[host]
        kept = [e for e in lock.live(now) if e.uid != hold.uid]
        actions.append(_lock_action(lock, kept, lock.held_at, now, list(lock.booked)))
    try:
        table.transact(actions)
    except Cancelled:
        raise Raced() from None
