"""API keys of the local runner (``make run``), where there is no API Gateway to hold them.

``whofree-admin --local`` makes the key value itself and stores only its SHA-256: a global record
``pk="LOCAL_APIKEY", sk=<sha256 hex of the value>`` with the key's id and its account. The local
runner (scripts/local_api.py, ``WHOFREE_ACCOUNTS=multi``) turns an ``X-Api-Key`` header into that key
id, as API Gateway turns a key into ``requestContext.identity.apiKeyId``.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

PARTITION = "LOCAL_APIKEY"
KEY_ID_PREFIX = "local_"
VALUE_LENGTH = 40  # API Gateway's generated values are 40 characters as well (at least 20 are required)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def new_value() -> str:
    return secrets.token_urlsafe(VALUE_LENGTH)[:VALUE_LENGTH]


def new_key_id() -> str:
    return f"{KEY_ID_PREFIX}{secrets.token_hex(5)}"


def create(table: Any, account_id: str) -> tuple[str, str]:
    """A new key of ``account_id``: its id and its value (the value is stored only as a hash)."""
    key_id, value = new_key_id(), new_value()
    table.put(
        {"pk": PARTITION, "sk": digest(value), "key_id": key_id, "account": account_id},
        condition="attribute_not_exists(pk)",
    )
    return key_id, value


def key_id(table: Any, value: str | None) -> str | None:
    """The id of the key whose value is ``value``, or None (no header, or no such key)."""
    if not value:
        return None
    found = table.get(PARTITION, digest(value), consistent=True)
    return found.get("key_id") if found else None


def delete(table: Any, key_id: str) -> bool:
    """Delete the key ``key_id``; False when there is none."""
    for item in table.query_all(PARTITION, consistent=True):
        if item.get("key_id") == key_id:
            table.delete(PARTITION, item["sk"])
            return True
    return False
