"""Calendly event types: the slots are Calendly's (/event_type_available_times); each host's open hours
and busy time come from Calendly too, shared between event types through the host cache."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from zoneinfo import ZoneInfoNotFoundError

from whofree.credentials import calendly_token
from whofree.data import host_data
from whofree.engine import zone
from whofree.errors import ExternalCalendarError, NotFound
from whofree.instants import InvalidInstant
from whofree.providers import calendly
from whofree.providers.config import CALENDLY, client_options
from whofree.providers.http import Deadline, ProviderClient, gather_all
from whofree.providers.types import EventType, Host, ProviderError, ProviderNotFound
from whofree.times.types import Context, HostAnswer, KindAnswer, TimesRequest

name = "calendly"
matches = calendly.matches


async def _host(provider: calendly.Calendly, host: Host, start: float, end: float) -> HostAnswer:
    try:
        schedule, busy = await gather_all(provider.schedule(host), provider.busy(host, start, end))
        zone(schedule.timezone)
    except ProviderError as exc:
        return HostAnswer(host, error=exc.message)
    except (ZoneInfoNotFoundError, ValueError, KeyError, TypeError, InvalidInstant):
        return HostAnswer(host, error=f"{provider.name} sent calendar data whofree could not read.")
    return HostAnswer(host, schedule=schedule, busy=busy)


class Session:
    def __init__(self, provider: calendly.Calendly, request: TimesRequest) -> None:
        self.provider = provider
        self.request = request
        self.slots: asyncio.Future | None = None

    async def event_type(self) -> EventType:
        ref = self.request.event_type
        # The slots are fetched while the event type and its hosts are.
        self.slots = asyncio.ensure_future(self.provider.slots(ref, self.request.start, self.request.end))
        try:
            return await self.provider.event_type(ref)
        except ProviderNotFound:
            raise NotFound(f"Calendly has no event type {ref!r}.") from None
        except ProviderError as exc:
            raise ExternalCalendarError(exc.message) from None

    async def answer(self, event_type: EventType, hosts: list[Host], start: float, end: float) -> KindAnswer:
        data = await asyncio.gather(*(_host(self.provider, h, start, end) for h in hosts))
        try:
            slots = await self.slots
        except ProviderError as exc:
            raise ExternalCalendarError(exc.message) from None
        return KindAnswer(event_type, list(data), slots)


@asynccontextmanager
async def session(request: TimesRequest, deadline: float, now: float, context: Context) -> AsyncIterator[Session]:
    try:
        token = await asyncio.to_thread(calendly_token)
    except ProviderError as exc:
        raise ExternalCalendarError(exc.message) from None
    headers = {"Authorization": f"Bearer {token}"}
    limit = Deadline.after(deadline)
    options = client_options() | ({"transport": context.transport} if context.transport is not None else {})
    async with ProviderClient(name, CALENDLY.base_url, headers, limit, **options) as client:
        opened = Session(calendly.Calendly(client, now, host_data.for_table(context.table)), request)
        try:
            yield opened
        finally:
            if opened.slots is not None and not opened.slots.done():
                opened.slots.cancel()
