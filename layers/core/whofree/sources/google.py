"""Busy time of hosts whose source is a Google calendar (one freeBusy client for all of them)."""

from __future__ import annotations

import asyncio

from whofree.context import Context
from whofree.providers.config import open_client
from whofree.providers.types import ProviderError, warned
from whofree.sources.base import Read, Sourced


async def read(hosts: list[Sourced], start: float, end: float, context: Context) -> Read:
    from whofree.providers import google

    try:
        token = await asyncio.to_thread(google.access_token, context.caches.tokens, context.settings)
    except ProviderError as exc:
        return Read.failing(hosts, warned(exc))
    headers = {"Authorization": f"Bearer {token}"}
    async with open_client(context, "google", google.base_url(context.settings), headers) as client:
        answer = await google.Google(client).busy([h.source.calendar_id for h in hosts], start, end)
    out = Read()
    for h in hosts:
        result = answer[h.source.calendar_id]
        if result.error:
            out.failed[h.id] = result.error
        else:
            out.busy[h.id] = result.blocks
    return out
