"""Subscriptions (API.md §8, docs/STORAGE.md): pk ``SUBSCRIPTION``, sk the id (22 random URL-safe
characters), per account (the request's table). Attributes: ``url``, ``event_types`` (JSON list),
``secret`` (the signing key: read by the sender, written once, never answered again), ``created_at``.

An account has at most ``MAX_PER_ACCOUNT`` of them, so a change reads all of them with one Query.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass

from whofree.data.table import ConditionFailed, Table, marshal

PK = "SUBSCRIPTION"
ID = re.compile(r"[A-Za-z0-9_-]{22}")  # fullmatch
MAX_PER_ACCOUNT = 100


class TooMany(Exception):
    """The account has MAX_PER_ACCOUNT subscriptions already."""


@dataclass(frozen=True)
class Subscription:
    id: str
    url: str
    event_types: tuple[str, ...]
    secret: str
    created_at: str

    def resource(self, with_secret: bool = False) -> dict:
        out = {"id": self.id, "url": self.url, "event_types": list(self.event_types), "created_at": self.created_at}
        return out | {"secret": self.secret} if with_secret else out


def _of(item: dict) -> Subscription:
    return Subscription(
        item["sk"], item["url"], tuple(json.loads(item["event_types"])), item["secret"], item["created_at"]
    )


def create(table: Table, url: str, event_types: list[str], now: str) -> Subscription:
    """A new subscription with a fresh id and secret; TooMany past the account's limit."""
    if len(table.query(PK, limit=MAX_PER_ACCOUNT, consistent=True).items) >= MAX_PER_ACCOUNT:
        raise TooMany
    found = Subscription(secrets.token_urlsafe(16), url, tuple(event_types), "whsec_" + secrets.token_hex(32), now)
    item = {
        "pk": PK,
        "sk": found.id,
        "url": found.url,
        "event_types": json.dumps(list(found.event_types)),
        "secret": found.secret,
        "created_at": now,
    }
    table.put(item, condition="attribute_not_exists(pk)")
    return found


def get(table: Table, subscription_id: str) -> Subscription | None:
    item = table.get(PK, subscription_id, consistent=True) if ID.fullmatch(subscription_id) else None
    return _of(item) if item is not None else None


def delete(table: Table, subscription_id: str) -> bool:
    """Whether there was one to delete."""
    if not ID.fullmatch(subscription_id):
        return False
    try:
        table.delete(PK, subscription_id, condition="attribute_exists(pk)")
    except ConditionFailed:
        return False
    return True


def page(table: Table, count: int, after: str | None) -> tuple[list[Subscription], str | None]:
    """Up to ``count`` subscriptions in id order after ``after``; the last id when more may follow."""
    start_key = marshal({"pk": PK, "sk": after}) if after else None
    result = table.query(PK, limit=count, start_key=start_key)
    found = [_of(i) for i in result.items]
    return found, (found[-1].id if result.last_key and found else None)


def every(table: Table) -> list[Subscription]:
    """Every subscription of the table's account (at most MAX_PER_ACCOUNT: one Query)."""
    return [_of(i) for i in table.query_all(PK)]
