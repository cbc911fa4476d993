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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from whofree import pagination
from whofree.context import Context
from whofree.domain import EventType, Host, ProviderSlot, Schedule
from whofree.engine import Query
from whofree.errors import Detail, InvalidArgument
from whofree.instants import iso


@dataclass(frozen=True)
class TimesRequest:
    """A typed query for an event type's times: the route parses one from its query string, the
    warmer and reservations build one."""

    event_type: str
    start: int
    end: int
    timezone: str | None = None  # for configured event types: the grid's zone instead of the event type's
    hosts: tuple[str, ...] | None = None  # ?hosts=: only slots one of them can take, with only them
    count: int = 1000
    page_token: str | None = None
    explain: bool = False  # API.md §2 "Why not free"; changes no slot, so not part of the digest
    connection: str | None = None  # API.md §7: the account's connection that reads a provider event type

    @property
    def window(self) -> Window:
        return Window(self.start, self.end, self.timezone)

    def digest(self) -> bytes:
        bound: list = [self.event_type, self.start, self.end, self.timezone, self.hosts]
        if self.connection is not None:
            bound.append(self.connection)
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
    # A group event type's own meetings with this host, (busy start, busy end, meeting start): busy,
    # except in the meeting's own slot while that slot has seats left (API.md §3 "Group event types").
    seated: list[tuple[float, float, float]] = field(default_factory=list)

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


@dataclass(frozen=True)
class Window:
    """The range a request asks about, [start, end) in epoch seconds, and the zone of a configured
    event type's grid (None: the event type's own)."""

    start: int
    end: int
    timezone: str | None = None

    def buffered(self, event_type: EventType) -> tuple[int, int]:
        """Slots lie inside [start, end) (§2 rule 1): busy time matters from the first slot's
        before-buffer to the last slot's after-buffer."""
        return self.start - event_type.buffer_before_minutes * 60, self.end + event_type.buffer_after_minutes * 60


class Kind(Protocol):
    """A kind of event type (``times.kinds``): one provider read in one call, no state kept between."""

    name: str

    def matches(self, ref: str) -> bool: ...

    async def fetch(
        self, ref: str, window: Window, hosts: tuple[str, ...] | None, context: Context, connection: str | None = None
    ) -> KindAnswer:
        """The event type (all its hosts), and slots and host data over ``window`` (buffers added)
        for the hosts ``hosts`` names (``narrow``; a kind that needs every host to decide a slot, as
        configured groups do, may read more). NotFound / ExternalCalendarError when it cannot be had."""


def find_hosts(hosts: list[Host], names: Iterable[str]) -> tuple[list[Host], list[str]]:
    """The hosts ``names`` call by id, email, URI or the provider's key (each once, in the order
    named), and the names that are no host's."""
    known = {handle: h for h in hosts for handle in h.handles()}
    found = {known[n].id: known[n] for n in names if n in known}
    return list(found.values()), [n for n in names if n not in known]


def narrow(hosts: list[Host], wanted: tuple[str, ...] | None) -> list[Host]:
    """The hosts ``?hosts=`` names, in the event type's order; 400 for a name that is no host's."""
    if wanted is None:
        return hosts
    found, unknown = find_hosts(hosts, wanted)
    if unknown:
        raise InvalidArgument(details=[Detail("hosts", f"Not a host of this event type: {', '.join(unknown)}.")])
    chosen = {h.id for h in found}
    return [h for h in hosts if h.id in chosen]


@dataclass
class Labelled:
    """A computed answer: each slot with its free hosts (and, with explain, the others and why)."""

    event_type: EventType
    slots: list[tuple[ProviderSlot, list[Host]]]
    warnings: list[dict]
    notice_minutes: int = 0  # slots closer to "now" than this are dropped when served from cache
    valid_until: float | None = None  # an answer depending on a hold is good until the hold expires
    hold_versions: dict[str, str] | None = None  # the hosts' hold lock versions it was computed with
    unavailable: list[list[tuple[str, str]]] | None = None  # with explain: per slot, (host id, reason)
    assignment: dict | None = None  # API.md §3: {"rule", "order": [host ids]}, every host of the event type

    def starts(self) -> list[int]:
        return [slot.start for slot, _ in self.slots]

    def text(self, n: int) -> str:
        """Slot ``n`` as its JSON text, written now (a page writes only the slots it serves)."""
        slot, hosts = self.slots[n]
        why = self.unavailable[n] if self.unavailable is not None else None
        return render(slot, hosts, self.event_type.duration_minutes * 60, why)

    def texts(self) -> list[str]:
        """Every slot as its JSON text (for tests and small answers: a page uses ``text``)."""
        return [self.text(n) for n in range(len(self.slots))]


class Servable(Protocol):
    """What a page is written from: a computed ``Labelled`` or a cached answer (``times.cache.Cached``)."""

    warnings: list[dict]
    assignment: dict | None

    def starts(self) -> list[int]: ...

    def text(self, n: int) -> str: ...


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
