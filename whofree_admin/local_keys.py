"""API keys of the local runner (``make run``), where there is no API Gateway to hold them.

``whofree-admin --local`` makes the key value itself and stores only its SHA-256 (the LOCAL_APIKEY
records of ``whofree.data.accounts``); the local runner (scripts/local_api.py, ``--accounts multi``)
turns an ``X-Api-Key`` header into that key's id, as API Gateway turns a key into
``requestContext.identity.apiKeyId``.
"""

from __future__ import annotations

import secrets
from typing import Any

from whofree.data import accounts

KEY_ID_PREFIX = "local_"
VALUE_LENGTH = 40  # as long as API Gateway's generated values (it requires at least 20 characters)


def create(table: Any, account_id: str) -> tuple[str, str]:
    """A new key of ``account_id``: its id and its value (the value is stored only as a hash)."""
    key_id = f"{KEY_ID_PREFIX}{secrets.token_hex(5)}"
    value = secrets.token_urlsafe(VALUE_LENGTH)[:VALUE_LENGTH]
    accounts.put_local_key(table, value, key_id, account_id)
    return key_id, value


def delete(table: Any, key_id: str) -> bool:
    """Delete the key ``key_id``; False when there is none."""
    for item in table.query_all(accounts.LOCAL_APIKEY, consistent=True):
        if item.get("key_id") == key_id:
            table.delete(accounts.LOCAL_APIKEY, item["sk"])
            return True
    return False
