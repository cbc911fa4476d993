"""Bookings whofree learnt of from deliveries (API.md §3 "Who is assigned next", docs/STORAGE.md).

pk ``BOOKED=<handle>`` (``table.fit`` past DynamoDB's partition key limit), sk ``BOOKED``, per
account (the context's table). The handle is one a delivery names a host by (an email in lower case,
a Calendly user URI, a Cal.com user id or username) or a configured host's id: the same handles whose
change versions the delivery bumps (``whofree.invalidation.changed``), so every write here is followed
by a bump of ``host=<handle>``, and an answer whose assignment order read this record is stale once it
changes (its recorded versions cover it). Attributes: ``times`` (JSON list of Unix seconds, the
newest ``KEPT`` of the last 30 days, and always the newest of all), ``version`` (random, the write's
condition: concurrent deliveries never lose one).

Holds granted are counted on the hosts' hold locks instead (``whofree.data.holds``), in the hold's
own transaction.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable

from whofree.data.table import MAX_PK_BYTES, ConditionFailed, StoreUnavailable, Table, fit

SK = "BOOKED"
WINDOW = 30 * 86_400
KEPT = 500  # a host booked more often than this in 30 days counts as booked this often
ATTEMPTS = 8


def fold(handle: str) -> str:
    """As change versions fold it: an email in lower case (whofree.data.versions.fold)."""
    return handle.lower() if "@" in handle and "://" not in handle else handle


def _pk(handle: str) -> str:
    return fit("BOOKED", fold(handle), MAX_PK_BYTES)


def prune(times: Iterable[float], now: float) -> list[float]:
    """The newest KEPT instants of the last 30 days, and the newest of all (least recently booked)."""
    ordered = sorted(times)
    kept = [t for t in ordered if t > now - WINDOW][-KEPT:]
    if ordered and not kept:
        kept = ordered[-1:]
    return kept


def record(table: Table, handles: Iterable[str], at: float) -> None:
    """One booking at ``at`` for each handle (each once)."""
    for handle in dict.fromkeys(fold(h) for h in handles):
        _add(table, handle, at)


def _add(table: Table, handle: str, at: float) -> None:
    pk = _pk(handle)
    for _ in range(ATTEMPTS):
        item = table.get(pk, SK, consistent=True)
        times = json.loads(item["times"]) if item is not None else []
        new = {
            "pk": pk,
            "sk": SK,
            "times": json.dumps(prune([*times, at], at)),
            "version": secrets.token_hex(8),
        }
        try:
            if item is None:
                table.put(new, "attribute_not_exists(pk)")
            else:
                table.put(new, "version = :seen", {":seen": item["version"]})
        except ConditionFailed:
            continue
        return
    raise StoreUnavailable("a booking record kept changing while it was written", retry_after=1)


def read(table: Table, hosts: Iterable[str]) -> dict[str, list[float]]:
    """Each host's known bookings (by its id), from one consistent BatchGetItem."""
    wanted = list(dict.fromkeys(hosts))
    if not wanted:
        return {}
    found = table.get_many([(_pk(h), SK) for h in wanted], consistent=True)
    out = {}
    for host in wanted:
        item = found.get((_pk(host), SK))
        if item is not None:
            out[host] = [float(t) for t in json.loads(item["times"])]
    return out
