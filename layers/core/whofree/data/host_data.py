"""Provider data per host, cached in the table so that event types sharing hosts share fetches.

- Open hours (a schedule): pk ``HOST#<provider>#<host key>``, sk ``hours``, for WHOFREE_HOURS_TTL
  seconds (default 1 hour).
- Busy blocks: the same partition, one item per 7-day window aligned to the epoch (sk
  ``busy#<window start>``), for WHOFREE_BUSY_TTL seconds (default 5 minutes). A window fetched
  from ``from`` on (the first window starts "now": providers refuse the past) serves a request only
  when it covers everything that request needs.

A webhook about a host drops its partition. A cache failure is logged and skipped.
"""

from __future__ import annotations

import json
import time

from whofree.data.table import MAX_PK_BYTES, StoreError, Table, fit
from whofree.domain import Schedule
from whofree.engine import Window
from whofree.observability import logger
from whofree.settings import Settings


def nylas_key(source) -> str:
    """A Nylas calendar in the host cache: the grant and the email it is read for."""
    return f"{source.grant_id}#{source.email}"


def partition(provider: str, key: str) -> str:
    """``HOST#<provider>#<host key>``; hashed when over DynamoDB's partition key limit (an ICS URL may
    have 2000 characters)."""
    return fit(f"HOST#{provider}", key, MAX_PK_BYTES, sep="#")


def get_schedule(table: Table, provider: str, key: str) -> Schedule | None:
    try:
        item = table.get(partition(provider, key), "hours")
    except StoreError as exc:
        logger.warning("host cache unreadable", extra={"error": str(exc)})
        return None
    if item is None:
        return None
    data = json.loads(item["data"])
    windows = [Window(frozenset(days), a, b) for days, a, b in data["windows"]]
    overrides = {int(k): [tuple(i) for i in v] for k, v in data["overrides"].items()} if data["overrides"] else None
    return Schedule(data["timezone"], windows, overrides)


def put_schedule(table: Table, provider: str, key: str, schedule: Schedule, ttl: int) -> None:
    data = {
        "timezone": schedule.timezone,
        "windows": [[sorted(w.weekdays), w.start, w.end] for w in schedule.open_hours or []],
        "overrides": {str(k): v for k, v in (schedule.date_overrides or {}).items()},
    }
    _put(
        table,
        {
            "pk": partition(provider, key),
            "sk": "hours",
            "data": json.dumps(data),
            "expires_at": int(time.time()) + ttl,
        },
    )


def get_busy(table: Table, provider: str, key: str, window: int, needed_from: float) -> list | None:
    """The window's busy blocks if cached and fetched from no later than ``needed_from``."""
    try:
        item = table.get(partition(provider, key), f"busy#{window}")
    except StoreError as exc:
        logger.warning("host cache unreadable", extra={"error": str(exc)})
        return None
    if item is None or item["from"] > needed_from:
        return None
    return [tuple(b) for b in json.loads(item["data"])]


def put_busy(table: Table, provider: str, key: str, window: int, fetched_from: float, blocks: list, ttl: int) -> None:
    _put(
        table,
        {
            "pk": partition(provider, key),
            "sk": f"busy#{window}",
            "from": fetched_from,
            "data": json.dumps(blocks),
            "expires_at": int(time.time()) + ttl,
        },
    )


def _put(table: Table, item: dict) -> None:
    try:
        table.put(item)
    except StoreError as exc:
        logger.warning("host cache not written", extra={"error": str(exc)})


def drop(table: Table, provider: str, key: str) -> None:
    table.delete_partition(partition(provider, key))


class TableHostCache:
    """``providers.types.HostCache`` over the table: what a connector is handed to share its data, kept
    for WHOFREE_HOURS_TTL (open hours) and WHOFREE_BUSY_TTL (busy blocks) seconds."""

    def __init__(self, table: Table, settings: Settings) -> None:
        self.table = table
        self.hours_ttl = settings.hours_ttl
        self.busy_ttl = settings.busy_ttl

    def get_schedule(self, provider: str, key: str) -> Schedule | None:
        return get_schedule(self.table, provider, key)

    def put_schedule(self, provider: str, key: str, schedule: Schedule) -> None:
        put_schedule(self.table, provider, key, schedule, self.hours_ttl)

    def get_busy(self, provider: str, key: str, window: int, needed_from: float) -> list | None:
        return get_busy(self.table, provider, key, window, needed_from)

    def put_busy(self, provider: str, key: str, window: int, fetched_from: float, blocks: list) -> None:
        put_busy(self.table, provider, key, window, fetched_from, blocks, self.busy_ttl)


def for_table(table: Table | None, settings: Settings) -> TableHostCache | None:
    return TableHostCache(table, settings) if table is not None else None
