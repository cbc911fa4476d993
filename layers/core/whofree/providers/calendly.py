"""Calendly API v2 (docs/PROVIDERS.md).

Hosts of an event type come from /event_type_memberships, their busy time from /user_busy_times
(buffered times, in 7-day windows that start no earlier than now), and the slot list is Calendly's own
/event_type_available_times.

Open hours: the event type's own availability schedules (/event_type_availability_schedules) where it
has them, since they can differ from the host's: a rule that names a user is that host's, a rule
without a user applies to every host; a host with no such rule falls back to their default
availability schedule (/user_availability_schedules, ``default: true``). If the event type's
schedules cannot be read, its hosts become warnings rather than being read with the wrong hours.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Annotated, Literal

import msgspec

from whofree.domain import EventType, Host, HostCache, ProviderSlot, Schedule
from whofree.engine import Window, zones
from whofree.instants import iso
from whofree.providers.http import ProviderClient, gather_all
from whofree.providers.types import WEEK, Instant, ProviderError, ProviderNotFound, aligned_windows, decode, epoch

NAME = "calendly"
EVENT_TYPE_URI = re.compile(r"^https://api\.calendly\.com/event_types/([A-Za-z0-9_-]{1,64})$")
BUSY_WINDOW = 7 * 86_400  # /user_busy_times: at most 7 days a call
AVAILABLE_WINDOW = 31 * 86_400  # /event_type_available_times: 31 days since July 2026 (7 in older docs)
PAGE_SIZE = 100
DAY = 1440  # minutes
_WDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


def matches(ref: str) -> bool:
    return EVENT_TYPE_URI.fullmatch(ref) is not None


# ---------------------------------------------------------------- Calendly's answers, as typed models
# Strict: a field Calendly always sends is required, nothing is coerced, and an answer of another shape
# fails the call (ProviderError) and with it only the hosts that needed it (docs/PROVIDERS.md).

Minutes = Annotated[int, msgspec.Meta(ge=1, le=DAY)]  # 0 or less would make slots that end before they start
Gap = Annotated[int, msgspec.Meta(ge=0, le=DAY)]
Count = Annotated[int, msgspec.Meta(ge=0)]
HourMinute = Annotated[str, msgspec.Meta(pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class Resource(msgspec.Struct):
    duration: Minutes
    name: str | None = None
    pooling_type: str | None = None
    kind: str | None = None  # "solo" or "group" (seats: one meeting shared by several invitees)
    start_time_increment: Minutes | None = None
    before_buffer: Gap | None = None
    after_buffer: Gap | None = None


class EventTypeAnswer(msgspec.Struct):
    resource: Resource


class Member(msgspec.Struct):
    uri: str
    name: str | None = None
    email: str | None = None


class Membership(msgspec.Struct):
    member: Member


class Memberships(msgspec.Struct):
    collection: list[Membership]


class Interval(msgspec.Struct):
    start: HourMinute = msgspec.field(name="from")
    end: HourMinute = msgspec.field(name="to")


class Rule(msgspec.Struct):
    type: str
    intervals: list[Interval]
    wday: Weekday | None = None
    date: date | None = None


def _zone(name: str) -> None:
    if zones.problem(name) is not None:
        raise ValueError("Expected an IANA time zone - at `timezone`")


class AvailabilitySchedule(msgspec.Struct):
    timezone: str
    rules: list[Rule]
    default: bool = False

    def __post_init__(self) -> None:
        _zone(self.timezone)


class Schedules(msgspec.Struct):
    collection: list[AvailabilitySchedule]


class TypeRule(msgspec.Struct):
    timezone: str
    rules: list[Rule]
    user: str | None = None

    def __post_init__(self) -> None:
        _zone(self.timezone)


class TypeSchedule(msgspec.Struct):
    availability_rule: TypeRule | None = None  # items without one exist (docs/PROVIDERS.md): no hours said


class TypeSchedulesPage(msgspec.Struct):
    collection: list[TypeSchedule]


class EventRef(msgspec.Struct):
    uri: str


class BusyTime(msgspec.Struct):
    start_time: Instant
    end_time: Instant
    buffered_start_time: Instant | None = None
    buffered_end_time: Instant | None = None
    type: str | None = None  # "calendly" (a scheduled event, with ``event``), "external", ...
    event: EventRef | None = None  # a Calendly scheduled event's URI (type "calendly")


class ScheduledEvent(msgspec.Struct):
    event_type: str


class ScheduledEventAnswer(msgspec.Struct):
    resource: ScheduledEvent


SCHEDULED_EVENT_URI = re.compile(r"^https://api\.calendly\.com/scheduled_events/([A-Za-z0-9_-]{1,64})$")


@dataclass(frozen=True)
class Meeting:
    """A busy item that is a Calendly scheduled event: busy [start, end) (buffers included), the
    meeting's own start, and its URI."""

    start: float
    end: float
    begins: float
    uri: str


