"""The warmer: cache the answers of the most requested event types before anyone asks.

Every event type answer counts a hit in an hourly counter. On each run (an EventBridge schedule,
every 10 minutes by default) the top N event types of the last WHOFREE_WARM_HOURS hours get their answer
for the next WHOFREE_WARM_DAYS days computed and cached; any later request inside that window is then a
hit (see whofree.times.cache). One event type failing does not stop the others.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from whofree import settings as whofree_settings
from whofree.context import Context
from whofree.data import hits
from whofree.data.table import StoreError
from whofree.errors import ApiError
from whofree.observability import logger
from whofree.times import dispatch


@dataclass(frozen=True)
class Settings:
    top: int
    days: int
    hours: int

    @classmethod
    def of(cls, settings: whofree_settings.Settings) -> Settings:
        return cls(settings.warm_top_n, settings.warm_days, settings.warm_hours)


@dataclass
class Report:
    warmed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def plus(self, other: Report) -> Report:
        """Two runs (two accounts') as one."""
        return Report(self.warmed + other.warmed, self.failed | other.failed, self.seconds + other.seconds)


def warm(settings: Settings, start_at: float, context: Context) -> Report:
    """Warm the top event types (by hits up to now) for [start_at, start_at + days)."""
    started = time.perf_counter()
    report = Report()
    start = int(start_at) - int(start_at) % 60
    end = start + settings.days * 86_400
    chosen = hits.popular(context, settings.hours, settings.top)

    async def run() -> None:
        async def one(event_type: str) -> None:
            try:
                await dispatch.warm(event_type, start, end, context)
                report.warmed.append(event_type)
            except (ApiError, StoreError) as exc:
                report.failed[event_type] = getattr(exc, "message", str(exc))

        await asyncio.gather(*(one(e) for e in chosen))

    asyncio.run(run())
    report.seconds = time.perf_counter() - started
    logger.info(
        "warm run", extra={"warmed": len(report.warmed), "failed": report.failed, "s": round(report.seconds, 2)}
    )
    return report
