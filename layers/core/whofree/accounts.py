"""Accounts (API.md §7): which customer an API-key request acts for.

API Gateway checks the key; the proxy event names the key's id (``requestContext.identity.apiKeyId``)
and whofree maps that id to an account. In ``single`` mode (``WHOFREE_ACCOUNTS``, the default) every
key acts for the one account ``default``, with the deployment's own credentials, as before accounts
existed. In ``multi`` mode a key that maps to no account is refused (401), so a key made outside
``whofree-admin`` reaches no one's data.

The mapping and the accounts are global records (``whofree.data.accounts``). Everything else of an
account lives behind its prefix (``Table.scoped``): the request context hands out only the scoped table.

A key's mapping is kept per container for ``MAPPING_SECONDS``: a deleted or rotated key is refused by
API Gateway itself, before whofree sees it, so a kept mapping never lets a dead key in.
"""

from __future__ import annotations

import secrets

from whofree.context import DEFAULT_ACCOUNT, Runtime
from whofree.data.accounts import key_account, list_accounts
from whofree.data.table import required_table
from whofree.errors import Unauthenticated

MAPPING_SECONDS = 300.0
KEPT = 10_000  # mappings kept per container


def new_id() -> str:
    """A fresh account id: ``acc_`` and 16 hex digits."""
    return f"acc_{secrets.token_hex(8)}"


def resolve(runtime: Runtime, api_key_id: str | None) -> str:
    """The account an API-key request acts for. Unauthenticated (401) in ``multi`` mode for a request
    without a key id or with a key of no account."""
    if runtime.settings.accounts == "single":
        return DEFAULT_ACCOUNT
    if not api_key_id:
        raise Unauthenticated("This API key belongs to no account.")
    kept = runtime.caches.accounts.get(api_key_id)
    now = runtime.clock()
    if kept is not None and now - kept[1] < MAPPING_SECONDS:
        return kept[0]
    account = key_account(required_table(runtime.table), api_key_id)
    if account is None:
        raise Unauthenticated("This API key belongs to no account.")
    if len(runtime.caches.accounts) >= KEPT:
        runtime.caches.accounts.clear()
    runtime.caches.accounts[api_key_id] = (account, now)
    return account


def warmed(runtime: Runtime) -> list[str]:
    """The accounts the scheduled function warms: the one account in ``single`` mode, else every account."""
    if runtime.settings.accounts == "single":
        return [DEFAULT_ACCOUNT]
    return [a["id"] for a in list_accounts(required_table(runtime.table))]
