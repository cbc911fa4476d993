"""The account records the tool reads and writes, through ``whofree.accounts`` (the same records the
functions resolve API key ids with), as plain dicts for printing."""

from __future__ import annotations

from typing import Any

from whofree import accounts


def put_account(table: Any, account_id: str, name: str, created_at: str) -> None:
    accounts.put_account(table, account_id, name, created_at)


def get_account(table: Any, account_id: str) -> dict[str, Any] | None:
    found = accounts.get_account(table, account_id)
    return None if found is None else _plain(account_id, found)


def list_accounts(table: Any) -> list[dict[str, Any]]:
    return [_plain(found["sk"] if "sk" in found else found["id"], found) for found in accounts.list_accounts(table)]


def map_key(table: Any, key_id: str, account_id: str) -> None:
    accounts.map_key(table, key_id, account_id)


def unmap_key(table: Any, key_id: str) -> None:
    accounts.unmap_key(table, key_id)


def delete_account(table: Any, account_id: str) -> int:
    """Delete the account's own record; 1 (it is one record)."""
    table.delete(accounts.ACCOUNT_PARTITION, account_id)
    return 1


def _plain(account_id: str, found: Any) -> dict[str, Any]:
    get = found.get if isinstance(found, dict) else lambda name, default=None: getattr(found, name, default)
    return {
        "id": account_id,
        "name": get("name", ""),
        "created_at": str(get("created_at", "")),
        "key_ids": list(get("key_ids", None) or []),
    }
