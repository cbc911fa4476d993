"""The few management calls push channels need (watch, stop, subscribe, renew, delete), on one
httpx client per run: a status and a JSON body, never a retry loop (the scheduled function runs
again within minutes, and a retry could create a second channel). Kept apart from
whofree.providers.http, whose client reads busy time and expects JSON on every success (Google's
``channels.stop`` and Graph's ``DELETE`` answer an empty 204)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

from whofree.context import Context
from whofree.providers.types import ProviderError

TIMEOUT = 8.0


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any


class PushClient:
    """``async with PushClient(context, "google", base_url, token) as client: await client.call(...)``."""

    def __init__(self, context: Context, provider: str, base_url: str, token: str) -> None:
        self.provider = provider
        self.context = context
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json", "User-Agent": "whofree/1"},
            follow_redirects=False,
            **context.http_options({}),
        )

    async def __aenter__(self) -> PushClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def call(self, method: str, url: str, body: Any = None) -> Answer:
        """The provider's status and JSON body (None when empty); ProviderError when it cannot be reached
        before the context's deadline or answers what is not JSON."""
        left = self.context.left()
        if left <= 0:
            raise ProviderError(self.provider, f"{self.provider} was not called: the deadline has passed.")
        try:
            response = await self._client.request(
                method, url, json=body, timeout=httpx.Timeout(min(TIMEOUT, left), connect=min(3.0, left))
            )
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            raise ProviderError(self.provider, f"{self.provider} could not be reached ({type(exc).__name__}).") from exc
        if not response.content:
            return Answer(response.status_code, None)
        try:
            return Answer(response.status_code, response.json())
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ProviderError(self.provider, f"{self.provider} sent a body that is not JSON.") from None

    def fail(self, what: str, answer: Answer) -> ProviderError:
        return ProviderError(self.provider, f"{self.provider} refused to {what} ({answer.status}).", answer.status)
