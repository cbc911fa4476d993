"""Cal.com event types (``calcom:<id>``): the slots are Cal.com's, and each host's answer is Cal.com's
own slots for that host alone (/v2/slots with ``rrHostSubsetIds``; why in providers/calcom.py): a host
is free in a pooled slot iff the slot is in its answer. Mandatory hosts of a round robin and every
host of a collective type are not asked: they must be free for any slot to be offered at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from whofree.errors import ExternalCalendarError, NotFound
from whofree.providers import calcom
from whofree.providers.config import CALCOM, client_options
from whofree.providers.http import Deadline, ProviderClient, gather_all
from whofree.providers.types import EventType, Host, ProviderError, ProviderNotFound, ProviderSlot
from whofree.times.types import Context, HostAnswer, KindAnswer, TimesRequest

name = calcom.NAME
matches = calcom.matches


class Session:
    def __init__(self, provider: calcom.Calcom, request: TimesRequest) -> None:
        self.provider = provider
        self.request = request
        self.pooled: list[ProviderSlot] = []

    async def event_type(self) -> EventType:
        ref, start, end = self.request.event_type, self.request.start, self.request.end
        try:
            event_type, self.pooled = await gather_all(
                self.provider.event_type(ref), self.provider.slots(ref, start, end)
            )
        except ProviderNotFound:
            raise NotFound(f"Cal.com has no event type {ref!r}.") from None
        except ProviderError as exc:
            raise ExternalCalendarError(exc.message) from None
        return event_type

    async def answer(self, event_type: EventType, hosts: list[Host], start: float, end: float) -> KindAnswer:
        ref = self.request.event_type
        fixed = event_type.pooling == "collective"
        mandatory = event_type.extra["mandatory"]

        async def one(host: Host) -> HostAnswer:
            if fixed or host.key in mandatory:
                return HostAnswer(host)  # in every pooled slot
            try:
                slots = await self.provider.slots(ref, self.request.start, self.request.end, host)
            except ProviderError as exc:
                return HostAnswer(host, error=exc.message)
            return HostAnswer(host, starts={s.start for s in slots})

        hosts_answers = list(await gather_all(*(one(h) for h in hosts)))
        return KindAnswer(event_type, hosts_answers, self.pooled, per_host_slots=True)


@asynccontextmanager
async def session(request: TimesRequest, deadline: float, now: float, context: Context) -> AsyncIterator[Session]:
    try:
        key = CALCOM.credential()
    except ProviderError as exc:
        raise ExternalCalendarError(exc.message) from None
    headers = {"Authorization": f"Bearer {key}"}
    options = client_options() | ({"transport": context.transport} if context.transport is not None else {})
    async with ProviderClient(name, CALCOM.base_url, headers, Deadline.after(deadline), **options) as client:
        yield Session(calcom.Calcom(client), request)
