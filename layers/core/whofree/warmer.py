"""The warmer: cache the answers of the most requested event types before anyone asks.

Every event type answer counts a hit in an hourly counter. On each run (an EventBridge schedule,
every 10 minutes by default) the top N event types of the last WARM_HOURS hours get their answer
for the next WARM_DAYS days computed and cached; any later request inside that window is then a
hit (see whofree.cache). One event type failing does not stop the others.
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field

from whofree import cache, store
from whofree.errors import ApiError
from whofree.event_types import TimesRequest, provider_times
from whofree.observability import logger


def _env(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


@dataclass
class Settings:
    top: int = field(default_factory=lambda: _env("WARM_TOP_N", "20"))
    days: int = field(default_factory=lambda: _env("WARM_DAYS", "14"))
    hours: int = field(default_factory=lambda: _env("WARM_HOURS", "24"))


@dataclass
class Report:
    warmed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


async def _warm_one(table: store.Table, event_type: str, start: int, end: int, deadline: float) -> None:
    request = TimesRequest(event_type, start, end, None, None, 10_000, None)
    labelled = await provider_times(request, deadline, start)
    cache.save(table, request, labelled, labelled.notice_minutes, valid_until=labelled.valid_until)


def warm(table: store.Table, settings: Settings, start_at: float, deadline: float) -> Report:
    """Warm the top event types (by hits up to now) for [start_at, start_at + days)."""
    started = time.perf_counter()
    report = Report()
    start = int(start_at) - int(start_at) % 60
    end = start + settings.days * 86_400
    chosen = cache.popular(table, settings.hours, settings.top)

    async def run() -> None:
        async def one(event_type: str) -> None:
            try:
                await _warm_one(table, event_type, start, end, deadline)
                report.warmed.append(event_type)
            except (ApiError, store.StoreError) as exc:
                report.failed[event_type] = getattr(exc, "message", str(exc))

        await asyncio.gather(*(one(e) for e in chosen))

    asyncio.run(run())
    report.seconds = time.perf_counter() - started
    logger.info(
        "warm run", extra={"warmed": len(report.warmed), "failed": report.failed, "s": round(report.seconds, 2)}
    )
    return report
