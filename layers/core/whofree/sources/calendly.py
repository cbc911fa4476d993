"""Busy time of hosts whose source is a Calendly user, shared through the host cache."""

from __future__ import annotations

import asyncio

from whofree import budgets
from whofree.context import Context
from whofree.credentials import calendly_token
from whofree.data import host_data
from whofree.domain import Host
from whofree.providers import calendly
from whofree.providers.config import CALENDLY, open_client
from whofree.providers.types import ProviderError, warned
from whofree.sources.base import Read, Sourced
from whofree.sources.base import credential as credential_of


async def read(hosts: list[Sourced], start: float, end: float, context: Context) -> Read:
    credential = await credential_of(hosts, "calendly", context, calendly_token)
    if isinstance(credential, Read):
        return credential
    out = Read()
    headers = {"Authorization": f"Bearer {credential.token}"}
    budget = budgets.shared(context, "calendly", credential.label)
    async with open_client(context, "calendly", CALENDLY.base_url(context.settings), headers, budget) as client:
        cache = host_data.for_table(context.table, context.settings, credential.via)
        provider = calendly.Calendly(client, context.now(), cache)

        async def one(host: Sourced) -> None:
            try:
                out.busy[host.id] = await provider.busy(Host(id=host.id, key=host.source.user), start, end)
            except ProviderError as exc:
                out.failed[host.id] = warned(exc)

        await asyncio.gather(*(one(h) for h in hosts))
    return out
