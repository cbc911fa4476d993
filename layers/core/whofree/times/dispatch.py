"""The event-type times service: GET /v1/event_type_available_times (API.md §3) and every caller that
needs an event type's labelled slots, all asking with a typed ``TimesRequest`` and a request context:
``answer`` (the route: cache, else compute, count a hit, one page), ``warm`` (the warmer: compute and
cache) and ``times`` (reservations: compute, never from the cache).

It does, once for every kind of event type (``kinds``): picking the kind, the ``hosts`` filter,
whofree's holds (API.md §4: a held host is not free in any answer), the minimum notice, clipping
slots to [start_time, end_time), labelling, warnings, the answer cache, paging and rendering. A kind
only reads its provider, in one ``fetch``: the event type, its slots, each host's data.

Holds stay apart from the providers' busy time until ``_label`` merges them, and an unreadable host
stays marked as such (``HostAnswer.error``; ``HostAnswer.indistinct`` for a host the provider cannot
tell apart from the others), so that ``explain`` (API.md §2 "Why not free") is answered in ``_label``
too, for every kind: ``_held`` is ``held``, the engine's ``explain`` tells ``busy`` from
``outside_hours``, and a host that is not ``readable`` (error or indistinct) is ``unknown`` where
nothing known of the host gives another reason (§2's order: held, busy, outside_hours, unknown).
Cal.com hosts, whose calendars whofree does not see, are ``held`` or ``unknown``
(``_why_not_per_host``); an indistinct one is never free.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from whofree import pagination
from whofree.context import Context
from whofree.data import bookings, hits, holds
from whofree.domain import EventType, Host, ProviderSlot
from whofree.engine import Participant, Query, Result, compute, explain, free_masks, zones
from whofree.errors import CALENDAR_WARNING_TITLE, Detail, InvalidArgument, calendar_warnings, invalid
from whofree.instants import iso, time_range
from whofree.params import whole_number
from whofree.times import cache, order
from whofree.times.kinds import calcom, calendly, configured
from whofree.times.types import HostAnswer, KindAnswer, Labelled, Servable, TimesRequest, narrow

PAGE_BYTES_LIMIT = 5_000_000
KINDS = (calendly, calcom, configured)  # the first that matches the event type answers it

Why = list[tuple[str, str]]  # explain: the hosts of one slot that are not free, (host id, reason), in host order


def read_request(query: dict[str, str]) -> TimesRequest:
    """Query string parameters to a request; every problem reported at once (400)."""
    errors: list[Detail] = []
    allowed = {"event_type", "start_time", "end_time", "timezone", "hosts", "count", "page_token", "explain"}
    allowed.add("connection")
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
    count = whole_number(query, "count", 1000, 1, 10_000, errors)
    explain_ = query.get("explain", "false")
    if explain_ not in ("true", "false"):
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
        explain=explain_ == "true",
        connection=query.get("connection") or None,
    )


async def times(request: TimesRequest, context: Context) -> Labelled:
    """The event type's labelled slots, computed (never from the cache). NotFound for an unknown event
    type, 424 when every host fails; a store that cannot be read for the holds is a 503."""
    kind = next(k for k in KINDS if k.matches(request.event_type))
    answer = await kind.fetch(request.event_type, request.window, request.hosts, context, request.connection)
    event_type = answer.event_type
    lead, lag = event_type.buffer_before_minutes * 60, event_type.buffer_after_minutes * 60
    moment = context.now()
    seen = holds.locks(context.table, [h.id for h in event_type.hosts]) if context.table is not None else None
    held, valid_until, versions = _holds(seen, request, lead, lag, moment)
    # Read after the locks: a hold granted in between changes a lock's version, so an answer with
    # the older version is never stored (the booking records are covered by the hosts' versions).
    assignment = order.assign(event_type, _booked(context, seen, moment), moment)
    if assignment.valid_until is not None:
        valid_until = min(valid_until or assignment.valid_until, assignment.valid_until)
    warnings = _warnings(answer.hosts)
    labelled, why = _label(answer, held, request, moment)
    labelled, why = _in_order(labelled, why, assignment)
    if request.hosts is not None:
        # Narrowed to some hosts: only the slots one of them can take, with only them.
        ids = {h.id for h in narrow(event_type.hosts, request.hosts)}
        keep = [n for n, (_, free) in enumerate(labelled) if any(h.id in ids for h in free)]
        labelled = [(labelled[n][0], [h for h in labelled[n][1] if h.id in ids]) for n in keep]
        if why is not None:
            why = [[(host, reason) for host, reason in why[n] if host in ids] for n in keep]
    return Labelled(
        event_type,
        labelled,
        warnings,
        event_type.minimum_notice_minutes,
        valid_until,
        versions,
        unavailable=why,
        assignment=assignment.public(),
    )


def _booked(context: Context, seen: dict[str, holds.Lock] | None, now: float) -> dict[str, list[float]]:
    """Each host's known bookings: the deliveries' records, and the holds granted on it (its lock)."""
    if seen is None:
        return {}
    out = bookings.read(context.table, list(seen))
    for host, lock in seen.items():
        if lock.booked:
            out[host] = bookings.prune([*out.get(host, []), *lock.booked], now)
    return out


def _in_order(
    labelled: list[tuple[ProviderSlot, list[Host]]], why: list[Why] | None, assignment: order.Assignment
) -> tuple[list[tuple[ProviderSlot, list[Host]]], list[Why] | None]:
    """Each slot's free hosts in assignment order (explain's others stay in host order)."""
    rank = assignment.rank()
    return [(slot, sorted(hosts, key=lambda h: rank.get(h.id, len(rank)))) for slot, hosts in labelled], why


def _warnings(answers: list[HostAnswer]) -> list[dict]:
    """A warning for each host whose calendar could not be read (424 when that is every host), then for
    each host the provider cannot tell apart from the others (not a failed read: never a 424)."""
    warnings = calendar_warnings({h.host.id: h.error for h in answers if h.error is not None}, len(answers))
    return warnings + [
        {"participant": h.host.id, "title": CALENDAR_WARNING_TITLE, "message": h.indistinct}
        for h in answers
        if h.error is None and h.indistinct is not None
    ]


def _holds(
    seen: dict[str, holds.Lock] | None, request: TimesRequest, lead: int, lag: int, now: float
) -> tuple[dict[str, list[tuple[int, int]]], float | None, dict[str, str] | None]:
    """whofree's live holds on the event type's hosts (from any event type: a hold makes its hosts busy
    in every answer), per host id as busy blocks [start - buffer before, end + buffer after) of the
    event type that holds them; when the first expires; and the hosts' lock versions (the cache keeps
    an answer only while they are unchanged)."""
    if seen is None:
        return {}, None, None
    held, first = holds.busy(seen, request.start - lead, request.end + lag, now)
    return held, first, holds.versions(seen)


def _held(blocks: list[tuple[int, int]], start: int, duration: int, lead: int, lag: int) -> bool:
    """Whether a hold overlaps the buffered slot [start - lead, start + duration + lag)."""
    return any(a < start + duration + lag and b > start - lead for a, b in blocks)


def _label(
    answer: KindAnswer, held: dict[str, list[tuple[int, int]]], request: TimesRequest, now: float
) -> tuple[list[tuple[ProviderSlot, list[Host]]], list[Why] | None]:
    """Each slot inside the range and past the minimum notice, with every host free in it; with
    ``explain``, also each slot's other hosts with their reasons (else None)."""
    event_type = answer.event_type
    duration = event_type.duration_minutes * 60
    lead, lag = event_type.buffer_before_minutes * 60, event_type.buffer_after_minutes * 60
    earliest = now + event_type.minimum_notice_minutes * 60
    if answer.slots is None:
        return _label_grid(answer, held, request.explain)
    slots = sorted(
        (
            s
            for s in answer.slots
            if request.start <= s.start and s.start + duration <= request.end and s.start >= earliest
        ),
        key=lambda s: s.start,
    )
    readable = [h for h in answer.hosts if h.readable]
    per_host = answer.per_host_slots or event_type.pooling == "collective"
    if per_host:
        # Per-host slot answers (or a collective type, whose slots need every host): free iff the
        # provider offers the slot to that host.
        free = [[h.host for h in readable if h.starts is None or s.start in h.starts] for s in slots]
    else:
        free = _engine_labels(event_type, slots, readable)
    labelled = [
        (slot, [h for h in hosts if not _held(held.get(h.id, []), slot.start, duration, lead, lag)])
        for slot, hosts in zip(slots, free, strict=True)
    ]
    if not request.explain:
        return labelled, None
    if per_host:
        return labelled, _why_not_per_host(answer, held, labelled)
    return labelled, _why_not_engine(answer, held, labelled)


