"""Busy time of hosts whose source is an ICS feed: each feed fetched on its own (SSRF checks, size
and time caps in whofree.providers.ics)."""

from __future__ import annotations

import asyncio

from whofree.context import Context
from whofree.providers.types import ProviderError
from whofree.sources.base import Read, Sourced


async def read(hosts: list[Sourced], start: float, end: float, context: Context) -> Read:
    from whofree.providers import ics

    out = Read()

    async def one(host: Sourced) -> None:
        try:
            data = await ics.fetch(host.source.url, max(0.5, context.left()))
            out.busy[host.id] = ics.busy(data, start, end, host.timezone)
        except ProviderError as exc:
            out.failed[host.id] = exc.message

    await asyncio.gather(*(one(h) for h in hosts))
    return out
