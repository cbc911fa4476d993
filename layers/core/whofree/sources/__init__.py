"""Busy time from hosts' sources (API.md §3): a Calendly user, a Nylas grant, Google, Microsoft, an
ICS feed; one ``BusySource`` per provider (``base.BusySource``: its hosts and a range in, a ``Read``
out), so adding a provider is one module here and one line in ``SOURCES``.

Shared by configured event types and POST /v1/free_busy. Every source of a request is read
concurrently; a host whose source cannot be read is reported with its error (the callers make it
a warning and never label that host free). With a table, provider data is cached per host
(whofree.data.host_data), so event types sharing a calendar share its fetches.
"""

from __future__ import annotations

import asyncio
from types import MappingProxyType

from whofree.context import Context
from whofree.sources import calendly, google, ics, microsoft, nylas
from whofree.sources.base import BusySource, Read, Sourced

SOURCES: MappingProxyType[str, BusySource] = MappingProxyType(
    {
        "calendly": calendly.read,
        "nylas": nylas.read,
        "ics": ics.read,
        "google": google.read,
        "microsoft": microsoft.read,
    }
)

__all__ = ["SOURCES", "BusySource", "Read", "Sourced", "busy"]


async def busy(hosts: list[Sourced], start: float, end: float, context: Context) -> Read:
    """Busy blocks over [start, end) of every host with a source (a host without one is busy never),
    read from each provider at once, one read per provider and connection the sources name (API.md §7:
    none named is the account's only connection of the provider)."""
    groups: dict[tuple[str, str | None], list[Sourced]] = {}
    for host in hosts:
        if host.source is not None:
            named = getattr(host.source, "connection", None)
            groups.setdefault((host.source.provider, named), []).append(host)
    reads = await asyncio.gather(*(SOURCES[name](group, start, end, context) for (name, _), group in groups.items()))
    return Read.merged(reads)
