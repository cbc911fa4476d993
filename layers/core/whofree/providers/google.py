"""Google Calendar freeBusy (docs/PROVIDERS.md): hosts with
``{"provider": "google", "calendar_id": ...}``.

One POST /calendar/v3/freeBusy answers up to 50 calendars over at most 90 days (a longer range is
refused with 400 ``timeRangeTooLong``), so hosts are batched into as few calls as possible and
longer ranges split into 90-day pieces. Google answers 200 even when a calendar fails: its
``errors`` fail that host only. A 403 ``rateLimitExceeded``/``userRateLimitExceeded`` is retried
with backoff by the shared client (whofree.providers.http); other 403s are final.

Credentials: an OAuth refresh token (WHOFREE_GOOGLE_REFRESH_TOKEN with WHOFREE_GOOGLE_CLIENT_ID and
_CLIENT_SECRET, each also as an SSM ``_PARAMETER``), exchanged at the token endpoint for an access
token that is kept until it expires; or an access token itself (WHOFREE_GOOGLE_ACCESS_TOKEN) for
local runs. (A service account would need RS256 signing; not supported yet.)
"""

from __future__ import annotations

import time

from whofree.instants import InvalidInstant, iso
from whofree.instants import parse as parse_instant
from whofree.providers.config import secret
from whofree.providers.http import ProviderClient, gather_all
from whofree.providers.tokens import MemoryToken, TokenSource
from whofree.providers.types import Busy, ProviderError, merge, pieces
from whofree.settings import Settings

NAME = "google"
BATCH = 50
SPAN = 90 * 86_400  # the longest range freeBusy accepts


def base_url(settings: Settings) -> str:
    return settings.google_base_url


def _fetch_token(settings: Settings) -> tuple[str, float]:
    import httpx

    url = settings.google_token_url
    form = {
        "grant_type": "refresh_token",
        "refresh_token": secret(settings, "WHOFREE_GOOGLE_REFRESH_TOKEN", NAME, "refresh token"),
        "client_id": secret(settings, "WHOFREE_GOOGLE_CLIENT_ID", NAME, "client id"),
        "client_secret": secret(settings, "WHOFREE_GOOGLE_CLIENT_SECRET", NAME, "client secret"),
    }
    try:
        response = httpx.post(url, data=form, timeout=8)
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ProviderError(NAME, "Google's token endpoint could not be reached.") from exc
    if response.status_code != 200 or "access_token" not in body:
        raise ProviderError(NAME, f"Google refused the token refresh ({response.status_code}).")
    return body["access_token"], time.time() + float(body.get("expires_in", 3600))


def access_token(tokens: dict[str, TokenSource], settings: Settings) -> str:
    """The access token, from the source kept in ``tokens`` (``Context.caches.tokens``: per container)."""
    source = tokens.get(NAME)
    if source is None:
        token = MemoryToken(lambda: _fetch_token(settings), direct=settings.value("WHOFREE_GOOGLE_ACCESS_TOKEN"))
        source = tokens.setdefault(NAME, token)
    return source.get()


class Google:
    name = NAME

    def __init__(self, client: ProviderClient) -> None:
        self.client = client

    async def _call(self, calendars: list[str], start: float, end: float) -> dict[str, Busy]:
        body = await self.client.post(
            "/calendar/v3/freeBusy",
            {
                "timeMin": iso(start),
                "timeMax": iso(end),
                "timeZone": "UTC",
                "items": [{"id": c} for c in calendars],
            },
        )
        answers = body.get("calendars") if isinstance(body, dict) else None
        if not isinstance(answers, dict):
            raise ProviderError(NAME, "Google sent free/busy in an unknown shape.")
        out = {}
        for calendar in calendars:
            entry = answers.get(calendar)
            if not isinstance(entry, dict):
                out[calendar] = Busy([], "Google did not answer for this calendar.")
            elif entry.get("errors"):
                reasons = ", ".join(str(e.get("reason")) for e in entry["errors"] if isinstance(e, dict))
                out[calendar] = Busy([], f"Google could not read this calendar ({reasons}).")
            else:
                try:
                    blocks = [(parse_instant(b["start"]), parse_instant(b["end"])) for b in entry.get("busy") or []]
                except (InvalidInstant, KeyError, TypeError):
                    out[calendar] = Busy([], "Google sent busy times whofree could not read.")
                    continue
                out[calendar] = Busy(blocks)
        return out

    async def busy(self, calendars: list[str], start: float, end: float) -> dict[str, Busy]:
        """Busy blocks per calendar id; a calendar Google could not read has ``error`` set."""
        unique = list(dict.fromkeys(calendars))
        calls = pieces(unique, start, end, BATCH, SPAN)

        async def one(call: tuple) -> tuple[tuple, dict[str, Busy] | str]:
            try:
                return call, await self._call(*call)
            except ProviderError as exc:
                return call, exc.message

        return merge(unique, [(batch, answer) for (batch, _, _), answer in await gather_all(*(one(c) for c in calls))])
