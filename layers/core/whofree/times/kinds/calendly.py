"""Calendly event types: the slots are Calendly's (/event_type_available_times); each host's open hours
and busy time come from Calendly too, shared between event types through the host cache."""

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
