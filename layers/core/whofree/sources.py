"""Busy time from hosts' sources (API.md §3): a Calendly user, a Nylas grant, ...

Shared by configured event types and POST /v1/free_busy. Every source of a request is read
concurrently; a host whose source cannot be read is reported with its error (the callers make it
a warning and never label that host free). With a table, provider data is cached per host
(whofree.data.host_data), so event types sharing a calendar share its fetches.
"""

from __future__ import annotations

import asyncio
from typing import NamedTuple

from whofree.credentials import calendly_token
from whofree.data import host_data
from whofree.data.table import Table
from whofree.providers.types import WEEK, Host, ProviderError, Schedule, aligned_windows


class _Host(NamedTuple):
    id: str
    source: object
    timezone: str


def nylas_key(source) -> str:
    """A Nylas calendar in the host cache: the grant and the email it is read for."""
    return f"{source.grant_id}#{source.email}"


async def busy(
    hosts: list[tuple[str, object, str]],
    start: float,
    end: float,
    deadline: float,
    now: float | None = None,
    table: Table | None = None,
    hours: dict[str, Schedule] | None = None,
) -> tuple[dict[str, list], dict[str, str]]:
    """Busy blocks per host id from each (id, source, timezone) host's source (None: no source), and each
    failed host's error. ``hours``, when given, receives mailbox working hours where a source has them."""
    from whofree.providers import calendly, nylas
    from whofree.providers.config import CALENDLY, NYLAS, client_options
    from whofree.providers.http import Deadline, ProviderClient

    busy: dict[str, list] = {}
    failed: dict[str, str] = {}
    by_provider: dict[str, list[_Host]] = {}
    for host_id, source, timezone in hosts:
        if source is not None:
            by_provider.setdefault(source.provider, []).append(_Host(host_id, source, timezone))
    calendly_hosts, nylas_hosts, ics_hosts, google_hosts, microsoft_hosts = (
        by_provider.get(name, []) for name in ("calendly", "nylas", "ics", "google", "microsoft")
    )
    limit = Deadline.after(deadline)

    async def from_calendly() -> None:
        try:
            token = await asyncio.to_thread(calendly_token)
        except ProviderError as exc:
            failed.update({h.id: exc.message for h in calendly_hosts})
            return
        headers = {"Authorization": f"Bearer {token}"}
        async with ProviderClient("calendly", CALENDLY.base_url, headers, limit, **client_options()) as client:
            provider = calendly.Calendly(client, now, host_data.for_table(table))

            async def one(host) -> None:
                try:
                    busy[host.id] = await provider.busy(Host(id=host.id, key=host.source.user), start, end)
                except ProviderError as exc:
                    failed[host.id] = exc.message

            await asyncio.gather(*(one(h) for h in calendly_hosts))

    async def from_nylas() -> None:
        # Whole 7-day windows aligned to the epoch, each cached per host (grant and email): event types
        # sharing a Nylas calendar share its fetches, as with Calendly.
        windows = aligned_windows(start, end) if table is not None else []
        missing = []
        for h in nylas_hosts:
            key = nylas_key(h.source)
            parts = [host_data.get_busy(table, "nylas", key, w, w) for w in windows] if table is not None else [None]
            if all(p is not None for p in parts):
                busy[h.id] = [b for part in parts for b in part if b[1] > start and b[0] < end]
            else:
                missing.append(h)
        if not missing:
            return
        try:
            credential = NYLAS.credential()
        except ProviderError as exc:
            failed.update({h.id: exc.message for h in missing})
            return
        fetch = (windows[0], windows[-1] + WEEK) if windows else (start, end)
        headers = {"Authorization": f"Bearer {credential}"}
        async with ProviderClient("nylas", NYLAS.base_url, headers, limit, **client_options()) as client:
            answer = await nylas.Nylas(client).busy(
                [nylas.NylasHost(h.id, h.source.grant_id, h.source.email) for h in missing], *fetch
            )
        for h in missing:
            result = answer[h.id]
            if result.error:
                failed[h.id] = result.error
                continue
            busy[h.id] = [b for b in result.blocks if b[1] > start and b[0] < end]
            for w in windows:
                inside = [b for b in result.blocks if b[1] > w and b[0] < w + WEEK]
                host_data.put_busy(table, "nylas", nylas_key(h.source), w, w, inside)

    async def from_ics(host: _Host) -> None:
        from whofree.providers import ics

        try:
            busy[host.id] = await ics.read(host.source.url, start, end, host.timezone, limit.left())
        except ProviderError as exc:
            failed[host.id] = exc.message

    async def from_google() -> None:
        from whofree.providers import google

        try:
            token = await asyncio.to_thread(google.access_token)
        except ProviderError as exc:
            failed.update({h.id: exc.message for h in google_hosts})
            return
        headers = {"Authorization": f"Bearer {token}"}
        async with ProviderClient("google", google.base_url(), headers, limit, **client_options()) as client:
            answer = await google.Google(client).busy([h.source.calendar_id for h in google_hosts], start, end)
        for h in google_hosts:
            result = answer[h.source.calendar_id]
            if result.error:
                failed[h.id] = result.error
            else:
                busy[h.id] = result.blocks

    work = ([from_calendly()] if calendly_hosts else []) + ([from_nylas()] if nylas_hosts else [])

    async def from_microsoft() -> None:
        from whofree.providers import microsoft

        try:
            token = await asyncio.to_thread(microsoft.access_token)
        except ProviderError as exc:
            failed.update({h.id: exc.message for h in microsoft_hosts})
            return
        headers = {"Authorization": f"Bearer {token}"}
        async with ProviderClient("microsoft", microsoft.base_url(), headers, limit, **client_options()) as client:
            answer = await microsoft.Microsoft(client).busy([h.source.user for h in microsoft_hosts], start, end)
        for h in microsoft_hosts:
            result = answer[h.source.user]
            if result.error:
                failed[h.id] = result.error
                continue
            busy[h.id] = result.blocks
            if hours is not None and result.hours is not None:
                hours[h.id] = result.hours

    work += [from_google()] if google_hosts else []
    work += [from_microsoft()] if microsoft_hosts else []
    work += [from_ics(h) for h in ics_hosts]
    if work:
        await asyncio.gather(*work)
    return busy, failed
