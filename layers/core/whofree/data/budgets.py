"""Provider call budgets shared by every function (docs/STORAGE.md): pk ``BUDGET#<provider>#<credential>``
(in the account's scope), sk the window's start (Unix seconds), ``spent`` (an atomic ADD), expiring an
hour after the window.

Providers limit calls per credential and minute (Calendly per user token, Cal.com per API key:
docs/PROVIDERS.md). Fifty concurrent functions that each pace themselves would still spend one
credential fifty times over; so each takes its calls from one counter item per credential and window,
in blocks, with a condition that the window's limit is never passed.
"""

from __future__ import annotations

from whofree.data.table import MAX_PK_BYTES, ConditionFailed, Table, fit

KEPT_SECONDS = 3600  # a window's item outlives it by an hour (DynamoDB deletes it later still)


def _pk(provider: str, credential: str) -> str:
    return fit(f"BUDGET#{provider}", credential, MAX_PK_BYTES, sep="#")


def take(table: Table, provider: str, credential: str, window: int, calls: int, limit: int) -> bool:
    """Spend ``calls`` from the window that starts at ``window``; False (nothing spent) when fewer than
    ``calls`` are left of its ``limit``."""
    if calls > limit:
        return False
    try:
        table.add_within(_pk(provider, credential), str(window), "spent", calls, limit, window + KEPT_SECONDS)
    except ConditionFailed:
        return False
    return True


def spent(table: Table, provider: str, credential: str, window: int) -> int:
    item = table.get(_pk(provider, credential), str(window), consistent=True)
    return int(item["spent"]) if item is not None else 0
