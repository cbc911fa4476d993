"""One HTTP client per provider and invocation: bounded concurrency, retries, a deadline, metrics.

- At most ``concurrency`` requests in flight per provider (an asyncio semaphore).
- 429, 5xx, timeouts and transport errors are retried with exponential backoff and jitter, or after
  the wait the provider asks for (``Retry-After``; Calendly's ``X-RateLimit-Reset`` and Cal.com's
  ``X-RateLimit-Reset-<name>``, both seconds remaining), but never past the whole request's deadline:
  API Gateway cuts answers off at 29 s, so a host that cannot be read in time becomes a warning.
  A header that cannot be read is no hint (backoff applies), never an exception.
- Google's ``403`` with reason ``rateLimitExceeded``/``userRateLimitExceeded`` is a rate limit and is
  retried like a 429; every other 403 is final.
- Budget: where a provider says how many calls are left in its window (``X-RateLimit-Remaining`` or
  ``X-RateLimit-Remaining-<name>``, with the matching reset), calls beyond that wait for the window
  to reset instead of being refused with 429.
- Shared budget: with a ``budget`` (``whofree.budgets.SharedBudget``), every call, retries included, is
  first taken from the credential's budget shared by every function; a budget with no call left before
  the deadline fails the call.
- Every call counts in metrics named after the provider: calls, retries, failures, latency.
- Bodies: one ``asyncio.timeout`` at the request's deadline bounds the whole call (connect, every
  byte, decompression), so a provider that drips bytes is cut off there. Bytes are collected in a
  ``bytearray`` and inflated here, not by httpx, incrementally (``zlib.decompressobj`` with
  ``max_length``): the size cap (``max_bytes``) holds for the bytes received and again for the bytes
  they inflate to, so a compressed bomb fails that call (a warning) instead of filling memory.
"""

from __future__ import annotations

import asyncio
import datetime
import email.utils
import functools
import json
import math
import random
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import certifi
import httpx

from whofree import tracing
from whofree.observability import logger, metrics
from whofree.providers.types import ProviderError, ProviderNotFound

RETRYABLE = {429, 500, 502, 503, 504}
POOL_SIZE = 10  # connections per httpx pool (see ProviderClient.__init__)
MAX_BODY_BYTES = 16 * 1024 * 1024  # one provider answer, received and inflated: twice the ~7 MB of a full
# Google (50 busy calendars x 90 days) or Microsoft (20 schedules x 61 days) call
_INFLATE = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


class BodyTooLarge(ValueError):
    """A body, or what it inflates to, passes the size cap."""


class BodyUnreadable(ValueError):
    """A body whose encoding whofree does not read, or whose compressed stream is broken or cut short."""


class Body:
    """A response body collected under a size cap, applied to the bytes received and to the bytes
    they inflate to (``Content-Encoding`` gzip or deflate, decoded incrementally with ``max_length``,
    so no chunk ever inflates past the cap in memory). ``feed`` each chunk, then ``finish``."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()
        self.received = 0
        self.inflated = False
        codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in _INFLATE):
            raise BodyUnreadable(f"has an unsupported Content-Encoding ({', '.join(codings)[:40]})")
        self._wbits = _INFLATE[codings[0]] if codings else None
        self._inflate = zlib.decompressobj(self._wbits) if self._wbits is not None else None

    def feed(self, chunk: bytes) -> None:
        self.received += len(chunk)
        if self.received > self.limit:
            raise BodyTooLarge(f"is larger than {self.limit} bytes")
        if self._inflate is None:
            self.data += chunk
            return
        self.inflated = True
        while chunk:
            try:
                self.data += self._inflate.decompress(chunk, self.limit - len(self.data) + 1)
            except zlib.error:
                raise BodyUnreadable("does not inflate") from None
            if len(self.data) > self.limit:
                raise BodyTooLarge(f"inflates past {self.limit} bytes")
            if self._inflate.eof and self._inflate.unused_data:  # another gzip member follows
                chunk = self._inflate.unused_data
                self._inflate = zlib.decompressobj(self._wbits)
            else:
                chunk = self._inflate.unconsumed_tail

    def finish(self) -> bytearray:
        if self._inflate is not None and self.inflated and not self._inflate.eof:
            raise BodyUnreadable("is cut short")
        return self.data


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


def _seconds(value: str | None) -> float | None:
    """A header's number of seconds; None for anything that is not a finite, non-negative number."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except (TypeError, ValueError):
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _retry_after(value: str) -> float | None:
    """Retry-After: seconds or an HTTP date (RFC 9110 §10.2.3); None when it is neither."""
    seconds = _seconds(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.UTC)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError, IndexError, AttributeError):
        return None


