"""Retry hints and rate limits in the shared provider client: an unreadable header is no hint."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from whofree.providers.http import Deadline, ProviderClient, _wait_hint
from whofree.providers.types import ProviderError


def response(status: int = 429, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers={k.replace("_", "-"): v for k, v in headers.items()})


@pytest.mark.parametrize(
    "value", ["soon", "", " ", "-5", "nan", "inf", "1e400", "Wed, 99 Foo 2030 25:61:00 GMT", "12abc", "\x00"]
)
def test_a_malformed_retry_after_is_no_hint(value):
    assert _wait_hint(response(Retry_After=value)) is None


@pytest.mark.parametrize("name", ["X-RateLimit-Reset", "X-RateLimit-Reset-Default"])
@pytest.mark.parametrize("value", ["later", "-1", "nan", ""])
def test_a_malformed_reset_is_no_hint(name, value):
    assert _wait_hint(httpx.Response(429, headers={name: value})) is None


def test_readable_hints():
    assert _wait_hint(response(Retry_After="3")) == 3.0
    assert 0 <= _wait_hint(response(Retry_After="Wed, 21 Oct 2015 07:28:00 GMT")) == 0.0  # a date in the past
    assert _wait_hint(response(X_RateLimit_Reset="12")) == 12.0  # Calendly: seconds until the reset
    # Cal.com: seconds remaining per named throttler; the used-up window decides.
    hint = httpx.Response(
        429,
        headers={
            "X-RateLimit-Remaining-Short": "4",
            "X-RateLimit-Reset-Short": "1",
            "X-RateLimit-Remaining-Default": "0",
            "X-RateLimit-Reset-Default": "38",
        },
    )
    assert _wait_hint(hint) == 38.0


def client(handler, sleep, **options) -> ProviderClient:
    return ProviderClient(
        "google",
        "https://p.test",
        {},
        Deadline.after(30),
        transport=httpx.MockTransport(handler),
        sleep=sleep,
        **options,
    )


def test_a_malformed_retry_after_falls_back_to_backoff_and_the_retry_succeeds():
    answers = [httpx.Response(429, headers={"Retry-After": "tomorrow-ish"}), httpx.Response(200, json={"ok": True})]
    slept: list[float] = []

    async def sleep(seconds):
        slept.append(seconds)

    async def go():
        async with client(lambda r: answers.pop(0), sleep, backoff=0.25, jitter=lambda: 0.5) as c:
            return await c.get("/x")

    assert asyncio.run(go()) == {"ok": True}
    assert slept == [0.25]  # the backoff (jitter drawn in the middle), not an exception


def google_403(reason: str) -> httpx.Response:
    return httpx.Response(
        403,
        json={"error": {"code": 403, "message": reason, "errors": [{"domain": "usageLimits", "reason": reason}]}},
    )


@pytest.mark.parametrize("reason", ["rateLimitExceeded", "userRateLimitExceeded"])
def test_google_rate_limit_403s_are_retried_with_backoff(reason):
    answers = [google_403(reason), google_403(reason), httpx.Response(200, json={"calendars": {}})]
    slept: list[float] = []

    async def sleep(seconds):
        slept.append(seconds)

    async def go():
        async with client(lambda r: answers.pop(0), sleep, backoff=1.0, jitter=lambda: 0.5) as c:
            return await c.post("/calendar/v3/freeBusy", {})

    assert asyncio.run(go()) == {"calendars": {}}
    assert slept == [1.0, 2.0]  # exponential: the backoff, then twice it (jitter drawn in the middle)


def test_the_jitter_spreads_each_wait_from_half_to_one_and_a_half_times_the_backoff():
    answers = [httpx.Response(503), httpx.Response(503), httpx.Response(200, json={"ok": True})]
    draws = iter([0.0, 0.999])
    slept: list[float] = []

    async def sleep(seconds):
        slept.append(seconds)

    async def go():
        async with client(lambda r: answers.pop(0), sleep, backoff=1.0, jitter=lambda: next(draws)) as c:
            return await c.get("/x")

    assert asyncio.run(go()) == {"ok": True}
    assert slept == [0.5, pytest.approx(2 * 1.499)]


@pytest.mark.parametrize("reason", ["forbidden", "accessNotConfigured", "dailyLimitExceeded"])
def test_other_403s_are_final(reason):
    calls = []

    def handler(request):
        calls.append(request)
        return google_403(reason)

    async def sleep(seconds):
        raise AssertionError("no retry expected")

    async def go():
        async with client(handler, sleep) as c:
            return await c.post("/calendar/v3/freeBusy", {})

    with pytest.raises(ProviderError) as error:
        asyncio.run(go())
    assert error.value.status == 403
    assert len(calls) == 1


class Budget:
    """A shared budget that grants ``calls`` calls, then none."""

    def __init__(self, calls: int) -> None:
        self.calls, self.asked = calls, 0

    async def take(self, left) -> bool:
        self.asked += 1
        if self.calls == 0:
            return False
        self.calls -= 1
        return True


def test_every_call_and_retry_is_taken_from_the_shared_budget():
    answers = iter([httpx.Response(503), httpx.Response(200, json={"ok": True})])
    budget = Budget(5)

    async def sleep(_: float) -> None:
        pass

    async def run():
        async with client(lambda request: next(answers), sleep, budget=budget) as c:
            return await c.get("/x")

    assert asyncio.run(run()) == {"ok": True}
    assert budget.asked == 2


def test_a_spent_budget_fails_the_call_without_calling():
    made = []

    async def sleep(_: float) -> None:
        pass

    async def run():
        async with client(
            lambda request: made.append(request) or httpx.Response(200, json={}), sleep, budget=Budget(0)
        ) as c:
            await c.get("/x")

    with pytest.raises(ProviderError, match="budget"):
        asyncio.run(run())
    assert made == []
