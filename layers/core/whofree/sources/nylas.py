"""Busy time of hosts whose source is a Nylas grant and email: whole 7-day windows aligned to the
epoch, each cached per host (grant and email), so that event types sharing a Nylas calendar share
its fetches, as with Calendly."""

from __future__ import annotations

from whofree.context import Context
from whofree.data import host_data
from whofree.data.host_data import nylas_key
from whofree.providers import nylas
from whofree.providers.config import NYLAS, open_client
from whofree.providers.types import WEEK, aligned_windows
from whofree.sources.base import Read, Sourced
from whofree.sources.base import credential as credential_of


def _deployment_key(context: Context) -> str:
    return NYLAS.credential(context.settings)


def _base_url(context: Context, region: str | None) -> str:
    """The connection's region (Nylas keeps EU data in the EU), else the deployment's base URL."""
    return context.settings.nylas_eu_base_url if region == "eu" else NYLAS.base_url(context.settings)


def _cached(hosts: list[Sourced], windows: list[int], start: float, end: float, cache) -> Read:
    """The hosts whose every window is in the host cache, read from it."""
    out = Read()
    for h in hosts:
        parts = [cache.get_busy("nylas", nylas_key(h.source), w, w) for w in windows] if cache else [None]
        if all(p is not None for p in parts):
            out.busy[h.id] = [b for part in parts for b in part if b[1] > start and b[0] < end]
    return out


async def read(hosts: list[Sourced], start: float, end: float, context: Context) -> Read:
    credential = await credential_of(hosts, "nylas", context, _deployment_key)
    if isinstance(credential, Read):
        return credential
    table = context.table
    windows = aligned_windows(start, end) if table is not None else []
    # One computation: it remembers what it read. Keyed by the connection the data is read through.
    cache = host_data.for_table(table, context.settings, credential.via)
    out = _cached(hosts, windows, start, end, cache)
    missing = [h for h in hosts if h.id not in out.busy]
    if not missing:
        return out
    fetch = (windows[0], windows[-1] + WEEK) if windows else (start, end)
    headers = {"Authorization": f"Bearer {credential.token}"}
    async with open_client(context, "nylas", _base_url(context, credential.region), headers) as client:
        answer = await nylas.Nylas(client, context.caches.nylas_providers, context.settings.nylas_batch).busy(
            [nylas.NylasHost(h.id, h.source.grant_id, h.source.email) for h in missing], *fetch
        )
    for h in missing:
        result = answer[h.id]
        if result.error:
            out.failed[h.id] = result.error
            continue
        out.busy[h.id] = [b for b in result.blocks if b[1] > start and b[0] < end]
        for w in windows:
            inside = [b for b in result.blocks if b[1] > w and b[0] < w + WEEK]
            cache.put_busy("nylas", nylas_key(h.source), w, w, inside)
    return out
