"""One provider credential's call budget, shared by every function that uses it (API.md §7, rate limits).

A ``SharedBudget`` is handed to a provider client (``ProviderClient(budget=...)``), which takes one call
from it before every call it makes, retries included. It takes calls from the table's counter for the
credential's current minute (``whofree.data.budgets``) in blocks, so a request of a hundred calls costs a
few conditional writes, not a hundred; the calls of a block that a function does not use are lost to the
window, which errs on the side of the provider's limit. When the window is spent, the call waits for the
next one, unless that is past the request's deadline: then the call fails, and its host is a warning.

A budget that cannot be read (the table throttling or unreachable) does not stop calls: the provider's
own limit still holds, and the client still paces itself by the provider's rate-limit headers. The
credential is named by a label (a connection id, or ``deployment`` for the deployment's own credentials),
never by the secret.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from whofree.context import Context
from whofree.data import budgets
from whofree.data.table import StoreError, Table
from whofree.observability import logger, metrics

WINDOW = 60  # seconds: Calendly's and Cal.com's limits are per minute
DEPLOYMENT = "deployment"


def block_of(limit: int) -> int:
    """Calls taken at a time: a twentieth of the window's limit, between 1 and 10."""
    return max(1, min(10, limit // 20))


@dataclass
class SharedBudget:
    table: Table
    provider: str
    credential: str
    limit: int
    clock: Callable[[], float]
    sleep: Callable[[float], object] = asyncio.sleep
    _left: int = 0
    _window: int = -1
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def take(self, left: Callable[[], float]) -> bool:
        """One call, now or once the window turns; False when none is left before the deadline
        (``left()``: seconds until it)."""
        async with self._lock:
            while True:
                now = self.clock()
                window = int(now) - int(now) % WINDOW
                if window != self._window:
                    self._window, self._left = window, 0
                if self._left > 0:
                    self._left -= 1
                    return True
                got = await self._spend(window)
                if got:
                    self._left = got - 1
                    return True
                wait = window + WINDOW - now
                if wait >= left():
                    metrics.add_metric(name="ProviderBudgetExhausted", unit="Count", value=1)
                    return False
                await self.sleep(wait)

    async def _spend(self, window: int) -> int:
        """Calls taken from the shared counter for ``window``: a block, else one, else none."""
        for calls in dict.fromkeys((block_of(self.limit), 1)):
            try:
                taken = await asyncio.to_thread(
                    budgets.take, self.table, self.provider, self.credential, window, calls, self.limit
                )
            except StoreError as exc:
                logger.warning("provider budget unreadable", extra={"provider": self.provider, "error": str(exc)})
                return 1  # fail open: the provider's own limit and the client's pacing still hold
            if taken:
                return calls
        return 0


def shared(context: Context, provider: str, credential: str = DEPLOYMENT) -> SharedBudget | None:
    """The budget of ``provider``'s ``credential`` in the request's account (None without a table or a
    limit for the provider)."""
    limit = {"calendly": context.settings.calendly_budget, "calcom": context.settings.calcom_budget}.get(provider)
    table = context.table
    if table is None or not limit:
        return None
    return SharedBudget(table, provider, credential, limit, context.now)
