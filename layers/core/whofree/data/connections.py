"""Connection records (docs/STORAGE.md, "Connections").

In the account's scope (``context.table``):
- pk ``CONNECTIONS``, sk the connection id: provider, status, identity, created_at, the account (checked
  on every read), the secrets as ciphertext only (``secrets``, ``webhook_secret``: bytes sealed by
  whofree.connections.crypto), and for OAuth tokens ``access_expires_at``, ``version`` and ``lease_until``
  (the refresh lease of ``providers.tokens.RotatingToken``).
- pk ``DATAKEY``, sk the account: the account's data key, encrypted by the keyring (KMS or local).

In the global table (``context.runtime.table``), found without knowing the account:
- pk ``CONNECTION``, sk the connection id: ``account`` and ``provider`` (webhooks name a connection id).
- pk ``OAUTHSTATE``, sk a state's nonce: account, provider, redirect_uri, ``expires_at``; consumed once by a
  conditional delete.
"""

from __future__ import annotations

import contextlib
from typing import Any

from whofree.data.table import ConditionFailed, Table

PK = "CONNECTIONS"
INDEX = "CONNECTION"
DATAKEY = "DATAKEY"
STATE = "OAUTHSTATE"


# ---------------------------------------------------------------- connections (the account's scope)
def create(table: Table, item: dict[str, Any]) -> None:
    """Store a new connection (``item`` has ``id``); ids are random, so an existing one is a bug."""
    table.put({**item, "pk": PK, "sk": item["id"]}, condition="attribute_not_exists(pk)")


def get(table: Table, account: str, connection_id: str, consistent: bool = True) -> dict[str, Any] | None:
    item = table.get(PK, connection_id, consistent=consistent)
    return item if item is not None and item.get("account") == account else None


def page(table: Table, account: str, count: int, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """Up to ``count`` connections in id order after ``after``; the last id when more may follow."""
    result = table.query(PK, after=after, limit=count + 1)
    items = [i for i in result.items if i["sk"] != after and i.get("account") == account]
    more = len(items) > count or bool(result.last_key)
    items = items[:count]
    return items, (items[-1]["sk"] if more and items else None)


def every(table: Table, account: str) -> list[dict[str, Any]]:
    return [i for i in table.query_all(PK, consistent=True) if i.get("account") == account]


def delete(table: Table, account: str, connection_id: str) -> bool:
    """Whether there was one to delete."""
    try:
        table.delete(PK, connection_id, condition="attribute_exists(pk) AND account = :a", values={":a": account})
    except ConditionFailed:
        return False
    return True


def set_webhook_secret(table: Table, account: str, connection_id: str, sealed: bytes) -> bool:
    """Replace the connection's sealed webhook secret; False when it is not the account's (or is gone)."""
    try:
        table.set(
            PK,
            connection_id,
            {"webhook_secret": sealed},
            condition="attribute_exists(pk) AND account = :a",
            values={":a": account},
        )
    except ConditionFailed:
        return False
    return True


def set_status(table: Table, account: str, connection_id: str, status: str) -> None:
    with contextlib.suppress(ConditionFailed):  # erased meanwhile: nothing to mark
        table.set(
            PK,
            connection_id,
            {"status": status},
            condition="attribute_exists(pk) AND account = :a",
            values={":a": account},
        )


def lease(table: Table, account: str, connection_id: str, version: int, until: int, now: int) -> bool:
    """Take the refresh lease on ``version`` (a conditional write); False when someone else holds it or
    moved the token on."""
    try:
        table.set(
            PK,
            connection_id,
            {"lease_until": until},
            condition="account = :a AND version = :v AND lease_until < :now",
            values={":a": account, ":v": version, ":now": now},
        )
    except ConditionFailed:
        return False
    return True


def release(table: Table, account: str, connection_id: str, version: int) -> None:
    with contextlib.suppress(ConditionFailed):  # a newer version has no lease to release
        table.set(
            PK,
            connection_id,
            {"lease_until": 0},
            condition="account = :a AND version = :v",
            values={":a": account, ":v": version},
        )


def save_tokens(table: Table, account: str, connection_id: str, fields: dict[str, Any], version: int) -> bool:
    """Store the next token version (``fields`` include ``version``: ``version + 1``), only over
    ``version``; False when the record moved on (or is gone)."""
    try:
        table.set(
            PK,
            connection_id,
            {**fields, "lease_until": 0},
            condition="account = :a AND version = :v",
            values={":a": account, ":v": version},
        )
    except ConditionFailed:
        return False
    return True


# ---------------------------------------------------------------- the global index
def index(table: Table, connection_id: str, account: str, provider: str) -> None:
    table.put({"pk": INDEX, "sk": connection_id, "account": account, "provider": provider})


def find(table: Table, connection_id: str) -> dict[str, Any] | None:
    """The index record of a connection: its ``account`` and ``provider``."""
    return table.get(INDEX, connection_id, consistent=True)


def unindex(table: Table, connection_id: str) -> None:
    table.delete(INDEX, connection_id)


# ---------------------------------------------------------------- data keys (the account's scope)
def data_key(table: Table, account: str) -> bytes | None:
    item = table.get(DATAKEY, account, consistent=True)
    return bytes(item["key"]) if item is not None else None


def add_data_key(table: Table, account: str, encrypted: bytes) -> bool:
    """Store the account's first data key; False when another function stored one first."""
    try:
        table.put({"pk": DATAKEY, "sk": account, "key": encrypted}, condition="attribute_not_exists(pk)")
    except ConditionFailed:
        return False
    return True


# ---------------------------------------------------------------- OAuth state nonces (global)
def add_state(table: Table, nonce: str, record: dict[str, Any], expires_at: int) -> None:
    table.put({**record, "pk": STATE, "sk": nonce, "expires_at": expires_at}, condition="attribute_not_exists(pk)")


def consume_state(table: Table, nonce: str, binding: str, now: int) -> bool:
    """Delete the nonce's record if it is live and bound to ``binding`` (a digest of the account, the
    provider and the redirect_uri); False when it was used, never issued, expired or bound to another."""
    try:
        table.delete(
            STATE,
            nonce,
            condition="attribute_exists(pk) AND expires_at > :now AND binding = :b",
            values={":now": now, ":b": binding},
        )
    except ConditionFailed:
        return False
    return True
