"""Nylas API v3 free/busy (../shared/reference/providers.md §3.2), for hosts of configured event types
whose source is ``{"provider": "nylas", "grant_id": ..., "email": ...}``.

One POST /v3/grants/{grant_id}/calendars/free-busy answers up to 50 emails (Google; 20 for Microsoft
grants, see NYLAS_BATCH) over at most 62 days (Microsoft's limit; Google allows 3 months), so hosts
are grouped by grant, batched, and long ranges split. Nylas answers 200 even when some emails fail:
an ``"object": "error"`` item fails that host only.
"""

from __future__ import annotations

from dataclasses import dataclass

from whofree import settings
from whofree.providers.http import ProviderClient, gather_all
from whofree.providers.types import ProviderError

NAME = "nylas"
SPAN = 62 * 86_400


@dataclass(frozen=True)
class NylasHost:
    id: str
    grant_id: str
    email: str


@dataclass
class Busy:
    blocks: list[tuple[float, float]]
    error: str | None = None


def batch_size() -> int:
    return settings.get().nylas_batch


def spans(start: float, end: float) -> list[tuple[int, int]]:
    out, cursor = [], int(start)
    while cursor < end:
        out.append((cursor, int(min(end, cursor + SPAN))))
        cursor += SPAN
    return out


class Nylas:
    name = NAME

    def __init__(self, client: ProviderClient) -> None:
        self.client = client

    async def _call(self, grant: str, emails: list[str], start: int, end: int) -> dict[str, Busy]:
        body = await self.client.post(
            f"/v3/grants/{grant}/calendars/free-busy", {"start_time": start, "end_time": end, "emails": emails}
        )
        items = body.get("data") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise ProviderError(NAME, "Nylas sent free/busy in an unknown shape.")
        out: dict[str, Busy] = {}
        for item in items:
            if not isinstance(item, dict) or item.get("email") not in emails:
                continue
            if item.get("object") == "error":
                out[item["email"]] = Busy([], f"Nylas could not read this calendar: {str(item.get('error'))[:200]}")
                continue
            blocks = [
                (float(s["start_time"]), float(s["end_time"]))
                for s in item.get("time_slots") or []
                if s.get("status", "busy") != "free"
            ]
            out[item["email"]] = Busy(blocks)
        for email in emails:
            out.setdefault(email, Busy([], "Nylas did not answer for this calendar."))
        return out

    async def busy(self, hosts: list[NylasHost], start: float, end: float) -> dict[str, Busy]:
        """Busy blocks per host id; a host Nylas could not read has ``error`` set."""
        by_grant: dict[str, list[NylasHost]] = {}
        for host in hosts:
            by_grant.setdefault(host.grant_id, []).append(host)
        calls = []
        for grant, members in by_grant.items():
            emails = list(dict.fromkeys(h.email for h in members))
            size = batch_size()
            for n in range(0, len(emails), size):
                for a, b in spans(start, end):
                    calls.append((grant, emails[n : n + size], a, b))

        async def one(call: tuple) -> tuple[tuple, dict[str, Busy] | str]:
            try:
                return call, await self._call(*call)
            except ProviderError as exc:
                return call, exc.message

        merged: dict[tuple[str, str], Busy] = {}
        for (grant, emails, _, _), answer in await gather_all(*(one(c) for c in calls)):
            for email in emails:
                seen = merged.setdefault((grant, email), Busy([]))
                if isinstance(answer, str):
                    seen.error = seen.error or answer
                elif answer[email].error:
                    seen.error = seen.error or answer[email].error
                else:
                    seen.blocks += answer[email].blocks
        return {h.id: merged[(h.grant_id, h.email)] for h in hosts}
