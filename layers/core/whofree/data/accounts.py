"""Account records (API.md §7, docs/STORAGE.md), global: stored in the unscoped table, since they are
read before the account is known, and each carries the account it belongs to, so erasing an account
finds them:
- ``pk ACCOUNT``, sk the account id: ``name``, ``created_at``, ``key_ids`` (its API keys' ids, comma-separated);
- ``pk APIKEY``, sk an API key id: ``account``;
- ``pk LOCAL_APIKEY``, sk the SHA-256 of a key's value (local runs only, where no API Gateway checks
  keys): ``key_id`` and ``account``.
Everything else of an account lives behind its prefix (``Table.scoped``).
"""

from __future__ import annotations

import hashlib

from whofree.data.table import ACCOUNT_ID, Table

ACCOUNT, APIKEY, LOCAL_APIKEY = "ACCOUNT", "APIKEY", "LOCAL_APIKEY"


def put_account(table: Table, account: str, name: str, created_at: str, key_ids: list[str] | None = None) -> None:
    if not ACCOUNT_ID.fullmatch(account):
        raise ValueError(f"not an account id: {account!r}")
    item = {"pk": ACCOUNT, "sk": account, "account": account, "name": name, "created_at": created_at}
    table.put(item | {"key_ids": ",".join(key_ids or [])})


def get_account(table: Table, account: str) -> dict | None:
    item = table.get(ACCOUNT, account, consistent=True)
    return _account(item) if item is not None else None


def list_accounts(table: Table) -> list[dict]:
    return [_account(i) for i in table.query_all(ACCOUNT, consistent=True)]


def _account(item: dict) -> dict:
    keys = item.get("key_ids") or ""
    return {
        "id": item["sk"],
        "name": item.get("name", ""),
        "created_at": item.get("created_at"),
        "key_ids": [k for k in keys.split(",") if k],
    }


def map_key(table: Table, key_id: str, account: str) -> None:
    """Record that API key ``key_id`` acts for ``account`` (and list it on the account)."""
    table.put({"pk": APIKEY, "sk": key_id, "account": account})
    found = get_account(table, account)
    if found is not None and key_id not in found["key_ids"]:
        table.set(ACCOUNT, account, {"key_ids": ",".join([*found["key_ids"], key_id])})


def unmap_key(table: Table, key_id: str) -> None:
    item = table.get(APIKEY, key_id, consistent=True)
    table.delete(APIKEY, key_id)
    if item is not None and (found := get_account(table, item["account"])) is not None:
        table.set(ACCOUNT, found["id"], {"key_ids": ",".join(k for k in found["key_ids"] if k != key_id)})


def key_account(table: Table, key_id: str) -> str | None:
    item = table.get(APIKEY, key_id, consistent=True)
    account = item.get("account") if item is not None else None
    return account if isinstance(account, str) and ACCOUNT_ID.fullmatch(account) else None


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def put_local_key(table: Table, value: str, key_id: str, account: str) -> None:
    """A key value for the local runner, which checks keys as API Gateway would (only its digest is kept)."""
    table.put({"pk": LOCAL_APIKEY, "sk": digest(value), "key_id": key_id, "account": account})


def local_key_id(table: Table, value: str) -> str | None:
    item = table.get(LOCAL_APIKEY, digest(value), consistent=True)
    return item.get("key_id") if item is not None else None