def _provider_query(event_type: EventType, grid: list[int], participants: list[Participant]) -> Query:
    """The engine's query over provider slots (``grid``: their starts), for rules 2 and 3 only."""
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


def _participant(h: HostAnswer) -> Participant:
    """A host of an engine-labelled kind as the engine sees it: its open hours and busy time (a group
    event type's own meetings included: busy, but in their own slot while it has seats)."""
    busy = h.busy + [(a, b) for a, b, _ in h.seated]
    return Participant(h.host.id, h.schedule.timezone, h.schedule.open_hours, h.schedule.date_overrides, busy)


def _engine_labels(event_type: EventType, slots: list[ProviderSlot], readable: list[HostAnswer]) -> list[list[Host]]:
    """Who is free in each provider slot by the engine's rules 2 and 3, from open hours and busy time;
    a host in a group event type's meeting is free in that meeting's slot while it has seats, when
    nothing else makes it busy there (API.md §3 "Group event types")."""
    free = _engine_free(event_type, slots, readable)
    for n, slot in enumerate(slots):
        if not slot.invitees_remaining or not any(h.seated for h in readable):
            continue
        taken = {h.id for h in free[n]}
        seated = [h for h in readable if h.host.id not in taken and any(s == slot.start for _, _, s in h.seated)]
        for h in seated:
            rest = dataclasses.replace(h, busy=h.busy + [(a, b) for a, b, s in h.seated if s != slot.start], seated=[])
            if _engine_free(event_type, [slot], [rest])[0]:
                taken.add(h.host.id)
        free[n] = [h.host for h in readable if h.host.id in taken]
    return free


