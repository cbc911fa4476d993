"""GET /v1/event_type_available_times for provider event types (API.md §3).

The slot list is the provider's own (what its booking page offers); whofree adds who is free in
each slot. Every host's data is fetched concurrently; a host whose calendar cannot be read becomes a
warning and is never labelled free. When every host fails, nothing can be answered (424).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfoNotFoundError

from whofree import pagination
from whofree.engine import Explanation, Participant, Query, Result, explain, free_masks, zone
from whofree.errors import Detail, ExternalCalendarError, InvalidArgument, NotFound, calendar_warnings
from whofree.instants import InvalidInstant, iso, time_range
from whofree.providers.types import (
    EventType,
    Host,
    HostSource,
    ProviderError,
    ProviderNotFound,
    ProviderSlot,
    Schedule,
)

PAGE_BYTES_LIMIT = 5_000_000


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


def read_request(query: dict[str, str]) -> TimesRequest:
    """Query string parameters to a request; every problem reported at once (400)."""
    errors: list[Detail] = []
    allowed = {"event_type", "start_time", "end_time", "timezone", "hosts", "count", "page_token", "explain"}
    errors += [Detail(name, "Unknown query parameter.") for name in sorted(set(query) - allowed)]
    event_type = query.get("event_type", "")
    if not event_type:
        errors.append(Detail("event_type", "Required."))
    start, end, problems = time_range(query.get("start_time"), query.get("end_time"))
    errors += [Detail(parameter, message) for parameter, message in problems]
    timezone = query.get("timezone") or None
    if timezone is not None:
        try:
            zone(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            errors.append(
                Detail("timezone", f"Unknown time zone {timezone!r}: use an IANA name such as America/New_York.")
            )
    hosts = None
    if "hosts" in query:
        hosts = tuple(h.strip() for h in query["hosts"].split(",") if h.strip())
        if not hosts:
            errors.append(Detail("hosts", "List at least one host id, separated by commas."))
    count = 1000
    if "count" in query:
        try:
            count = int(query["count"])
        except ValueError:
            count = 0
        if not 1 <= count <= 10_000:
            errors.append(Detail("count", "A whole number from 1 to 10000."))
    explain = query.get("explain", "false")
    if explain not in ("true", "false"):
        errors.append(Detail("explain", "true or false."))
    if errors:
        raise InvalidArgument(details=errors)
    return TimesRequest(
        event_type=event_type,
        start=int(start // 1),
        end=int(-(-end // 1)),
        timezone=timezone,
        hosts=hosts,
        count=count,
        page_token=query.get("page_token"),
        explain=explain == "true",
    )


@dataclass
class HostData:
    host: Host
    schedule: Schedule | None = None
    busy: list[tuple[float, float]] = field(default_factory=list)  # whofree's holds included
    error: str | None = None
    held: list[tuple[float, float]] = field(default_factory=list)  # whofree's holds alone (for explain)


@dataclass
class Labelled:
    event_type: EventType
    slots: list[tuple[ProviderSlot, list[Host]]]
    warnings: list[dict]
    notice_minutes: int = 0  # slots closer to "now" than this are dropped when served from cache
    valid_until: float | None = None  # an answer depending on a hold is good until the hold expires
    rendered: list[str] | None = None  # each slot's JSON, when it came from the cache already written
    unavailable: list[list[tuple[str, str]]] | None = None  # with explain: per slot, (host id, reason)

    def texts(self) -> list[str]:
        """Each slot as its JSON text (written once, then kept: the cache stores these)."""
        if self.rendered is None:
            duration = self.event_type.duration_minutes * 60
            if self.unavailable is None:
                self.rendered = [render(slot, hosts, duration) for slot, hosts in self.slots]
            else:
                self.rendered = [
                    render(slot, hosts, duration, why)
                    for (slot, hosts), why in zip(self.slots, self.unavailable, strict=True)
                ]
        return self.rendered


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


def why_not(
    hosts: list[Host],
    slots: list[tuple[ProviderSlot, list[Host]]],
    explanation: Explanation | None,
    wanted: Collection[str] | None = None,
) -> list[list[tuple[str, str]]]:
    """``explain`` (API.md §2): for each labelled slot, every host not in its available hosts, in host
    order (only ``wanted`` ones, for a ``hosts`` filter), with the first reason that applies.

    ``explanation`` is the engine's, over ``hosts`` in this order (participant n is hosts[n]) on a grid
    holding every slot's start. None where whofree sees no calendar at all (Cal.com): there, every host
    not listed is ``unknown`` (see calcom.times).
    """
    if explanation is None:
        reasons = [dict.fromkeys(range(len(hosts)), "unknown") for _ in slots]
    else:
        # The engine's reasons are authoritative: a host it finds free is in available_hosts.
        position = {start: i for i, start in enumerate(explanation.grid)}
        reasons = [dict(why) for why in explanation.unavailable([position[slot.start] for slot, _ in slots])]
    out = []
    for (_, free), reason in zip(slots, reasons, strict=True):
        taken = {h.id for h in free}
        out.append(
            [(h.id, reason[n]) for n, h in enumerate(hosts) if h.id not in taken and (wanted is None or h.id in wanted)]
        )
    return out


async def _host_data(provider: HostSource, host: Host, start: float, end: float) -> HostData:
    from whofree.providers.http import gather_all

    try:
        schedule, busy = await gather_all(provider.schedule(host), provider.busy(host, start, end))
        zone(schedule.timezone)
    except ProviderError as exc:
        return HostData(host, error=exc.message)
    except (ZoneInfoNotFoundError, ValueError, KeyError, TypeError, InvalidInstant):
        return HostData(host, error=f"{provider.name} sent calendar data whofree could not read.")
    return HostData(host, schedule, busy)


def label(
    event_type: EventType, slots: list[ProviderSlot], data: list[HostData]
) -> list[tuple[ProviderSlot, list[Host]]]:
    """Each provider slot with the hosts free in it (engine rules 2 and 3), hosts in provider order."""
    readable = [d for d in data if d.error is None]
    if event_type.pooling == "collective":
        # The provider offers a collective slot only when every host is free.
        return [(slot, [d.host for d in readable]) for slot in slots]
    grid = sorted({slot.start for slot in slots})
    if not grid or not readable:
        return [(slot, []) for slot in slots]
    masks = free_masks(grid, _query(event_type, grid, [_participant(d) for d in readable]))
    position = {start: i for i, start in enumerate(grid)}
    free = Result(grid=grid, offered=[], free=masks).free_sets(list(range(len(grid))))
    return [(slot, [d.host for n, d in enumerate(readable) if free[position[slot.start]] >> n & 1]) for slot in slots]


def _participant(d: HostData) -> Participant:
    """A host as the engine sees it; one whose calendar could not be read has only its holds."""
    if d.error is not None or d.schedule is None:
        return Participant(d.host.id, "UTC", busy=d.held)
    return Participant(d.host.id, d.schedule.timezone, d.schedule.open_hours, d.schedule.date_overrides, d.busy)


def _query(event_type: EventType, grid: list[int], participants: list[Participant]) -> Query:
    duration = event_type.duration_minutes * 60
    return Query(
        start=grid[0],
        end=grid[-1] + duration,
        duration=duration,
        interval_minutes=event_type.interval_minutes or event_type.duration_minutes,
        timezone="UTC",
        participants=participants,
        buffer_before=event_type.buffer_before_minutes * 60,
        buffer_after=event_type.buffer_after_minutes * 60,
    )


def _explain(
    event_type: EventType, labelled: list[tuple[ProviderSlot, list[Host]]], data: list[HostData]
) -> list[list[tuple[str, str]]]:
    """With explain: why each host of ``data`` is not in each slot (unreadable hosts: held or unknown)."""
    grid = sorted({slot.start for slot, _ in labelled})
    if not grid:
        return []
    query = _query(event_type, grid, [_participant(d) for d in data])
    unknown = [n for n, d in enumerate(data) if d.error is not None]
    explanation = explain(grid, query, [d.held for d in data], unknown)
    return why_not([d.host for d in data], labelled, explanation)


async def provider_times(request: TimesRequest, deadline_seconds: float, now: float | None = None) -> Labelled:
    """Fetch and label the provider's slots. NotFound for an unknown event type, 424 when all hosts fail."""
    from whofree.providers import calendly
    from whofree.providers.config import CALENDLY, client_options
    from whofree.providers.http import Deadline, ProviderClient

    if not calendly.matches(request.event_type):
        from whofree.providers import calcom

        if calcom.matches(request.event_type):
            return await calcom.times(request, deadline_seconds, now)
        from whofree import configured, store

        return await configured.times(store.table(), request, deadline_seconds, now)
    from whofree.providers.calendly_oauth import token as calendly_token

    try:
        token = await asyncio.to_thread(calendly_token)
    except ProviderError as exc:
        raise ExternalCalendarError(exc.message) from None
    deadline = Deadline.after(deadline_seconds)
    headers = {"Authorization": f"Bearer {token}"}
    async with ProviderClient("calendly", CALENDLY.base_url, headers, deadline, **client_options()) as client:
        from whofree import store

        provider = calendly.Calendly(client, now, store.table())
        slots_task = asyncio.ensure_future(provider.slots(request.event_type, request.start, request.end))
        try:
            event_type = await provider.event_type(request.event_type)
        except ProviderNotFound:
            slots_task.cancel()
            raise NotFound(f"Calendly has no event type {request.event_type!r}.") from None
        except ProviderError as exc:
            slots_task.cancel()
            raise ExternalCalendarError(exc.message) from None
        hosts = _narrow(event_type.hosts, request.hosts)
        # Slots lie inside [start, end) (§2 rule 1), so busy time matters from the first slot's
        # before-buffer to the last slot's after-buffer.
        lead, lag = event_type.buffer_before_minutes * 60, event_type.buffer_after_minutes * 60
        data = await asyncio.gather(*(_host_data(provider, h, request.start - lead, request.end + lag) for h in hosts))
        try:
            slots = await slots_task
        except ProviderError as exc:
            raise ExternalCalendarError(exc.message) from None
    valid_until = _add_holds(request, list(data), now)
    labelled = finish(event_type, slots, list(data), request)
    labelled.valid_until = valid_until
    return labelled


