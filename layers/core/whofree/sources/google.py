"""Busy time of hosts whose source is a Google calendar (one freeBusy client for all of them)."""

from __future__ import annotations

from whofree.context import Context
from whofree.providers.config import open_client
from whofree.sources.base import Read, Sourced
from whofree.sources.base import credential as credential_of


async def read(hosts: list[Sourced], start: float, end: float, context: Context) -> Read:
    from whofree.providers import google

    def deployment(context: Context) -> str:
        return google.access_token(context.caches.tokens, context.settings)

    credential = await credential_of(hosts, "google", context, deployment)
    if isinstance(credential, Read):
        return credential
    headers = {"Authorization": f"Bearer {credential.token}"}
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
