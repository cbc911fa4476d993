"""Request counters the warmer ranks event types by (docs/STORAGE.md): pk ``HITS#<hour>``, sk the
event type, an atomic ``count``, kept for two days.

Counts are kept in the process (``Context.caches``) and written at most once a minute (and on ``flush``): a cached
answer then costs one GetItem, not a GetItem and an UpdateItem. A container that ends loses at most
a minute of counts, which only nudges popularity. A counter that cannot be written is logged.
"""

from __future__ import annotations

from whofree.context import Context
from whofree.data.table import StoreError
from whofree.observability import logger

HIT_TTL = 2 * 86_400
FLUSH_EVERY = 60.0


def _partition(hour: int) -> str:
    return f"HITS#{hour}"


def count_hit(context: Context, event_type: str, flush: bool = False) -> None:
    """One more request for this event type in this hour (kept in ``context.caches`` until written)."""
    table, pending, flushed = context.table, context.caches.hits, context.caches.hits_flushed_at
    moment = int(context.now())
    key = (table.identity, moment - moment % 3600, event_type)
    pending[key] = pending.get(key, 0) + 1
    if flush or moment - flushed.get(table.identity, 0.0) >= FLUSH_EVERY:
        flush_hits(context)


def flush_hits(context: Context) -> None:
    table, pending = context.table, context.caches.hits
    context.caches.hits_flushed_at[table.identity] = context.now()
    mine = [(key, count) for key, count in pending.items() if key[0] == table.identity]
    for key, _ in mine:
        del pending[key]
    for (_, hour, event_type), count in mine:
        try:
            table.add(_partition(hour), event_type, "count", count, hour + HIT_TTL)
        except StoreError as exc:
            logger.warning("hits not counted", extra={"error": str(exc)})


def popular(context: Context, hours: int, top: int) -> list[str]:
    """The ``top`` event types by requests over the last ``hours`` hours."""
    flush_hits(context)
    moment = int(context.now())
    totals: dict[str, int] = {}
    for back in range(hours):
        hour = moment - moment % 3600 - back * 3600
        for item in context.table.query_all(_partition(hour)):
            totals[item["sk"]] = totals.get(item["sk"], 0) + int(item["count"])
    return [event_type for event_type, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
