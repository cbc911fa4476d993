"""Dropping cached answers after a write that succeeded: best effort (API.md §1).

The write is what the client asked for; a cache drop that then fails must not turn it into an error
(a retried POST /v1/reservations would get 409 for its own hold). A failed drop is logged and
counted (metric ``InvalidationFailures``); the stale answer lives at most WHOFREE_ANSWER_TTL seconds,
and less when it depends on a hold.
"""

from __future__ import annotations

from collections.abc import Iterable

from whofree.data import answers
from whofree.data.table import StoreError, Table
from whofree.observability import logger, metrics


def drop_answers(table: Table, event_types: Iterable[str]) -> list[str]:
    """Drop the cached answers of each event type; the ones that could not be dropped."""
    failed = []
    for event_type in event_types:
        try:
            answers.drop(table, event_type)
        except StoreError as exc:
            failed.append(event_type)
            logger.warning("cached answers not dropped", extra={"event_type": event_type, "error": str(exc)})
            metrics.add_metric(name="InvalidationFailures", unit="Count", value=1)
    return failed
