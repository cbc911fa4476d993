"""Busy time (and mailbox working hours) of hosts whose source is a Microsoft 365 user."""

from __future__ import annotations

from whofree.context import Context
from whofree.providers.config import open_client
from whofree.sources.base import Read, Sourced
from whofree.sources.base import credential as credential_of


async def read(hosts: list[Sourced], start: float, end: float, context: Context) -> Read:
    from whofree.providers import microsoft

    def deployment(context: Context) -> str:
        return microsoft.access_token(context.caches.tokens, context.settings)

    credential = await credential_of(hosts, "microsoft", context, deployment)
    if isinstance(credential, Read):
        return credential
    headers = {"Authorization": f"Bearer {credential.token}"}
    async with open_client(context, "microsoft", microsoft.base_url(context.settings), headers) as client:
        answer = await microsoft.Microsoft(client, context.settings.microsoft_mailbox).busy(
            [h.source.user for h in hosts], start, end
        )
    out = Read()
    for h in hosts:
        result = answer[h.source.user]
        if result.error:
            out.failed[h.id] = result.error
            continue
        out.busy[h.id] = result.blocks
        if result.hours is not None:
            out.hours[h.id] = result.hours
    return out
