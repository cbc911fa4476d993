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

import msgspec

from whofree.instants import iso
from whofree.providers.config import secret
from whofree.providers.http import ProviderClient, gather_all
from whofree.providers.tokens import MemoryToken, TokenSource
from whofree.providers.types import (
    AccessToken,
    Busy,
    Instant,
    ProviderError,
    decode,
    epoch,
    merge,
    pieces,
    token_answer,
    warned,
)
from whofree.settings import Settings

NAME = "google"
BATCH = 50
SPAN = 90 * 86_400  # the longest range freeBusy accepts


# ---------------------------------------------------------------- Google's answers, as typed models
# Strict (docs/PROVIDERS.md): a calendar's entry is decoded on its own, so an entry of another shape
# fails that calendar only; the envelope without ``calendars`` fails the call.


class FreeBusy(msgspec.Struct):
    calendars: dict[str, object]


class Period(msgspec.Struct):
    start: Instant
    end: Instant


class CalendarError(msgspec.Struct):
    reason: str
    domain: str | None = None


class CalendarAnswer(msgspec.Struct):
    busy: list[Period] | None = None
    errors: list[CalendarError] | None = None

    def __post_init__(self) -> None:
        if self.busy is None and not self.errors:
            raise ValueError("Expected `busy` or `errors` - at `$.calendars[...]`")  # `{}` is not "free"


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
    except httpx.HTTPError as exc:
        raise ProviderError(NAME, "Google's token endpoint could not be reached.") from exc
    token = token_answer(NAME, response, AccessToken, "the token refresh")
    return token.access_token, time.time() + token.expires_in


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
        answers = decode(NAME, body, FreeBusy, "free/busy").calendars
        return {c: _calendar(answers.get(c)) for c in calendars}

    async def busy(self, calendars: list[str], start: float, end: float) -> dict[str, Busy]:
        """Busy blocks per calendar id; a calendar Google could not read has ``error`` set."""
        unique = list(dict.fromkeys(calendars))
        calls = pieces(unique, start, end, BATCH, SPAN)

        async def one(call: tuple) -> tuple[tuple, dict[str, Busy] | str]:
            try:
                return call, await self._call(*call)
            except ProviderError as exc:
                return call, warned(exc)

        return merge(unique, [(batch, answer) for (batch, _, _), answer in await gather_all(*(one(c) for c in calls))])


def _calendar(entry: object) -> Busy:
    """One calendar's busy blocks, or why they cannot be used: Google's own errors, no entry, or an
    entry of another shape."""
    if entry is None:
        return Busy([], "Google did not answer for this calendar.")
    try:
        answer = decode(NAME, entry, CalendarAnswer, "busy times for this calendar")
    except ProviderError as exc:
        return Busy([], exc.message)
    if answer.errors:
        reasons = ", ".join(e.reason for e in answer.errors)
        return Busy([], f"Google could not read this calendar ({reasons}).")
    return Busy([(epoch(p.start), epoch(p.end)) for p in answer.busy or []])