def _engine_free(event_type: EventType, slots: list[ProviderSlot], readable: list[HostAnswer]) -> list[list[Host]]:
    """Who is free in each provider slot by the engine's rules 2 and 3, from open hours and busy time."""
    grid = sorted({slot.start for slot in slots})
    if not grid or not readable:
        return [[] for _ in slots]
    masks = free_masks(grid, _provider_query(event_type, grid, [_participant(h) for h in readable]))
    position = {start: i for i, start in enumerate(grid)}
    free = Result(grid=grid, offered=[], free=masks).free_sets(list(range(len(grid))))
    return [[h.host for n, h in enumerate(readable) if free[position[slot.start]] >> n & 1] for slot in slots]


def _why_not_engine(
    answer: KindAnswer, held: dict[str, list[tuple[int, int]]], labelled: list[tuple[ProviderSlot, list[Host]]]
) -> list[Why]:
    """explain, engine-labelled provider slots (Calendly): the engine's reasons over every host, with
    holds apart. An unreadable host's hours come from the provider too, so only its holds are known:
    it is ``held`` where one overlaps, else ``unknown``."""
    grid = sorted({slot.start for slot, _ in labelled})
    if not grid:
        return []
    participants = [_participant(h) if h.readable else Participant(h.host.id, "UTC", busy=[]) for h in answer.hosts]
    explanation = explain(
        grid,
        _provider_query(answer.event_type, grid, participants),
        [held.get(h.host.id, []) for h in answer.hosts],
        [n for n, h in enumerate(answer.hosts) if not h.readable],
    )
    position = {start: i for i, start in enumerate(grid)}
    reasons = explanation.unavailable([position[slot.start] for slot, _ in labelled])
    return _why_not([h.host for h in answer.hosts], labelled, reasons)


