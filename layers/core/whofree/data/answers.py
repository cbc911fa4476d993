"""Cached event type answers (docs/STORAGE.md): pk ``ANSWER#<event type>``, one blob per variant.

A variant is one (timezone, hosts filter, explain) of an event type; its blob (see ``table.Table.put_blob``)
carries the range it covers in its head item. Answers live WHOFREE_ANSWER_TTL seconds (default
300), or less when the caller says the answer is good for less (a hold expiring sooner).
"""

from __future__ import annotations

from dataclasses import dataclass

from whofree.data.table import MAX_PK_BYTES, Table, fit


def partition(event_type: str) -> str:
    """``ANSWER#<event type>``; hashed when over DynamoDB's partition key limit (any query string reaches
    the cache lookup before the event type is known to exist)."""
    return fit("ANSWER", event_type, MAX_PK_BYTES, sep="#")


@dataclass(frozen=True)
class Stored:
    """A cached answer as stored: its bytes, the range [start, end) it covers, and the other items
    read with it (``also``: the hosts' hold locks), by key."""

    data: bytes
    start: int
    end: int
    others: dict[tuple[str, str], dict]


def get(table: Table, event_type: str, variant: str, also: list[tuple[str, str]] | None = None) -> Stored | None:
    """The cached answer, or None when absent or expired. ``also``: keys of other items to read in the
    same round trip (the hosts' hold locks)."""
    blob = table.get_blob(partition(event_type), variant, also)
    if blob is None:
        return None
    data, head, others = blob
    return Stored(data, head["start"], head["end"], others)


def put(
    table: Table,
    event_type: str,
    variant: str,
    data: bytes,
    start: int,
    end: int,
    expires_at: int,
    checks: list[dict] | None = None,
) -> None:
    """Store the answer; with ``checks`` (transaction ConditionChecks: the versions it was computed
    from) only while they all hold, else ``table.Cancelled`` and nothing is current."""
    table.put_blob(partition(event_type), variant, data, expires_at, {"start": start, "end": end}, checks)


def drop(table: Table, event_type: str) -> int:
    """Delete every cached answer of the event type; how many items went."""
    return table.delete_partition(partition(event_type))