class BusyTimes(msgspec.Struct):
    collection: list[BusyTime]


class AvailableTime(msgspec.Struct):
    status: str
    start_time: Instant
    invitees_remaining: Count | None = None
    scheduling_url: str | None = None


class AvailableTimes(msgspec.Struct):
    collection: list[AvailableTime]


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def windows(start: float, end: float, size: int) -> list[tuple[float, float]]:
    out = []
    while start < end:
        out.append((start, min(end, start + size)))
        start += size
    return out


@dataclass(frozen=True)
class TypeSchedules:
    """An event type's own open hours: per host (its user URI) or for every host (None); ``error``
    when they could not be read (then no host's hours are known)."""

    by_host: Mapping[str | None, Schedule]
    error: str | None = None


NO_TYPE_SCHEDULES = TypeSchedules(MappingProxyType({}))  # hosts' own default schedules apply


class Calendly:
    name = NAME

    def __init__(self, client: ProviderClient, now: float, cache: HostCache | None = None) -> None:
        self.client = client
        self.now = now  # Calendly refuses ranges that start in the past: ranges start after this
        self.cache = cache  # with a cache, hosts' schedules and busy times are shared through it

    async def event_type(self, ref: str) -> EventType:
        match = EVENT_TYPE_URI.fullmatch(ref)
        if match is None:
            raise ProviderError(NAME, "Not a Calendly event type URI.")
        details, hosts = await gather_all(self.client.get(f"/event_types/{match.group(1)}"), self.hosts(ref))
        resource = decode(NAME, details, EventTypeAnswer, "an event type").resource
        return EventType(
            ref=ref,
            name=resource.name,
            duration_minutes=resource.duration,
            pooling=resource.pooling_type,
            hosts=hosts,
            interval_minutes=resource.start_time_increment,
            buffer_before_minutes=resource.before_buffer or 0,
            buffer_after_minutes=resource.after_buffer or 0,
            # API.md §3: a Calendly round robin gives the next booking to the least recently booked host.
            host_order="least_recently_booked" if resource.pooling_type == "round_robin" else "listed",
            group=resource.kind == "group",
        )

    async def hosts(self, ref: str) -> list[Host]:
        hosts: list[Host] = []
        async for page in self.client.pages("/event_type_memberships", {"event_type": ref, "count": PAGE_SIZE}):
            for item in decode(NAME, page, Memberships, "event type hosts").collection:
                member = item.member
                hosts.append(
                    Host(
                        id=member.email or member.uri,
                        name=member.name,
                        email=member.email,
                        uri=member.uri,
                        key=member.uri,
                    )
                )
        return hosts

    async def type_schedules(self, ref: str) -> TypeSchedules:
        """The event type's own open hours (``event_type_schedules``), or why they could not be read."""
        try:
            return TypeSchedules(await self.event_type_schedules(ref))
        except ProviderNotFound:
            return TypeSchedules({})  # no such route here: hosts' default schedules apply
        except ProviderError as exc:
            return TypeSchedules({}, exc.message)

    async def event_type_schedules(self, ref: str) -> dict[str | None, Schedule]:
        """The event type's own open hours: per host (a rule naming a user) or for every host (None)."""
        out: dict[str | None, Schedule] = {}
        params = {"event_type": ref, "count": PAGE_SIZE}
        async for page in self.client.pages("/event_type_availability_schedules", params):
            for item in decode(NAME, page, TypeSchedulesPage, "an event type's schedules").collection:
                rule = item.availability_rule
                if rule is not None:
                    out[rule.user or None] = to_schedule(rule.timezone, rule.rules)
        return out

    async def schedule(self, host: Host, type_schedules: TypeSchedules = NO_TYPE_SCHEDULES) -> Schedule:
        """The event type's schedule for this host where it has one (``type_schedules``), else the
        host's default schedule."""
        if type_schedules.error is not None:
            raise ProviderError(
                NAME, f"Calendly's schedules for this event type could not be read: {type_schedules.error}"
            )
        own = type_schedules.by_host.get(host.key) or type_schedules.by_host.get(None)
        if own is not None:
            return own
        if self.cache is not None:
            cached = self.cache.get_schedule(NAME, host.key)
            if cached is not None:
                return cached
        schedule = await self._schedule(host)
        if self.cache is not None:
            self.cache.put_schedule(NAME, host.key, schedule)
        return schedule

    async def _schedule(self, host: Host) -> Schedule:
        body = await self.client.get("/user_availability_schedules", {"user": host.key})
        schedules = decode(NAME, body, Schedules, "a host's availability schedules").collection
        if not schedules:
            raise ProviderError(NAME, "Calendly has no availability schedule for this host.")
        chosen = next((s for s in schedules if s.default), schedules[0])
        return to_schedule(chosen.timezone, chosen.rules)

    async def busy(self, host: Host, start: float, end: float) -> list[tuple[float, float]]:
        """Busy blocks in [start, end), fetched in 7-day windows from now on (the API refuses the past).

        With a cache, windows are aligned to the epoch and each is cached for every event type.
        """
        if self.cache is None:
            return await self._busy(host, start, end)
        start = max(start, self.now + 60)
        blocks: list[tuple[float, float]] = []

        async def window(first: int) -> list:
            needed_from = max(first, start)
            cached = self.cache.get_busy(NAME, host.key, first, needed_from)
            if cached is not None:
                return cached
            fetched = await self._busy(host, needed_from, first + WEEK)
            self.cache.put_busy(NAME, host.key, first, needed_from, fetched)
            return fetched

        for part in await gather_all(*(window(w) for w in aligned_windows(start, end))):
            blocks += part
        return [b for b in blocks if b[1] > start and b[0] < end]

    async def _busy(self, host: Host, start: float, end: float) -> list[tuple[float, float]]:
        blocks, meetings = await self.busy_and_meetings(host, start, end)
        return blocks + [(m.start, m.end) for m in meetings]

    async def busy_and_meetings(
        self, host: Host, start: float, end: float
    ) -> tuple[list[tuple[float, float]], list[Meeting]]:
        """The host's busy time in [start, end), never cached: the busy blocks, and apart from them
        the Calendly scheduled events (``type: "calendly"`` items carry ``event.uri``: a group event
        type's own meetings are told apart by it)."""
        start = max(start, self.now + 60)
        parts = await gather_all(
            *(
                self.client.get("/user_busy_times", {"user": host.key, "start_time": iso(a), "end_time": iso(b)})
                for a, b in windows(start, end, BUSY_WINDOW)
            )
        )
        blocks, meetings = [], []
        for body in parts:
            for item in decode(NAME, body, BusyTimes, "busy times").collection:
                # An existing Calendly meeting's own buffers count as busy; unknown types are busy too.
                first = epoch(item.buffered_start_time or item.start_time)
                last = epoch(item.buffered_end_time or item.end_time)
                if item.type == "calendly" and item.event is not None and SCHEDULED_EVENT_URI.fullmatch(item.event.uri):
                    meetings.append(Meeting(first, last, epoch(item.start_time), item.event.uri))
                else:
                    blocks.append((first, last))
        return blocks, meetings

    async def event_type_of(self, scheduled_event: str) -> str:
        """The event type a scheduled event was booked through (``GET /scheduled_events/{uuid}``)."""
        uuid = SCHEDULED_EVENT_URI.fullmatch(scheduled_event).group(1)
        body = await self.client.get(f"/scheduled_events/{uuid}")
        return decode(NAME, body, ScheduledEventAnswer, "a scheduled event").resource.event_type

    async def slots(self, ref: str, start: float, end: float) -> list[ProviderSlot]:
        start = max(start, self.now + 60)
        parts = await gather_all(
            *(
                self.client.get(
                    "/event_type_available_times", {"event_type": ref, "start_time": iso(a), "end_time": iso(b)}
                )
                for a, b in windows(start, end, AVAILABLE_WINDOW)
            )
        )
        out = []
        for body in parts:
            for item in decode(NAME, body, AvailableTimes, "available times").collection:
                if item.status == "available":
                    out.append(ProviderSlot(int(epoch(item.start_time)), item.invitees_remaining, item.scheduling_url))
        return out


def to_schedule(timezone: str, rules: list[Rule]) -> Schedule:
    """Calendly rules (wday / date, "hh:mm" in the schedule's zone) as engine windows and overrides."""
    windows_: list[Window] = []
    overrides: dict[int, list[tuple[int, int]]] = {}
    for rule in rules:
        intervals = [(_minutes(i.start), _minutes(i.end)) for i in rule.intervals]
        if rule.type == "wday" and rule.wday is not None:
            windows_ += [Window(frozenset({_WDAYS[rule.wday]}), a, b) for a, b in intervals]
        elif rule.type == "date" and rule.date is not None:
            overrides.setdefault(rule.date.toordinal(), []).extend(intervals)
    return Schedule(timezone=timezone, open_hours=windows_, date_overrides=overrides or None)