def _why_not_per_host(
    answer: KindAnswer, held: dict[str, list[tuple[int, int]]], labelled: list[tuple[ProviderSlot, list[Host]]]
) -> list[Why]:
    """explain, per-host slot answers (Cal.com) and collective types: whofree sees no calendar, only
    whether the provider offers the slot to the host. A host not free is ``held`` where one of
    whofree's holds overlaps, else ``unknown`` (unreadable, indistinct: never free, or left out by the
    provider, which does not say why: busy, outside its hours, a booking limit; whofree does not guess)."""
    event_type = answer.event_type
    duration = event_type.duration_minutes * 60
    lead, lag = event_type.buffer_before_minutes * 60, event_type.buffer_after_minutes * 60
    reasons = [
        [
            (n, "held" if _held(held.get(h.host.id, []), slot.start, duration, lead, lag) else "unknown")
            for n, h in enumerate(answer.hosts)
        ]
        for slot, _ in labelled
    ]
    return _why_not([h.host for h in answer.hosts], labelled, reasons)


def _why_not(
    hosts: list[Host], labelled: list[tuple[ProviderSlot, list[Host]]], reasons: list[list[tuple[int, str]]]
) -> list[Why]:
    """For each labelled slot, every host of ``hosts`` not in its free hosts, in host order, with its
    reason from ``reasons`` (per slot, (index in ``hosts``, reason); a free host's is ignored). A host
    not free without a reason is a bug: KeyError rather than an answer that hides it."""
    out = []
    for (_, free), why in zip(labelled, reasons, strict=True):
        taken = {h.id for h in free}
        reason = dict(why)
        out.append([(h.id, reason[n]) for n, h in enumerate(hosts) if h.id not in taken])
    return out


def _label_grid(
    answer: KindAnswer, held: dict[str, list[tuple[int, int]]], explained: bool
) -> tuple[list[tuple[ProviderSlot, list[Host]]], list[Why] | None]:
    """The engine's own slots (§2, groups and all): holds are busy time, an unreadable host has no open time."""
    query: Query = answer.query
    participants = []
    for host, participant in zip(answer.hosts, query.participants, strict=True):
        if not host.readable:
            # Never label free a host whose calendar could not be read: no open time at all.
            participants.append(Participant(participant.id, participant.timezone, open_hours=[]))
            continue
        updated = dataclasses.replace(participant, busy=list(participant.busy) + host.busy + held.get(host.host.id, []))
        if host.schedule is not None:
            updated = dataclasses.replace(updated, timezone=host.schedule.timezone, open_hours=host.schedule.open_hours)
        participants.append(updated)
    result = compute(dataclasses.replace(query, participants=participants))
    hosts = [h.host for h in answer.hosts]
    labelled = [
        (ProviderSlot(result.grid[index], 1), [hosts[n] for n in range(len(hosts)) if free >> n & 1])
        for index, free in zip(result.offered, result.free_sets(result.offered), strict=True)
    ]
    if not explained:
        return labelled, None
    # Why not free: the same query, holds apart (held wins over busy); a host whose calendar could not
    # be read is never free, but its inline busy and configured hours still give a reason before unknown.
    known = [q if not h.readable else p for h, q, p in zip(answer.hosts, query.participants, participants, strict=True)]
    explanation = explain(
        result.grid,
        dataclasses.replace(query, participants=known),
        [held.get(h.host.id, []) for h in answer.hosts],
        [n for n, h in enumerate(answer.hosts) if not h.readable],
    )
    return labelled, _why_not(hosts, labelled, explanation.unavailable(result.offered))


