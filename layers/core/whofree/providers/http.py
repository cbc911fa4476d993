"""One HTTP client per provider and invocation: bounded concurrency, retries, a deadline, metrics.

- At most ``concurrency`` requests in flight per provider (an asyncio semaphore).
- 429, 5xx, timeouts and transport errors are retried with exponential backoff and jitter, or after
  the wait the provider asks for (``Retry-After``; Calendly's ``X-RateLimit-Reset`` in seconds;
  Cal.com's ``X-RateLimit-Reset-*`` as a Unix time), but never past the whole request's deadline:
  API Gateway cuts answers off at 29 s, so a host that cannot be read in time becomes a warning.
- Every call counts in metrics named after the provider: calls, retries, failures, latency.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import json
import random
import ssl
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import certifi
import httpx

from whofree.observability import logger, metrics
from whofree.providers.types import ProviderError, ProviderNotFound

RETRYABLE = {429, 500, 502, 503, 504}
POOL_SIZE = 10  # connections per httpx pool (see ProviderClient.__init__)


@dataclass
class Deadline:
    """The instant (time.monotonic) by which every provider call of this request must be done."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def left(self) -> float:
        return self.at - time.monotonic()


@dataclass
class CallStats:
    calls: int = 0
    retries: int = 0
    failures: int = 0
    latency_ms: list[float] = field(default_factory=list)


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context per process: loading the CA bundle costs ~20 ms, once, not per client."""
    return ssl.create_default_context(cafile=certifi.where())


def _wait_hint(response: httpx.Response) -> float | None:
    """Seconds the provider asks us to wait, from its headers, if it says."""
    headers = response.headers
    retry_after = headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            when = email.utils.parsedate_to_datetime(retry_after)
            if when is not None:
                return max(0.0, when.timestamp() - time.time())
    reset = headers.get("x-ratelimit-reset")
    if reset:
        try:
            return max(0.0, float(reset))  # Calendly: seconds until the window resets
        except ValueError:
            pass
    for name, value in headers.items():
        if name.lower().startswith("x-ratelimit-reset-"):
            try:
                return max(0.0, float(value) - time.time())  # Cal.com: a Unix time
            except ValueError:
                continue
    return None


class ProviderClient:
    def __init__(
        self,
        provider: str,
        base_url: str,
        headers: dict[str, str],
        deadline: Deadline,
        *,
        concurrency: int = 50,
        max_retries: int = 4,
        timeout: float = 8.0,
        backoff: float = 0.25,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.provider = provider
        self.deadline = deadline
        self.max_retries = max_retries
        self.backoff = backoff
        self.stats = CallStats()
        self._limit = asyncio.Semaphore(concurrency)
        self._timeout = timeout
        # Several small connection pools instead of one large one: httpcore assigns queued requests
        # to connections in O(requests x connections) on every event, which made one pool of 50 the
        # main CPU cost of a 250-call request. Requests go to the pool with the fewest in flight.
        shards = max(1, -(-concurrency // POOL_SIZE))
        per_pool = -(-concurrency // shards)
        self._pools = [
            httpx.AsyncClient(
                base_url=base_url.rstrip("/"),
                headers={"Accept": "application/json", "User-Agent": "whofree/1", **headers},
                timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
                limits=httpx.Limits(max_connections=per_pool, max_keepalive_connections=per_pool),
                transport=transport,
                follow_redirects=False,
                verify=_tls(),
            )
            for _ in range(shards)
        ]
        self._in_flight = [0] * shards

    async def __aenter__(self) -> ProviderClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def _client(self) -> httpx.AsyncClient:
        return self._pools[0]

    async def close(self) -> None:
        for pool in self._pools:
            await pool.aclose()
        self.publish()

    def publish(self) -> None:
        name = self.provider.capitalize()
        if self.stats.calls:
            metrics.add_metric(name=f"{name}Calls", unit="Count", value=self.stats.calls)
            metrics.add_metric(name=f"{name}Retries", unit="Count", value=self.stats.retries)
            metrics.add_metric(name=f"{name}Failures", unit="Count", value=self.stats.failures)
            if self.stats.latency_ms:
                # Mean and max, not every call: a busy invocation makes hundreds of calls.
                latency = self.stats.latency_ms
                metrics.add_metric(name=f"{name}LatencyMean", unit="Milliseconds", value=sum(latency) / len(latency))
                metrics.add_metric(name=f"{name}LatencyMax", unit="Milliseconds", value=max(latency))

    async def request(self, method: str, url: str, **kwargs: Any) -> Any:
        """The decoded JSON body of a successful call; ProviderError otherwise."""
        attempt = 0
        while True:
            left = self.deadline.left()
            if left <= 0:
                self.stats.failures += 1
                raise ProviderError(self.provider, f"{self.provider} did not answer before the deadline.")
            wait: float | None = None
            try:
                async with self._limit:
                    left = self.deadline.left()
                    started = time.perf_counter()
                    self.stats.calls += 1
                    shard = self._in_flight.index(min(self._in_flight))
                    self._in_flight[shard] += 1
                    try:
                        response = await self._pools[shard].request(
                            method, url, timeout=httpx.Timeout(max(0.05, min(self._timeout, left))), **kwargs
                        )
                    finally:
                        self._in_flight[shard] -= 1
                    self.stats.latency_ms.append((time.perf_counter() - started) * 1000)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                problem = f"{self.provider} could not be reached ({type(exc).__name__})."
            else:
                if response.status_code < 300:
                    try:
                        return response.json()
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        problem = f"{self.provider} sent a body that is not JSON."
                        # A garbled body is worth one more try, like a 5xx.
                else:
                    if response.status_code == 404:
                        self.stats.failures += 1
                        raise ProviderNotFound(self.provider, f"{self.provider} has no such resource.", 404)
                    if response.status_code not in RETRYABLE:
                        self.stats.failures += 1
                        raise ProviderError(self.provider, _describe(self.provider, response), response.status_code)
                    problem = _describe(self.provider, response)
                    wait = _wait_hint(response)
            attempt += 1
            if attempt > self.max_retries:
                self.stats.failures += 1
                raise ProviderError(self.provider, problem)
            if wait is None:
                wait = self.backoff * (2 ** (attempt - 1)) * (0.5 + random.random())  # noqa: S311 - jitter
            if wait >= self.deadline.left():
                self.stats.failures += 1
                raise ProviderError(self.provider, f"{problem} Retrying would pass the deadline.")
            self.stats.retries += 1
            logger.debug("retrying provider call", extra={"provider": self.provider, "attempt": attempt, "wait": wait})
            await asyncio.sleep(wait)

    async def get(self, url: str, params: dict | None = None, **kwargs: Any) -> Any:
        return await self.request("GET", url, params=params, **kwargs)

    async def post(self, url: str, body: Any, **kwargs: Any) -> Any:
        return await self.request("POST", url, json=body, **kwargs)

    async def pages(self, url: str, params: dict) -> AsyncIterator[dict]:
        """Follow keyset pagination (Calendly-style ``pagination.next_page_token``)."""
        params = dict(params)
        seen: set[str] = set()
        while True:
            body = await self.get(url, params)
            if not isinstance(body, dict):
                raise ProviderError(self.provider, f"{self.provider} sent an unexpected page.")
            yield body
            token = (body.get("pagination") or {}).get("next_page_token")
            if not token or token in seen:
                return
            seen.add(token)
            params["page_token"] = token


async def gather_all(*awaitables: Any) -> list:
    """Like asyncio.gather, but the first failure cancels the rest: a host whose first busy window
    has failed for good is a warning already, and its other windows need not keep retrying."""
    tasks = [asyncio.ensure_future(a) for a in awaitables]
    try:
        return await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def _describe(provider: str, response: httpx.Response) -> str:
    """A short, safe description of a provider's error answer (never the request's credentials)."""
    detail = ""
    try:
        body = response.json()
        if isinstance(body, dict):
            error = body.get("error")
            detail = body.get("message") or (error.get("message") if isinstance(error, dict) else error) or ""
    except (json.JSONDecodeError, UnicodeDecodeError):
        pass
    text = f"{provider} answered {response.status_code}"
    return f"{text}: {str(detail)[:200]}" if detail else f"{text}."