def _add_holds(request: TimesRequest, data: list[HostData], now: float | None) -> float | None:
    """whofree's own holds make their hosts busy (API.md §4); returns when the first one expires."""
    from whofree import configured, store

    table = store.table()
    if table is None:
        return None
    moment = time.time() if now is None else now
    holds, until = configured.held(table, request.event_type, request.start - 86_400, request.end, moment)
    for d in data:
        d.held = holds.get(d.host.id, [])
        if d.error is None and d.host.id in holds:
            d.busy = d.busy + holds[d.host.id]
    return until


def _narrow(hosts: list[Host], wanted: tuple[str, ...] | None) -> list[Host]:
    if wanted is None:
        return hosts
    known = {key: h for h in hosts for key in (h.id, h.email, h.uri, h.key) if key}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise InvalidArgument(details=[Detail("hosts", f"Not a host of this event type: {', '.join(unknown)}.")])
    chosen = {known[w].id for w in wanted}
    return [h for h in hosts if h.id in chosen]


def finish(event_type: EventType, slots: list[ProviderSlot], data: list[HostData], request: TimesRequest) -> Labelled:
    # As in §2, a slot lies inside the range: it ends by end_time.
    duration = event_type.duration_minutes * 60
    slots = [s for s in slots if request.start <= s.start and s.start + duration <= request.end]
    warnings = calendar_warnings({d.host.id: d.error for d in data if d.error is not None}, len(data))
    labelled = label(event_type, sorted(slots, key=lambda s: s.start), data)
    if request.hosts is not None:
        # Narrowed to some hosts: only the slots that one of them can take.
        labelled = [(slot, hosts) for slot, hosts in labelled if hosts]
    unavailable = _explain(event_type, labelled, data) if request.explain else None
    return Labelled(event_type, labelled, warnings, unavailable=unavailable)