@dataclass(frozen=True)
class Page:
    """One page of GET /v1/event_type_available_times, with what the route logs about it."""

    body: str
    slots: int  # in the whole answer, not only this page
    warnings: int
    cached: bool  # served from the answer cache


def answer(request: TimesRequest, context: Context, base_url: str | None) -> Page:
    """The page asked for: from the cache when it has the answer, else computed (and cached)."""
    table = context.table
    if table is not None and request.connection is not None:
        _check_connection(context, request)
    found: Servable | None = cache.load(context, request) if table is not None else None
    cached = found is not None
    if found is None:
        start = cache.begin(context, request)  # before any provider is read
        found = asyncio.run(times(request, context))
        cache.save(context, request, found, start)
    if table is not None:
        hits.count_hit(context, request.event_type)
    body = page(found, request, base_url, pagination.tokens(context.runtime))
    return Page(body, len(found.starts()), len(found.warnings), cached)


def _check_connection(context: Context, request: TimesRequest) -> None:
    """Before the answer cache, which may hold an answer read through a connection since deleted: the
    named connection is the account's (ConnectionNotFound, 404, otherwise) and reads this kind of event
    type (400 naming ``connection`` otherwise). None named costs nothing here: a cached answer is the
    account's own, and a computation resolves the connection (400 when the account has several)."""
    from whofree.connections import store

    kind = next(k for k in KINDS if k.matches(request.event_type))
    provider = store.get(context, request.connection or "")["provider"]
    if kind.name not in (provider, configured.name):  # a configured event type refuses any (its fetch)
        raise invalid("connection", f"Connection {request.connection} is not {kind.name}'s.")


async def warm(event_type: str, start: int, end: int, context: Context) -> Labelled:
    """Compute and cache the event type's whole answer for [start, end) (the warmer)."""
    request = TimesRequest(event_type, start, end, count=10_000)
    began = cache.begin(context, request)  # before any provider is read
    labelled = await times(request, context)
    cache.save(context, request, labelled, began)
    return labelled


def page(answer: Servable, request: TimesRequest, base_url: str | None, tokens: pagination.PageTokens) -> str:
    """The JSON page: keyset tokens bound to the request and signed by ``tokens``, at most ``count``
    items and under 5 MB."""
    starts = answer.starts()
    first = 0
    if request.page_token is not None:
        after = tokens.decode(request.page_token, request.digest())
        first = next((n for n, start in enumerate(starts) if start > after), len(starts))
    out: list[str] = []
    size = 0
    for n in range(first, min(first + request.count, len(starts))):
        text = answer.text(n)  # only the slots this page serves are written
        size += len(text) + 1
        if size > PAGE_BYTES_LIMIT - 4096 and out:
            break
        out.append(text)
    more = first + len(out) < len(starts)
    token = next_page = None
    if more:
        token = tokens.encode(starts[first + len(out) - 1], request.digest())
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
            if request.explain:  # the next page explains too (the token does not carry it)
                params["explain"] = "true"
            if request.connection is not None:
                params["connection"] = request.connection
            params |= {"count": str(request.count), "page_token": token}
            next_page = f"{base_url}/v1/event_type_available_times?{urlencode(params)}"
    envelope = {"count": len(out), "next_page_token": token, "next_page": next_page}
    body = f'{{"collection":[{",".join(out)}],"pagination":{json.dumps(envelope, separators=(",", ":"))}'
    if answer.assignment is not None:
        body += f',"assignment":{json.dumps(answer.assignment, separators=(",", ":"))}'
    if answer.warnings:
        body += f',"warnings":{json.dumps(answer.warnings, separators=(",", ":"))}'
    return body + "}"
