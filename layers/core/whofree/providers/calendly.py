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

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from whofree.domain import EventType, Host, HostCache, ProviderSlot, Schedule
from whofree.engine import Window
from whofree.instants import iso
from whofree.instants import parse as parse_instant
from whofree.providers.http import ProviderClient, gather_all
from whofree.providers.types import WEEK, ProviderError, ProviderNotFound, aligned_windows

NAME = "calendly"
EVENT_TYPE_URI = re.compile(r"^https://api\.calendly\.com/event_types/([A-Za-z0-9_-]{1,64})$")
BUSY_WINDOW = 7 * 86_400  # /user_busy_times: at most 7 days a call
AVAILABLE_WINDOW = 31 * 86_400  # /event_type_available_times: 31 days since July 2026 (7 in older docs)
PAGE_SIZE = 100
DAY = 1440  # minutes
_WDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


def matches(ref: str) -> bool:
    return EVENT_TYPE_URI.match(ref) is not None


def _whole_minutes(value: object, least: int) -> int | None:
    """A number of minutes from Calendly: a whole number from ``least`` to a day, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not math.isfinite(value) or value != int(value) or not least <= value <= DAY:
        return None
    return int(value)


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
        match = EVENT_TYPE_URI.match(ref)
        if match is None:
            raise ProviderError(NAME, "Not a Calendly event type URI.")
        details, hosts = await gather_all(self.client.get(f"/event_types/{match.group(1)}"), self.hosts(ref))
        resource = details.get("resource") if isinstance(details, dict) else None
        if not isinstance(resource, dict):
            raise ProviderError(NAME, "Calendly sent an event type without a resource.")
        duration = _whole_minutes(resource.get("duration"), 1)
        if duration is None:
            # 0 or less would make slots that end before they start.
            raise ProviderError(NAME, f"Calendly sent an event type without a usable duration (1 to {DAY} minutes).")
        increment = resource.get("start_time_increment")
        interval = _whole_minutes(increment, 1)
        before, after = (_whole_minutes(resource.get(f"{side}_buffer") or 0, 0) for side in ("before", "after"))
        if (increment is not None and interval is None) or before is None or after is None:
            raise ProviderError(NAME, "Calendly sent an event type whose increment or buffers whofree cannot read.")
        return EventType(
            ref=ref,
            name=resource.get("name"),
            duration_minutes=duration,
            pooling=resource.get("pooling_type"),
            hosts=hosts,
            interval_minutes=interval,
            buffer_before_minutes=before,
            buffer_after_minutes=after,
        )

    async def hosts(self, ref: str) -> list[Host]:
        hosts: list[Host] = []
        async for page in self.client.pages("/event_type_memberships", {"event_type": ref, "count": PAGE_SIZE}):
            for item in page.get("collection") or []:
                member = item.get("member") or {}
                uri = member.get("uri")
                if not uri:
                    continue
                hosts.append(
                    Host(
                        id=member.get("email") or uri,
                        name=member.get("name"),
                        email=member.get("email"),
                        uri=uri,
                        key=uri,
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
            for item in page.get("collection") or []:
                rule = item.get("availability_rule") if isinstance(item, dict) else None
                if not isinstance(rule, dict) or not isinstance(rule.get("rules"), list):
                    continue  # an item without rules says nothing about open hours
                try:
                    schedule = to_schedule({"timezone": rule.get("timezone"), "rules": rule["rules"]})
                except (KeyError, TypeError, ValueError, AttributeError):
                    raise ProviderError(NAME, "Calendly sent an event type schedule whofree could not read.") from None
                out[rule.get("user") or None] = schedule
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
        schedules = [s for s in (body.get("collection") or []) if isinstance(s, dict)]
        if not schedules:
            raise ProviderError(NAME, "Calendly has no availability schedule for this host.")
        chosen = next((s for s in schedules if s.get("default")), schedules[0])
        return to_schedule(chosen)

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
        start = max(start, self.now + 60)
        parts = await gather_all(
            *(
                self.client.get("/user_busy_times", {"user": host.key, "start_time": iso(a), "end_time": iso(b)})
                for a, b in windows(start, end, BUSY_WINDOW)
            )
        )
        blocks = []
        for body in parts:
            for item in body.get("collection") or []:
                # An existing Calendly meeting's own buffers count as busy; unknown types are busy too.
                first = item.get("buffered_start_time") or item.get("start_time")
                last = item.get("buffered_end_time") or item.get("end_time")
                if first and last:
                    blocks.append((parse_instant(first), parse_instant(last)))
        return blocks

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
            for item in body.get("collection") or []:
                if item.get("status", "available") != "available" or not item.get("start_time"):
                    continue
                out.append(
                    ProviderSlot(
                        int(parse_instant(item["start_time"])),
                        item.get("invitees_remaining"),
                        item.get("scheduling_url"),
                    )
                )
        return out


def to_schedule(schedule: dict) -> Schedule:
    """Calendly rules (wday / date, "hh:mm" in the schedule's zone) as engine windows and overrides."""
    windows_: list[Window] = []
    overrides: dict[int, list[tuple[int, int]]] = {}
    for rule in schedule.get("rules") or []:
        intervals = [(_minutes(i["from"]), _minutes(i["to"])) for i in rule.get("intervals") or []]
        if rule.get("type") == "wday" and rule.get("wday") in _WDAYS:
            day = frozenset({_WDAYS[rule["wday"]]})
            windows_ += [Window(day, a, b) for a, b in intervals]
        elif rule.get("type") == "date" and rule.get("date"):
            overrides.setdefault(date.fromisoformat(rule["date"]).toordinal(), []).extend(intervals)
    return Schedule(timezone=schedule.get("timezone") or "UTC", open_hours=windows_, date_overrides=overrides or None)