def page(labelled: Labelled, request: TimesRequest, base_url: str | None) -> str:
    """The JSON page: request-bound keyset tokens, at most ``count`` items and under 5 MB."""
    items = labelled.slots
    first = 0
    if request.page_token is not None:
        after = pagination.decode(request.page_token, request.digest())
        first = next((n for n, (slot, _) in enumerate(items) if slot.start > after), len(items))
    out: list[str] = []
    size = 0
    for text in labelled.texts()[first : first + request.count]:
        size += len(text) + 1
        if size > PAGE_BYTES_LIMIT - 4096 and out:
            break
        out.append(text)
    more = first + len(out) < len(items)
    token = next_page = None
    if more:
        token = pagination.encode(items[first + len(out) - 1][0].start, request.digest())
        if base_url:
            params = {
                "event_type": request.event_type,
                "start_time": iso(request.start),
                "end_time": iso(request.end),
            }
            if request.timezone:
                params["timezone"] = request.timezone
            if request.hosts is not None:
                params["hosts"] = ",".join(request.hosts)
            params |= {"count": str(request.count), "page_token": token}
            next_page = f"{base_url}/v1/event_type_available_times?{urlencode(params)}"
    envelope = {"count": len(out), "next_page_token": token, "next_page": next_page}
    body = f'{{"collection":[{",".join(out)}],"pagination":{json.dumps(envelope, separators=(",", ":"))}'
    if labelled.warnings:
        body += f',"warnings":{json.dumps(labelled.warnings, separators=(",", ":"))}'
    return body + "}"
