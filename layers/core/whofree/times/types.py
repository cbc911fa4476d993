"""What the dispatcher and the kinds of event type share (a leaf: nothing here imports a kind or
the dispatcher).

A kind answers ``KindAnswer``: the event type, the provider's slots (or None: the engine makes the
grid) and one ``HostAnswer`` per host, which says what the provider knows about that host (open
hours and busy time, or the slots it can take) or that its calendar could not be read. whofree's
own holds are not in it: the dispatcher reads them and merges them in, so that each reason a host
is not free (held, busy, outside its hours, unreadable) stays apart until then, and ``explain``
(API.md §2 "Why not free") can tell them apart.
"""

from __future__ import annotations

import json
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Protocol

from whofree import pagination
from whofree.engine import Query
from whofree.instants import iso
from whofree.providers.types import EventType, Host, ProviderSlot, Schedule


@dataclass(frozen=True)
class TimesRequest:
    event_type: str
    start: int
    end: int
    timezone: str | None  # for configured event types: the grid's zone instead of the event type's
    hosts: tuple[str, ...] | None
    count: int
    page_token: str | None
    explain: bool = False  # API.md §2 "Why not free"; changes no slot, so not part of the digest

    def digest(self) -> bytes:
        bound = [self.event_type, self.start, self.end, self.timezone, self.hosts]
        return pagination.request_digest(json.dumps(bound).encode())


@dataclass
class HostAnswer:
    """One host as its kind sees it. ``error`` set: unreadable (never labelled free, a warning; 424 when
    every host is). ``indistinct`` set: read, but the provider cannot tell this host apart from the
    others (Cal.com round robin without per-host answers): never labelled free, a warning that says why,
    yet not a failed read."""

    host: Host
    error: str | None = None
    schedule: Schedule | None = None  # open hours (engine-labelled kinds); configured: hours replacing the host's
    busy: list[tuple[float, float]] = field(default_factory=list)  # the provider's busy time, holds not included
    starts: set[int] | None = None  # per-host slot answers (Cal.com): the slots it can take; None: not asked
    indistinct: str | None = None  # why the provider cannot tell this host apart (a warning, never free)

    @property
    def readable(self) -> bool:
        """Whether the host's answer can label it free anywhere."""
        return self.error is None and self.indistinct is None


@dataclass
class KindAnswer:
    """A kind's answer for [start - buffer before, end + buffer after).

    ``slots`` are the provider's own, labelled per host with ``starts`` when the kind gives them, else
    with the engine over ``schedule`` and ``busy``; ``slots`` None means the engine computes the
    slots too, from ``query`` (configured event types: §2's rules, groups and all).
    """

    event_type: EventType
    hosts: list[HostAnswer]  # every host the kind read, in the event type's order
    slots: list[ProviderSlot] | None = None
    query: Query | None = None  # slots None: the §2 query, hosts' inline busy included, in ``hosts`` order
    per_host_slots: bool = False  # hosts carry ``starts`` (None: in every slot) instead of hours and busy time


class Session(Protocol):
    """One request's conversation with a kind's provider (inside ``Kind.open``)."""

    async def event_type(self) -> EventType:
        """The event type and all its hosts; NotFound / ExternalCalendarError when it cannot be had."""

    async def answer(self, event_type: EventType, hosts: list[Host], start: float, end: float) -> KindAnswer:
        """Slots and host data over [start, end) (buffers included) for ``hosts`` (narrowed by ``?hosts=``:
        a kind that needs every host to decide a slot, as configured groups do, may read more)."""


class Kind(Protocol):
    name: str

    def matches(self, ref: str) -> bool: ...

    def session(
        self, request: TimesRequest, deadline: float, now: float, context: Context
    ) -> AbstractAsyncContextManager[Session]:
        """The session, open for as long as the provider client is (``contextlib.asynccontextmanager``)."""


@dataclass
class Context:
    """What the dispatcher hands a kind: the table (or None) and, in tests, an HTTP transport."""

    table: object | None = None
    transport: object | None = None


@dataclass
class Labelled:
    event_type: EventType
    slots: list[tuple[ProviderSlot, list[Host]]]
    warnings: list[dict]
    notice_minutes: int = 0  # slots closer to "now" than this are dropped when served from cache
    valid_until: float | None = None  # an answer depending on a hold is good until the hold expires
    hold_versions: dict[str, str] | None = None  # the hosts' hold lock versions it was computed with
    rendered: list[str] | None = None  # each slot's JSON, when it came from the cache already written
    unavailable: list[list[tuple[str, str]]] | None = None  # with explain: per slot, (host id, reason)
    # From a compact cached answer: the hosts, and per slot who is free (bit n: roster[n]) and, with
    # explain, who is not and why (reason -> bitset); a slot's JSON is written only when served.
    roster: list[Host] | None = None
    masks: list[int] | None = None
    why_masks: list[dict[str, int]] | None = None

    def text(self, n: int) -> str:
        """Slot ``n`` as its JSON text, written now (a page writes only the slots it serves)."""
        if self.rendered is not None:
            return self.rendered[n]
        slot, hosts = self.slots[n]
        why = self.unavailable[n] if self.unavailable is not None else None
        if self.masks is not None:
            hosts = [self.roster[i] for i in _bits(self.masks[n])]
        if self.why_masks is not None:
            reasons = {i: reason for reason, mask in self.why_masks[n].items() for i in _bits(mask)}
            why = [(self.roster[i].id, reasons[i]) for i in sorted(reasons)]
        return render(slot, hosts, self.event_type.duration_minutes * 60, why)

    def texts(self) -> list[str]:
        """Every slot as its JSON text (for tests and small answers: a page uses ``text``)."""
        return [self.text(n) for n in range(len(self.slots))]


def _bits(mask: int) -> list[int]:
    """The set bits of ``mask``, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def render(
    slot: ProviderSlot, hosts: list[Host], duration: int, unavailable: list[tuple[str, str]] | None = None
) -> str:
    item: dict = {
        "status": "available",
        "start_time": iso(slot.start),
        "end_time": iso(slot.start + duration),
        "invitees_remaining": slot.invitees_remaining if slot.invitees_remaining is not None else 1,
        "available_hosts": [h.public() for h in hosts],
    }
    if unavailable is not None:
        item["unavailable"] = [{"id": host_id, "reason": reason} for host_id, reason in unavailable]
    if slot.scheduling_url:
        item["scheduling_url"] = slot.scheduling_url
    return json.dumps(item, separators=(",", ":"))
