"""Holds (API.md §4, docs/STORAGE.md): pk ``HOLDS#<event type>``, sk ``<start:012d>#<host>``, with
``expires_at`` as TTL; and per event type the time each host was last held (pk
``LASTHOLD#<event type>``, sk the host), for "least recently held first".

A hold is written with the condition "no live hold there": of concurrent writers for one host and
slot exactly one wins.
"""

from __future__ import annotations

from whofree.data.table import ConditionFailed, Table


def _partition(event_type: str) -> str:
    return f"HOLDS#{event_type}"


def _sort_key(start: int, host: str) -> str:
    return f"{start:012d}#{host}"


def put(table: Table, event_type: str, host: str, start: int, end: int, uid: str, expires_at: int, now: int) -> bool:
    """Write the hold unless a live one is there; whether it was written."""
    item = {
        "pk": _partition(event_type),
        "sk": _sort_key(start, host),
        "uid": uid,
        "host": host,
        "start": start,
        "end": end,
        "expires_at": expires_at,
    }
    try:
        table.put(item, condition="attribute_not_exists(pk) OR expires_at <= :now", values={":now": int(now)})
    except ConditionFailed:
        return False
    return True


def delete(table: Table, event_type: str, host: str, start: int, uid: str, now: int) -> bool:
    """Delete the live hold ``uid``; False when there is none (deleted, expired, or someone else's)."""
    try:
        table.delete(
            _partition(event_type),
            _sort_key(start, host),
            condition="uid = :uid AND expires_at > :now",
            values={":uid": uid, ":now": int(now)},
        )
    except ConditionFailed:
        return False
    return True


def live(
    table: Table, event_type: str, start: float, end: float, now: float
) -> tuple[dict[str, list[tuple[int, int]]], float | None]:
    """Live holds starting in [start, end] as [start, end) blocks per host id, and when the first of
    them expires (an answer computed with them is good until then)."""
    items = table.query_all(_partition(event_type), after=f"{int(start):012d}", until=f"{int(end):012d}~", now=now)
    out: dict[str, list[tuple[int, int]]] = {}
    for item in items:
        out.setdefault(item["host"], []).append((item["start"], item["end"]))
    return out, min((i["expires_at"] for i in items), default=None)


def last_held(table: Table, event_type: str) -> dict[str, float]:
    """When each host of the event type was last held (hosts never held are absent)."""
    return {i["sk"]: i["at"] for i in table.query_all(f"LASTHOLD#{event_type}")}


def mark_held(table: Table, event_type: str, host: str, at: float) -> None:
    table.put({"pk": f"LASTHOLD#{event_type}", "sk": host, "at": at})
