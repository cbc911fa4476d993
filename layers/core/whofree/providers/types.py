"""What connectors hand to the rest of whofree: plain data, already in the engine's terms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from whofree.engine import Window


class ProviderError(Exception):
    """A provider call that failed for good (after any retries). The message is safe to show."""

    def __init__(self, provider: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.provider = provider
        self.message = message
        self.status = status


class ProviderNotFound(ProviderError):
    """The provider says the resource (an event type) does not exist."""


@dataclass(frozen=True, slots=True)
class Host:
    id: str  # what whofree calls the host in answers and in ?hosts= (an email where known)
    name: str | None = None
    email: str | None = None
    uri: str | None = None
    key: str = ""  # the provider's own handle: a user URI, a Cal.com user id, a Nylas grant

    def public(self) -> dict:
        out: dict = {"id": self.id}
        for name in ("name", "email", "uri"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True, slots=True)
class Schedule:
    """A host's open hours, as the engine takes them."""

    timezone: str
    open_hours: list[Window] | None
    date_overrides: dict[int, list[tuple[int, int]]] | None = None


@dataclass(frozen=True, slots=True)
class ProviderSlot:
    start: int  # epoch seconds
    invitees_remaining: int | None = None
    scheduling_url: str | None = None


@dataclass(slots=True)
class EventType:
    ref: str
    name: str | None
    duration_minutes: int
    pooling: str | None  # "round_robin", "collective" or None (one host)
    hosts: list[Host]
    interval_minutes: int | None = None
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    minimum_notice_minutes: int = 0
    extra: dict = field(default_factory=dict)


WEEK = 7 * 86_400


@dataclass
class Busy:
    """One calendar's busy blocks from a free/busy provider (Google, Microsoft, Nylas); ``error`` when it
    could not be read, ``hours`` where the provider reports working hours (Microsoft)."""

    blocks: list[tuple[float, float]]
    error: str | None = None
    hours: Schedule | None = None


def pieces(keys: list[str], start: float, end: float, batch: int, span: int) -> list[tuple[list[str], float, float]]:
    """The calls a batched free/busy API needs: at most ``batch`` calendars and ``span`` seconds each."""
    calls = []
    for n in range(0, len(keys), batch):
        cursor = start
        while cursor < end:
            calls.append((keys[n : n + batch], cursor, min(end, cursor + span)))
            cursor += span
    return calls


def merge(keys: list[str], answers: Iterable[tuple[list[str], dict[str, Busy] | str]]) -> dict[str, Busy]:
    """Each calendar's answer over all the pieces it was asked in: the blocks of every piece, working
    hours from the first piece that has them, and the first error of any piece (a piece that failed
    whole is an error for each calendar in it), in which case no blocks: a calendar read in part is
    not read."""
    merged = {k: Busy([]) for k in keys}
    for batch, answer in answers:
        for key in batch:
            seen = merged[key]
            problem = answer if isinstance(answer, str) else answer[key].error
            if problem:
                seen.error = seen.error or problem
            else:
                seen.blocks += answer[key].blocks
                seen.hours = seen.hours or answer[key].hours
    return {k: Busy([], b.error) if b.error else b for k, b in merged.items()}


def aligned_windows(start: float, end: float) -> list[int]:
    """The starts of the 7-day windows, aligned to the epoch, that cover [start, end)."""
    first = int(start) - int(start) % WEEK
    return list(range(first, int(end), WEEK))


class HostCache(Protocol):
    """Where a connector may keep a host's data for other event types sharing the host (the data layer
    implements it: whofree.data.host_data); connectors never see the table itself."""

    def get_schedule(self, provider: str, key: str) -> Schedule | None: ...

    def put_schedule(self, provider: str, key: str, schedule: Schedule) -> None: ...

    def get_busy(self, provider: str, key: str, window: int, needed_from: float) -> list | None: ...

    def put_busy(self, provider: str, key: str, window: int, fetched_from: float, blocks: list) -> None: ...


class HostSource(Protocol):
    """What labelling needs from a provider, host by host (Calendly implements it)."""

    name: str

    async def schedule(self, host: Host) -> Schedule:
        """The host's open hours."""

    async def busy(self, host: Host, start: float, end: float) -> list[tuple[float, float]]:
        """The host's busy blocks overlapping [start, end), as epoch seconds."""


class EventTypeSource(Protocol):
    """A provider's event types: their hosts and the provider's own slots (Calendly, Cal.com)."""

    name: str

    async def event_type(self, ref: str) -> EventType:
        """The event type's settings and hosts; ProviderNotFound when it does not exist."""

    async def slots(self, ref: str, start: float, end: float) -> list[ProviderSlot]:
        """The slots the provider's booking page offers in [start, end)."""
