"""GET /v1/event_type_available_times for provider event types (API.md §3).

The slot list is the provider's own (what its booking page offers); whofree adds who is free in
each slot. Every host's data is fetched concurrently; a host whose calendar cannot be read becomes a
warning and is never labelled free. When every host fails, nothing can be answered (424).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfoNotFoundError

from whofree import pagination, params
from whofree.engine import Participant, Query, Result, free_masks, zone, zones
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

    def digest(self) -> bytes:
        bound = [self.event_type, self.start, self.end, self.timezone, self.hosts]
        return pagination.request_digest(json.dumps(bound).encode())


def read_request(query: dict[str, str]) -> TimesRequest:
    """Query string parameters to a request; every problem reported at once (400)."""
    errors: list[Detail] = []
    allowed = {"event_type", "start_time", "end_time", "timezone", "hosts", "count", "page_token"}
    errors += [Detail(name, "Unknown query parameter.") for name in sorted(set(query) - allowed)]
    event_type = query.get("event_type", "")
    if not event_type:
        errors.append(Detail("event_type", "Required."))
    start, end, problems = time_range(query.get("start_time"), query.get("end_time"))
    errors += [Detail(parameter, message) for parameter, message in problems]
    timezone = query.get("timezone") or None
    if timezone is not None and (message := zones.problem(timezone)) is not None:
        errors.append(Detail("timezone", message))
    hosts = None
    if "hosts" in query:
        hosts = tuple(h.strip() for h in query["hosts"].split(",") if h.strip())
        if not hosts:
            errors.append(Detail("hosts", "List at least one host id, separated by commas."))
    count = params.whole_number(query, "count", 1000, 1, 10_000, errors)
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
    )


@dataclass
class HostData:
    host: Host
    schedule: Schedule | None = None
    busy: list[tuple[float, float]] = field(default_factory=list)
    error: str | None = None


@dataclass
class Labelled:
    event_type: EventType
    slots: list[tuple[ProviderSlot, list[Host]]]
    warnings: list[dict]
    notice_minutes: int = 0  # slots closer to "now" than this are dropped when served from cache
    valid_until: float | None = None  # an answer depending on a hold is good until the hold expires
    rendered: list[str] | None = None  # each slot's JSON, when it came from the cache already written

    def texts(self) -> list[str]:
        """Each slot as its JSON text (written once, then kept: the cache stores these)."""
        if self.rendered is None:
            duration = self.event_type.duration_minutes * 60
            self.rendered = [render(slot, hosts, duration) for slot, hosts in self.slots]
        return self.rendered


def render(slot: ProviderSlot, hosts: list[Host], duration: int) -> str:
    item: dict = {
        "status": "available",
        "start_time": iso(slot.start),
        "end_time": iso(slot.start + duration),
        "invitees_remaining": slot.invitees_remaining if slot.invitees_remaining is not None else 1,
        "available_hosts": [h.public() for h in hosts],
    }
    if slot.scheduling_url:
        item["scheduling_url"] = slot.scheduling_url
    return json.dumps(item, separators=(",", ":"))


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
    duration = event_type.duration_minutes * 60
    query = Query(
        start=grid[0],
        end=grid[-1] + duration,
        duration=duration,
        interval_minutes=event_type.interval_minutes or event_type.duration_minutes,
        timezone="UTC",
        participants=[
            Participant(d.host.id, d.schedule.timezone, d.schedule.open_hours, d.schedule.date_overrides, d.busy)
            for d in readable
        ],
        buffer_before=event_type.buffer_before_minutes * 60,
        buffer_after=event_type.buffer_after_minutes * 60,
    )
    masks = free_masks(grid, query)
    position = {start: i for i, start in enumerate(grid)}
    free = Result(grid=grid, offered=[], free=masks).free_sets(list(range(len(grid))))
    return [(slot, [d.host for n, d in enumerate(readable) if free[position[slot.start]] >> n & 1]) for slot in slots]


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
    return Labelled(event_type, labelled, warnings)


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
