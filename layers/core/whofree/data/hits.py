"""Request counters the warmer ranks event types by (docs/STORAGE.md): pk ``HITS#<hour>``, sk the
event type, an atomic ``count``, kept for two days.

Counts are kept in the process and written at most once a minute (and on ``flush``): a cached
answer then costs one GetItem, not a GetItem and an UpdateItem. A container that ends loses at most
a minute of counts, which only nudges popularity. A counter that cannot be written is logged.
"""

from __future__ import annotations

import time

from whofree.data.table import StoreError, Table
from whofree.observability import logger

HIT_TTL = 2 * 86_400
FLUSH_EVERY = 60.0

_pending: dict[tuple[str, int, str], int] = {}  # (table, hour, event type) -> requests not yet written
_flushed_at: dict[str, float] = {}


def _partition(hour: int) -> str:
    return f"HITS#{hour}"


def count_hit(table: Table, event_type: str, now: float | None = None, flush: bool = False) -> None:
    """One more request for this event type in this hour."""
    moment = int(time.time() if now is None else now)
    key = (table.name, moment - moment % 3600, event_type)
    _pending[key] = _pending.get(key, 0) + 1
    if flush or moment - _flushed_at.get(table.name, 0.0) >= FLUSH_EVERY:
        flush_hits(table, moment)


def flush_hits(table: Table, now: float | None = None) -> None:
    _flushed_at[table.name] = time.time() if now is None else now
    pending = [(key, count) for key, count in _pending.items() if key[0] == table.name]
    for key, _ in pending:
        del _pending[key]
    for (_, hour, event_type), count in pending:
        try:
            table.add(_partition(hour), event_type, "count", count, hour + HIT_TTL)
        except StoreError as exc:
            logger.warning("hits not counted", extra={"error": str(exc)})


def popular(table: Table, hours: int, top: int, now: float | None = None) -> list[str]:
    """The ``top`` event types by requests over the last ``hours`` hours."""
    flush_hits(table)
    moment = int(time.time() if now is None else now)
    totals: dict[str, int] = {}
    for back in range(hours):
        hour = moment - moment % 3600 - back * 3600
        for item in table.query_all(_partition(hour), now=moment):
            totals[item["sk"]] = totals.get(item["sk"], 0) + int(item["count"])
    return [event_type for event_type, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
