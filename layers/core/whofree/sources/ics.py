"""Busy time of hosts whose source is an ICS feed: each feed fetched and expanded on its own (SSRF
checks, size, time and expansion caps in whofree.providers.ics)."""

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
            out.busy[host.id] = await ics.read(
                host.source.url, start, end, host.timezone, context.left(), ics.Limits.of(context.settings)
            )
        except ProviderError as exc:
            out.failed[host.id] = exc.message

    await asyncio.gather(*(one(h) for h in hosts))
    return out