def _limits(headers: httpx.Headers) -> dict[str, tuple[float | None, float | None]]:
    """Each rate-limit window the provider reports: name -> (calls remaining, seconds until reset).
    Calendly sends one unnamed window; Cal.com one per throttler (``X-RateLimit-Remaining-Default``)."""
    out: dict[str, tuple[float | None, float | None]] = {}
    for name, value in headers.items():
        lower = name.lower()
        for prefix, slot in (("x-ratelimit-remaining", 0), ("x-ratelimit-reset", 1)):
            if lower == prefix or lower.startswith(prefix + "-"):
                window = lower[len(prefix) + 1 :]
                pair = list(out.get(window, (None, None)))
                pair[slot] = _seconds(value)
                out[window] = (pair[0], pair[1])
    return out


def _wait_hint(response: httpx.Response) -> float | None:
    """Seconds the provider asks us to wait, from its headers, if it says (and says it readably)."""
    headers = response.headers
    retry_after = headers.get("retry-after")
    if retry_after:
        hint = _retry_after(retry_after)
        if hint is not None:
            return hint
    windows = _limits(headers)
    # The windows that are used up decide; if none says so, the longest reset does.
    spent = [reset for remaining, reset in windows.values() if reset is not None and remaining == 0]
    resets = spent or [reset for _, reset in windows.values() if reset is not None]
    return max(resets) if resets else None


def _budget(response: httpx.Response) -> tuple[int, float] | None:
    """(calls left, seconds until the window resets) of the tightest window the provider reports."""
    tightest: tuple[int, float] | None = None
    for remaining, reset in _limits(response.headers).values():
        if remaining is None or reset is None:
            continue
        if tightest is None or remaining < tightest[0]:
            tightest = (int(remaining), reset)
    return tightest


GOOGLE_RATE_LIMITS = {"rateLimitExceeded", "userRateLimitExceeded"}


async def _read(response: httpx.Response, limit: int) -> bytearray:
    """A streamed response's body, inflated here under the cap (see Body)."""
    if response.is_stream_consumed:
        # An answer built in memory (httpx.MockTransport's, in tests) arrives whole and decoded.
        body = Body(None, limit)
        body.feed(response.content)
        return body.finish()
    body = Body(response.headers.get("content-encoding"), limit)
    async for chunk in response.aiter_raw():
        body.feed(chunk)
    return body.finish()


def _decode(body: bytearray, deadline: Deadline) -> Any:
    """A JSON body, parsed before the deadline (a body read just in time is not parsed after it)."""
    if deadline.left() <= 0:
        raise TimeoutError
    return json.loads(body)


def _json_error(body: bytearray) -> Any:
    """An error answer's JSON, or None when it has none."""
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return None


def _rate_limited_403(body: bytearray) -> bool:
    """Google's 403 that is a rate limit (reason rateLimitExceeded/userRateLimitExceeded)."""
    try:
        error = _json_error(body).get("error")
        reasons = {e.get("reason") for e in error.get("errors") or [] if isinstance(e, dict)}
    except (AttributeError, TypeError):
        return False
    return bool(reasons & GOOGLE_RATE_LIMITS)


