"""Provider data per host, cached in the table so that event types sharing hosts share fetches.

- Open hours (a schedule): pk ``HOST#<provider>#<host key>`` (read through the deployment's own
  credential) or ``HOST#<provider>@<connection id>#<host key>`` (read through a connection: data read
  through one connection is never served to a read through another, even for the same Calendly user
  URI), sk ``hours``, for WHOFREE_HOURS_TTL
  seconds (default 1 hour).
- Busy blocks: the same partition, one item per 7-day window aligned to the epoch (sk
  ``busy#<window start>``), for WHOFREE_BUSY_TTL seconds (default 5 minutes). A window fetched
  from ``from`` on (the first window starts "now": providers refuse the past) serves a request only
  when it covers everything that request needs.

Each item records the change version (``whofree.data.versions``) of the host it was read for, as
read BEFORE the provider was: a read checks it against the current one in the same consistent
BatchGetItem (a change since: a miss), and a write is a transaction conditioned on it, so data read
from a provider before a change (a webhook, a push) is never stored as current. The host is
versioned under the handle changes name it by (``version_handle``): a Calendly user URI, a Nylas
grant. A cache failure is logged and skipped.
"""

from __future__ import annotations

import json

from whofree.data import versions
from whofree.data.table import MAX_PK_BYTES, Cancelled, StoreError, Table, fit, live
from whofree.domain import Schedule
from whofree.engine import Window
from whofree.observability import logger
from whofree.settings import Settings


def nylas_key(source) -> str:
    """A Nylas calendar in the host cache: the grant and the email it is read for."""
    return f"{source.grant_id}#{source.email}"


def partition(provider: str, key: str, via: str | None = None) -> str:
    """``HOST#<provider>#<host key>``, or ``HOST#<provider>@<via>#<host key>`` for data read through the
    connection ``via``; hashed when over DynamoDB's partition key limit (an ICS URL may have 2000
    characters)."""
    head = f"HOST#{provider}" if via is None else f"HOST#{provider}@{via}"
    return fit(head, key, MAX_PK_BYTES, sep="#")


def version_handle(provider: str, key: str) -> str:
    """The handle a change names the host by: its key, or a Nylas key's grant (``nylas_key``)."""
    return key.split("#", 1)[0] if provider == "nylas" else key


def _schedule(data: dict) -> Schedule:
    windows = [Window(frozenset(days), a, b) for days, a, b in data["windows"]]
    overrides = {int(k): [tuple(i) for i in v] for k, v in data["overrides"].items()} if data["overrides"] else None
    return Schedule(data["timezone"], windows, overrides)


class TableHostCache:
    """``domain.HostCache`` over the table, for one computation: what a connector is handed to share
    its data. It remembers the version of each host it read (``seen``): what it writes for the host is
    stored only while that version holds."""

    def __init__(self, table: Table, settings: Settings, via: str | None = None) -> None:
        self.hours_ttl = settings.hours_ttl  # WHOFREE_HOURS_TTL: open hours are kept this many seconds
        self.busy_ttl = settings.busy_ttl  # WHOFREE_BUSY_TTL: busy blocks
        self.table = table
        self.via = via  # the connection the data is read through (None: the deployment's credential)
        self.seen: dict[tuple[str, str], str] = {}

    def _read(self, provider: str, key: str, sk: str) -> dict | None:
        """The item if it is still current, after noting the host's version as read now."""
        subject = versions.host(version_handle(provider, key))
        wanted = (partition(provider, key, self.via), sk)
        try:
            found = self.table.get_many([wanted, *versions.keys([subject])], consistent=True)
        except StoreError as exc:
            logger.warning("host cache unreadable", extra={"error": str(exc)})
            return None
        current = versions.from_items([subject], found)[subject]
        self.seen.setdefault((provider, key), current)
        item = live(found.get(wanted), self.table.clock())
        if item is None or item.get("version") != current:
            return None
        return item

    def _write(self, provider: str, key: str, item: dict) -> None:
        """Store the item, only while the host's version is the one read before its data was fetched."""
        seen = self.seen.get((provider, key))
        if seen is None:
            return  # never read before the fetch: its version then is unknown
        subject = versions.host(version_handle(provider, key))
        try:
            self.table.transact([*versions.checks({subject: seen}), {"put": item | {"version": seen}}])
        except Cancelled:
            logger.info("host cache not written: the host changed meanwhile")
        except StoreError as exc:
            logger.warning("host cache not written", extra={"error": str(exc)})

    def get_schedule(self, provider: str, key: str) -> Schedule | None:
        item = self._read(provider, key, "hours")
        return _schedule(json.loads(item["data"])) if item is not None else None

    def put_schedule(self, provider: str, key: str, schedule: Schedule) -> None:
        data = {
            "timezone": schedule.timezone,
            "windows": [[sorted(w.weekdays), w.start, w.end] for w in schedule.open_hours or []],
            "overrides": {str(k): v for k, v in (schedule.date_overrides or {}).items()},
        }
        expires = int(self.table.clock()) + self.hours_ttl
        item = {
            "pk": partition(provider, key, self.via),
            "sk": "hours",
            "data": json.dumps(data),
            "expires_at": expires,
        }
        self._write(provider, key, item)

    def get_busy(self, provider: str, key: str, window: int, needed_from: float) -> list | None:
        """The window's busy blocks if cached, current, and fetched from no later than ``needed_from``."""
        item = self._read(provider, key, f"busy#{window}")
        if item is None or item["from"] > needed_from:
            return None
        return [tuple(b) for b in json.loads(item["data"])]

    def put_busy(self, provider: str, key: str, window: int, fetched_from: float, blocks: list) -> None:
        item = {
            "pk": partition(provider, key, self.via),
            "sk": f"busy#{window}",
            "from": fetched_from,
            "data": json.dumps(blocks),
            "expires_at": int(self.table.clock()) + self.busy_ttl,
        }
        self._write(provider, key, item)


def drop(table: Table, provider: str, key: str) -> None:
    table.delete_partition(partition(provider, key))


def for_table(table: Table | None, settings: Settings, via: str | None = None) -> TableHostCache | None:
    """A host cache for one computation of data read through ``via`` (a connection id; None: the
    deployment's credential), None without a table."""
    return TableHostCache(table, settings, via) if table is not None else None
