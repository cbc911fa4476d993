"""Calendly event types: the slots are Calendly's (/event_type_available_times); each host's open hours
and busy time come from Calendly too, shared between event types through the host cache.

A group event type (``kind: "group"``, API.md §3 "Group event types") reads its hosts' busy time
without the cache, with each Calendly meeting apart: the meetings booked through this very event type
(``/user_busy_times`` items carry ``event.uri``; the scheduled event says its ``event_type``) are the
host's ``seated`` meetings, which the dispatcher does not count in their own slot while it has seats."""

from __future__ import annotations

import asyncio

from whofree import budgets, connected
from whofree.context import Context
from whofree.credentials import calendly_token
from whofree.data import host_data
from whofree.domain import Host
from whofree.errors import ExternalCalendarError, NotFound
from whofree.providers import calendly
from whofree.providers.config import CALENDLY, open_client
from whofree.providers.http import gather_all
from whofree.providers.types import ProviderError, ProviderNotFound, warned
from whofree.times.types import HostAnswer, KindAnswer, Window, narrow

name = "calendly"
matches = calendly.matches


async def _host(
    provider: calendly.Calendly, own: calendly.TypeSchedules, host: Host, start: float, end: float
) -> HostAnswer:
    try:
        schedule, busy = await gather_all(provider.schedule(host, own), provider.busy(host, start, end))
    except ProviderError as exc:
        return HostAnswer(host, error=warned(exc))
    return HostAnswer(host, schedule=schedule, busy=busy)


async def _group_host(
    provider: calendly.Calendly,
    own: calendly.TypeSchedules,
    host: Host,
    start: float,
    end: float,
    ref: str,
    types: dict[str, asyncio.Future],
) -> HostAnswer:
    """A host of a group event type: busy time with this event type's own meetings apart."""
    try:
        schedule, (blocks, meetings) = await gather_all(
            provider.schedule(host, own), provider.busy_and_meetings(host, start, end)
        )
        for m in meetings:  # each scheduled event is looked up once, whoever else hosts it
            if m.uri not in types:
                types[m.uri] = asyncio.ensure_future(provider.event_type_of(m.uri))
        booked = await gather_all(*(types[m.uri] for m in meetings))
    except ProviderError as exc:
        return HostAnswer(host, error=warned(exc))
    mine = [(m.start, m.end, m.begins) for m, through in zip(meetings, booked, strict=True) if through == ref]
    others = [(m.start, m.end) for m, through in zip(meetings, booked, strict=True) if through != ref]
    return HostAnswer(host, schedule=schedule, busy=blocks + others, seated=mine)


async def fetch(
    ref: str, window: Window, hosts: tuple[str, ...] | None, context: Context, connection: str | None = None
) -> KindAnswer:
    try:
        credential = await connected.credential(context, name, connection, calendly_token)
    except ProviderError as exc:
        raise ExternalCalendarError(exc.message) from None
    headers = {"Authorization": f"Bearer {credential.token}"}
    budget = budgets.shared(context, "calendly", credential.label)
    async with open_client(context, name, CALENDLY.base_url(context.settings), headers, budget) as client:
        cache = host_data.for_table(context.table, context.settings, credential.via)
        provider = calendly.Calendly(client, context.now(), cache)
        # The slots are fetched while the event type, its hosts and their data are.
        slots = asyncio.ensure_future(provider.slots(ref, window.start, window.end))
        try:
            try:
                event_type, own = await gather_all(provider.event_type(ref), provider.type_schedules(ref))
            except ProviderNotFound:
                raise NotFound(f"Calendly has no event type {ref!r}.") from None
            except ProviderError as exc:
                raise ExternalCalendarError(exc.message) from None
            start, end = window.buffered(event_type)
            if event_type.group:
                types: dict[str, asyncio.Future] = {}
                answers = await asyncio.gather(
                    *(_group_host(provider, own, h, start, end, ref, types) for h in narrow(event_type.hosts, hosts))
                )
            else:
                answers = await asyncio.gather(
                    *(_host(provider, own, h, start, end) for h in narrow(event_type.hosts, hosts))
                )
            try:
                offered = await slots
            except ProviderError as exc:
                raise ExternalCalendarError(exc.message) from None
        finally:
            if not slots.done():
                slots.cancel()
    return KindAnswer(event_type, list(answers), offered)
