"""Cal.com event types (``calcom:<id>``): the slots are Cal.com's, and who can be labelled in them is
``calcom.plan()`` (why in providers/calcom.py): hosts Cal.com answers for one by one (round robin with
``rrHostSubsetEnabled``: /v2/slots with ``rrHostSubsetIds``) are free in a pooled slot iff the slot is
in their own answer; fixed hosts of a round robin and every host of a collective type are in every
pooled slot (they must be free for any slot to be offered); every other host is ``indistinct``: a
warning, never free. Clipping, holds, notice, the ``hosts`` filter and warnings are the dispatcher's."""

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
        host_plan = calcom.plan(event_type, hosts)

        async def one(host: Host) -> HostAnswer:
            try:
                slots = await self.provider.slots(ref, self.request.start, self.request.end, host)
            except ProviderError as exc:
                return HostAnswer(host, error=exc.message)
            return HostAnswer(host, starts={s.start for s in slots})

        asked = {a.host.id: a for a in await gather_all(*(one(h) for h in host_plan.asked))}
        always = {h.id for h in host_plan.always}
        answers = []
        for host in hosts:
            if host.id in asked:
                answers.append(asked[host.id])
            elif host.id in always:
                answers.append(HostAnswer(host))  # starts None: in every pooled slot
            else:
                answers.append(HostAnswer(host, indistinct=host_plan.unknown[host.id]))
        return KindAnswer(event_type, answers, self.pooled, per_host_slots=True)


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