class Budget(Protocol):
    """Calls shared with every other function using the same credential (``whofree.budgets``)."""

    async def take(self, left: Callable[[], float]) -> bool: ...


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
        max_bytes: int = MAX_BODY_BYTES,
        timeout: float = 8.0,
        backoff: float = 0.25,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Any = None,
        clock: Any = None,
        jitter: Any = None,
        budget: Budget | None = None,
    ) -> None:
        self.provider = provider
        self._budget = budget
        self.deadline = deadline
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.stats = CallStats()
        self._limit = asyncio.Semaphore(concurrency)
        # Tests inject a recorder, a clock and the jitter's source here: waits are tested, not timed or drawn.
        self._sleep = sleep or asyncio.sleep
        self._clock = clock or time.monotonic
        self._jitter = jitter or random.random
        self._allowance: int | None = None  # calls left in the provider's window, when it says
        self._window_ends = 0.0  # self._clock() when that window resets
        self._unanswered = 0
        self._timeout = timeout
        # Several small connection pools instead of one large one: httpcore assigns queued requests
        # to connections in O(requests x connections) on every event, which made one pool of 50 the
        # main CPU cost of a 250-call request. Requests go to the pool with the fewest in flight.
        shards = max(1, -(-concurrency // POOL_SIZE))
        per_pool = -(-concurrency // shards)
        self._pools = [
            httpx.AsyncClient(
                base_url=base_url.rstrip("/"),
                headers={
                    "Accept": "application/json",
                    "Accept-Encoding": "gzip, deflate",  # what Body inflates
                    "User-Agent": "whofree/1",
                    **headers,
                },
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
            # Every provider's together: the template's ProviderFailures alarm watches this one.
            metrics.add_metric(name="ProviderFailures", unit="Count", value=self.stats.failures)
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
                    await self._pace()
                    if self._budget is not None and not await self._budget.take(self.deadline.left):
                        self.stats.failures += 1
                        raise ProviderError(
                            self.provider, f"{self.provider}'s shared call budget leaves no call before the deadline."
                        )
                    response, body = await self._call(method, url, kwargs)
                    status = response.status_code
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                problem = f"{self.provider} could not be reached ({type(exc).__name__})."
            except TimeoutError:
                if self.deadline.left() <= 0:
                    self.stats.failures += 1
                    raise ProviderError(self.provider, f"{self.provider} did not answer before the deadline.") from None
                problem = f"{self.provider} could not be reached (no full answer within {self._timeout:g} s)."
            except (BodyTooLarge, BodyUnreadable) as exc:
                self.stats.failures += 1
                logger.warning("provider body refused", extra={"provider": self.provider, "reason": str(exc)})
                raise ProviderError(self.provider, f"{self.provider} sent a body that {exc}.") from None
            else:
                if status < 300:
                    try:
                        return _decode(body, self.deadline)
                    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
                        problem = f"{self.provider} sent a body that is not JSON."
                        # A garbled body is worth one more try, like a 5xx.
                else:
                    if status == 404:
                        self.stats.failures += 1
                        raise ProviderNotFound(self.provider, f"{self.provider} has no such resource.", 404)
                    if status not in RETRYABLE and not (status == 403 and _rate_limited_403(body)):
                        self.stats.failures += 1
                        raise ProviderError(self.provider, _describe(self.provider, status, body), status)
                    problem = _describe(self.provider, status, body)
                    wait = _wait_hint(response)
            attempt += 1
            if attempt > self.max_retries:
                self.stats.failures += 1
                raise ProviderError(self.provider, problem)
            if wait is None:
                wait = self.backoff * (2 ** (attempt - 1)) * (0.5 + self._jitter())
            if wait >= self.deadline.left():
                self.stats.failures += 1
                raise ProviderError(self.provider, f"{problem} Retrying would pass the deadline.")
            self.stats.retries += 1
            logger.debug("retrying provider call", extra={"provider": self.provider, "attempt": attempt, "wait": wait})
            if self._clock() + wait >= self._window_ends:
                self._allowance = None  # this wait outlasts the provider's window: it has reset
            await self._sleep(wait)

    async def _call(self, method: str, url: str, kwargs: dict) -> tuple[httpx.Response, bytearray]:
        """One call, read in full: the (closed) response and its inflated body. Everything, from connect
        to the last byte, happens within the call's timeout and before the request's deadline
        (TimeoutError otherwise)."""
        left = self.deadline.left()
        started = time.perf_counter()
        self.stats.calls += 1
        shard = self._in_flight.index(min(self._in_flight))
        self._in_flight[shard] += 1
        self._unanswered += 1
        try:
            async with asyncio.timeout(max(0.0, min(self._timeout, left))):
                pool = self._pools[shard]
                timeout = httpx.Timeout(max(0.05, min(self._timeout, left)))
                request = pool.build_request(method, url, timeout=timeout, **kwargs)
                # The provider and its host only: a path or query may be a secret (a private feed).
                where = {"method": method, "url": f"{request.url.scheme}://{request.url.host}"}
                with tracing.subsegment(self.provider, "remote", http={"request": where}) as span:
                    response = await pool.send(request, stream=True)
                    span.status(response.status_code)
                    try:
                        data = await _read(response, self.max_bytes)
                    finally:
                        await response.aclose()
        finally:
            self._in_flight[shard] -= 1
            self._unanswered -= 1
        self._note_budget(response)
        self.stats.latency_ms.append((time.perf_counter() - started) * 1000)
        return response, data

    def _note_budget(self, response: httpx.Response) -> None:
        budget = _budget(response)
        if budget is not None:
            remaining, reset = budget
            # Calls already sent and not yet answered will spend from the same window.
            self._allowance = remaining - self._unanswered
            self._window_ends = self._clock() + reset

    async def _pace(self) -> None:
        """Wait, if the provider's window has no calls left, until it resets (never past the deadline)."""
        while self._allowance is not None and self._allowance <= 0:
            wait = self._window_ends - self._clock()
            if wait <= 0:
                self._allowance = None
                break
            if wait >= self.deadline.left():
                self.stats.failures += 1
                raise ProviderError(self.provider, f"{self.provider}'s rate limit leaves no calls before the deadline.")
            await self._sleep(wait)
            self._allowance = None  # the window has reset: the next answer says what the new one holds
        if self._allowance is not None:
            self._allowance -= 1

    async def get(self, url: str, params: dict | None = None, **kwargs: Any) -> Any:
        return await self.request("GET", url, params=params, **kwargs)

    async def post(self, url: str, body: Any, **kwargs: Any) -> Any:
        return await self.request("POST", url, json=body, **kwargs)

    async def pages(self, url: str, params: dict) -> AsyncIterator[dict]:
        """Follow keyset pagination (Calendly-style ``pagination.next_page_token``). A next token that
        was already used (a page pointing at itself, or a cycle) fails the read: following it would
        list the same items again, and stopping there would leave the rest unread."""
        params = dict(params)
        seen: set[str] = set()
        token = params.get("page_token")
        while True:
            if token:
                seen.add(token)
            body = await self.get(url, params)
            if not isinstance(body, dict):
                raise ProviderError(self.provider, f"{self.provider} sent an unexpected page.")
            yield body
            pagination = body.get("pagination")
            token = pagination.get("next_page_token") if isinstance(pagination, dict) else None
            if not token:
                return
            if not isinstance(token, str):
                raise ProviderError(self.provider, f"{self.provider} sent an unexpected page token.")
            if token in seen:
                raise ProviderError(self.provider, f"{self.provider}'s pages lead back to a page already read.")
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


def _describe(provider: str, status: int, raw: bytearray) -> str:
    """A short, safe description of a provider's error answer (never the request's credentials)."""
    detail = ""
    body = _json_error(raw)
    if isinstance(body, dict):
        error = body.get("error")
        detail = body.get("message") or (error.get("message") if isinstance(error, dict) else error) or ""
    text = f"{provider} answered {status}"
    return f"{text}: {str(detail)[:200]}" if detail else f"{text}."
