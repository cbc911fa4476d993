"""Nylas API v3 free/busy (docs/PROVIDERS.md), for hosts of configured event types
whose source is ``{"provider": "nylas", "grant_id": ..., "email": ...}``.

One POST /v3/grants/{grant_id}/calendars/free-busy answers up to 50 emails for a Google grant and
20 for a Microsoft grant, so each grant's provider is read once (GET /v3/grants/{grant_id}, kept
per container by the caller) and its hosts batched by that size (20 for any other provider, or when the grant
cannot be read). WHOFREE_NYLAS_BATCH (the old NYLAS_BATCH), when set, caps these sizes; it no longer
raises them. A call covers at most 30 days: the published spec's limit, smaller than the docs'
(Microsoft 62 days, Google 3 months). Nylas answers 200 even when some emails fail: an
``"object": "error"`` item fails that host only. Emails are matched case-insensitively, since the
provider may spell an address otherwise than the host's configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from whofree.providers.http import ProviderClient, gather_all
from whofree.providers.types import ProviderError, decode, warned

NAME = "nylas"
SPAN = 30 * 86_400
BATCH = {"google": 50, "microsoft": 20}
SMALLEST_BATCH = 20


@dataclass(frozen=True)
class NylasHost:
    id: str
    grant_id: str
    email: str


@dataclass
class Busy:
    blocks: list[tuple[float, float]]
    error: str | None = None


# ---------------------------------------------------------------- Nylas's answers, as typed models
# Strict (docs/PROVIDERS.md): each email's item is decoded on its own, so one of another shape fails
# that host only; an answer without ``data`` fails the call.


class TimeSlot(msgspec.Struct):
    start_time: int
    end_time: int
    status: str = "busy"


class FreeBusyItem(msgspec.Struct, tag="free_busy", tag_field="object"):
    email: str
    time_slots: list[TimeSlot]


class ErrorItem(msgspec.Struct, tag="error", tag_field="object"):
    email: str
    error: str | None = None


class EmailKey(msgspec.Struct):
    email: str


class FreeBusyAnswer(msgspec.Struct):
    data: list[object]


class Grant(msgspec.Struct):
    provider: str


class GrantAnswer(msgspec.Struct):
    data: Grant


def _item(entry: object) -> tuple[str | None, Busy]:
    """One email's free/busy item: whose it is (None when that cannot be read) and its busy blocks,
    or why they cannot be used."""
    try:
        email = decode(NAME, entry, EmailKey, "free/busy").email
    except ProviderError as exc:
        return None, Busy([], exc.message)  # whose it is cannot be read: its host goes unanswered
    try:
        item = decode(NAME, entry, FreeBusyItem | ErrorItem, "busy times")
    except ProviderError as exc:
        return email, Busy([], exc.message)
    if isinstance(item, ErrorItem):
        return email, Busy([], f"Nylas could not read this calendar: {str(item.error)[:200]}")
    return email, Busy([(float(s.start_time), float(s.end_time)) for s in item.time_slots if s.status != "free"])


def batch_size(provider: str | None, cap: int | None) -> int:
    """Emails per free/busy call on a grant of ``provider``: the provider's limit, or ``cap``
    (WHOFREE_NYLAS_BATCH) when that is smaller (a deployment that wants smaller calls)."""
    size = BATCH.get(provider or "", SMALLEST_BATCH)
    return min(size, cap) if cap is not None else size


def spans(start: float, end: float) -> list[tuple[int, int]]:
    out, cursor = [], int(start)
    while cursor < end:
        out.append((cursor, int(min(end, cursor + SPAN))))
        cursor += SPAN
    return out


class Nylas:
    name = NAME

    def __init__(self, client: ProviderClient, grants: dict[str, str], batch: int | None = None) -> None:
        self.client = client
        self.batch = batch  # WHOFREE_NYLAS_BATCH: a cap on the emails per call
        self.grants = grants  # grant id -> provider, kept by the caller (``Context.caches``) between requests

    async def provider(self, grant: str) -> str | None:
        """The grant's provider (``google``, ``microsoft``, ...), read once per container; None if unknown."""
        if grant in self.grants:
            return self.grants[grant]
        try:
            body = await self.client.get(f"/v3/grants/{grant}")
            provider = decode(NAME, body, GrantAnswer, "a grant").data.provider
        except ProviderError:
            return None  # the free/busy call will say what is wrong; meanwhile the smallest batch is safe
        self.grants[grant] = provider.lower()
        return self.grants[grant]

    async def _call(self, grant: str, emails: list[str], start: int, end: int) -> dict[str, Busy]:
        body = await self.client.post(
            f"/v3/grants/{grant}/calendars/free-busy", {"start_time": start, "end_time": end, "emails": emails}
        )
        asked = {e.lower(): e for e in emails}
        out: dict[str, Busy] = {}
        for entry in decode(NAME, body, FreeBusyAnswer, "free/busy").data:
            spelled, busy = _item(entry)
            email = asked.get(spelled.lower()) if spelled is not None else None
            if email is not None:
                out[email] = busy
        for email in emails:
            out.setdefault(email, Busy([], "Nylas did not answer for this calendar."))
        return out

    async def busy(self, hosts: list[NylasHost], start: float, end: float) -> dict[str, Busy]:
        """Busy blocks per host id; a host Nylas could not read has ``error`` set."""
        by_grant: dict[str, list[NylasHost]] = {}
        for host in hosts:
            by_grant.setdefault(host.grant_id, []).append(host)
        providers = dict(zip(by_grant, await gather_all(*(self.provider(g) for g in by_grant)), strict=True))
        calls = []
        for grant, members in by_grant.items():
            first: dict[str, str] = {}
            for h in members:
                first.setdefault(h.email.lower(), h.email)  # one address asked once, as first spelled
            emails = list(first.values())
            size = batch_size(providers[grant], self.batch)
            for n in range(0, len(emails), size):
                for a, b in spans(start, end):
                    calls.append((grant, emails[n : n + size], a, b))

        async def one(call: tuple) -> tuple[tuple, dict[str, Busy] | str]:
            try:
                return call, await self._call(*call)
            except ProviderError as exc:
                return call, warned(exc)

        merged: dict[tuple[str, str], Busy] = {}
        for (grant, emails, _, _), answer in await gather_all(*(one(c) for c in calls)):
            for email in emails:
                seen = merged.setdefault((grant, email.lower()), Busy([]))
                if isinstance(answer, str):
                    seen.error = seen.error or answer
                elif answer[email].error:
                    seen.error = seen.error or answer[email].error
                else:
                    seen.blocks += answer[email].blocks
        return {h.id: merged[(h.grant_id, h.email.lower())] for h in hosts}
