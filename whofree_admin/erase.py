"""Erase every record of one account: its scoped items and the global items that name it.

A scoped item's partition key starts with the account's prefix (``whofree.data.table.scope``:
``"<account>|"``); a global item (an API key mapping, a connection index entry, a push channel, a local
API key) carries ``account``. One Scan with the filter ``begins_with(pk, :prefix) OR account = :a``
finds both; each page's matches are deleted with BatchWriteItem, 25 keys a call, retrying the
unprocessed ones. The account's own record (pk ``ACCOUNT``) is left for the caller to delete last,
so that an interrupted run can be run again.
"""

from __future__ import annotations

import time
from typing import Any

from whofree.data.accounts import ACCOUNT
from whofree.data.table import scope

BATCH = 25  # BatchWriteItem's limit
ATTEMPTS = 8


class Incomplete(RuntimeError):
    """DynamoDB kept leaving some deletes unprocessed: run the command again."""


def erase(client: Any, table_name: str, account: str, sleep: Any = time.sleep) -> int:
    """Delete every item of ``account`` from ``table_name`` but its account record; returns how many."""
    erased = 0
    kwargs: dict[str, Any] = {
        "TableName": table_name,
        "FilterExpression": "(begins_with(pk, :prefix) OR #account = :account) AND pk <> :record",
        "ExpressionAttributeNames": {"#account": "account"},
        "ExpressionAttributeValues": {
            ":prefix": {"S": scope(account)},
            ":account": {"S": account},
            ":record": {"S": ACCOUNT},
        },
        "ProjectionExpression": "pk, sk",
        "ConsistentRead": True,
    }
    while True:
        page = client.scan(**kwargs)
        keys = [{"pk": item["pk"], "sk": item["sk"]} for item in page.get("Items", [])]
        for start in range(0, len(keys), BATCH):
            delete_keys(client, table_name, keys[start : start + BATCH], sleep)
        erased += len(keys)
        if not page.get("LastEvaluatedKey"):
            return erased
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def delete_keys(client: Any, table_name: str, keys: list[dict[str, Any]], sleep: Any = time.sleep) -> None:
    """One BatchWriteItem of at most 25 deletes (keys in DynamoDB's typed form), retried with backoff
    until DynamoDB has processed every one."""
    pending: dict[str, Any] = {table_name: [{"DeleteRequest": {"Key": key}} for key in keys]}
    for attempt in range(ATTEMPTS):
        answer = client.batch_write_item(RequestItems=pending)
        pending = answer.get("UnprocessedItems") or {}
        if not pending:
            return
        sleep(min(0.05 * 2**attempt, 2.0))
    left = len(pending.get(table_name, []))
    raise Incomplete(f"DynamoDB left {left} deletes unprocessed after {ATTEMPTS} attempts; run the command again")
