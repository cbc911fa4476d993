"""Cal.com event types (``calcom:<id>``): the slots are Cal.com's, and who can be labelled in them is
``calcom.plan()`` (why in providers/calcom.py): hosts Cal.com answers for one by one (round robin with
``rrHostSubsetEnabled``: /v2/slots with ``rrHostSubsetIds``) are free in a pooled slot iff the slot is
in their own answer; fixed hosts of a round robin and every host of a collective type are in every
pooled slot (they must be free for any slot to be offered); every other host is ``indistinct``: a
warning, never free. Clipping, holds, notice, the ``hosts`` filter and warnings are the dispatcher's."""

from __future__ import annotations

from whofree import budgets, connected
from whofree.context import Context
from whofree.domain import Host
from whofree.errors import ExternalCalendarError, NotFound
from whofree.providers import calcom
from whofree.providers.config import CALCOM, open_client
from whofree.providers.http import gather_all
from whofree.providers.types import ProviderError, ProviderNotFound, warned
from whofree.times.types import HostAnswer, KindAnswer, Window, narrow

name = calcom.NAME
matches = calcom.matches


async def _answers(provider: calcom.Calcom, ref: str, window: Window, plan: calcom.HostPlan) -> dict[str, HostAnswer]:
    """The hosts Cal.com answers for one by one: the slots each can take."""

    async def one(host: Host) -> HostAnswer:
        try:
            slots = await provider.slots(ref, window.start, window.end, host)
        except ProviderError as exc:
            return HostAnswer(host, error=warned(exc))
        return HostAnswer(host, starts={s.start for s in slots})

    return {a.host.id: a for a in await gather_all(*(one(h) for h in plan.asked))}


def _deployment_key(context: Context) -> str:
    return CALCOM.credential(context.settings)


async def fetch(
    ref: str, window: Window, hosts: tuple[str, ...] | None, context: Context, connection: str | None = None
) -> KindAnswer:
    try:
        credential = await connected.credential(context, name, connection, _deployment_key)
    except ProviderError as exc:
        raise ExternalCalendarError(exc.message) from None
    headers = {"Authorization": f"Bearer {credential.token}"}
    budget = budgets.shared(context, "calcom", credential.label)
    async with open_client(context, name, CALCOM.base_url(context.settings), headers, budget) as client:
        provider = calcom.Calcom(client)
        try:
            event_type, pooled = await gather_all(
                provider.event_type(ref), provider.slots(ref, window.start, window.end)
            )
        except ProviderNotFound:
            raise NotFound(f"Cal.com has no event type {ref!r}.") from None
        except ProviderError as exc:
            raise ExternalCalendarError(exc.message) from None
        wanted = narrow(event_type.hosts, hosts)
        plan = calcom.plan(event_type, wanted)
        asked = await _answers(provider, ref, window, plan)
    always = {h.id for h in plan.always}
    answers = []
    for host in wanted:
        if host.id in asked:
            answers.append(asked[host.id])
        elif host.id in always:
            answers.append(HostAnswer(host))  # starts None: in every pooled slot
        else:
            answers.append(HostAnswer(host, indistinct=plan.unknown[host.id]))
    return KindAnswer(event_type, answers, pooled, per_host_slots=True)
