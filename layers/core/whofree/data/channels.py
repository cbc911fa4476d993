"""Push channels (API.md §5, docs/STORAGE.md): one item per Google Calendar ``events.watch`` channel
or Microsoft Graph subscription whofree holds, pk ``PUSH_CHANNEL``, sk ``<provider>#<id>``.

An item keeps the host the channel watches (a Google calendar id, a Microsoft user), Google's
resource id, when the provider ends the channel (``expires_at``, also the item's TTL: an ended
channel is absent), what the scheduled function still has to do with it (``needs``: ``reauthorize``
or ``recreate``, set by a Graph lifecycle notification) and the SHA-256 of its secret (Google's
channel token, Graph's ``clientState``): never the secret itself, so whoever reads the table still
cannot forge a notification. One partition: whofree holds one channel per configured Google or
Microsoft host.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from dataclasses import dataclass, replace

from whofree.data.table import ConditionFailed, Table

PK = "PUSH_CHANNEL"
NEEDS = ("reauthorize", "recreate")
MAX_ID = 256  # longer than any id a provider hands out: never looked up


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Channel:
    provider: str  # "google" | "microsoft"
    id: str  # Google: the channel id whofree chose; Graph: the subscription id
    host: str  # the calendar id / user the channel watches
    secret_hash: str
    expires: int  # Unix seconds: when the provider ends the channel
    resource_id: str | None = None  # Google's X-Goog-Resource-ID
    needs: str | None = None

    def verifies(self, secret: str | None) -> bool:
        """The secret a notification carries is this channel's (compared in constant time)."""
        return secret is not None and hmac.compare_digest(digest(secret), self.secret_hash)

    def but(self, **changes) -> Channel:
        return replace(self, **changes)


def _key(provider: str, channel_id: str) -> str:
    return f"{provider}#{channel_id}"


def _channel(item: dict) -> Channel:
    return Channel(
        item["provider"],
        item["channel_id"],
        item["host"],
        item["secret_hash"],
        int(item["expires_at"]),
        item.get("resource_id"),
        item.get("needs"),
    )


def put(table: Table, channel: Channel, condition: str | None = None) -> None:
    item = {
        "pk": PK,
        "sk": _key(channel.provider, channel.id),
        "provider": channel.provider,
        "channel_id": channel.id,
        "host": channel.host,
        "secret_hash": channel.secret_hash,
        "expires_at": channel.expires,
    }
    if channel.resource_id is not None:
        item["resource_id"] = channel.resource_id
    if channel.needs is not None:
        item["needs"] = channel.needs
    table.put(item, condition=condition)


def get(table: Table, provider: str, channel_id: str) -> Channel | None:
    """The live channel, or None (also for one that has ended, and for an id no provider makes)."""
    if not channel_id or len(channel_id) > MAX_ID or not channel_id.isprintable():
        return None
    item = table.get(PK, _key(provider, channel_id), consistent=True)
    return _channel(item) if item is not None else None


def every(table: Table) -> list[Channel]:
    """Every live channel."""
    return [_channel(i) for i in table.query_all(PK)]


def mark(table: Table, channel: Channel, needs: str) -> None:
    """Record what the scheduled function must do with the channel (only while it still exists)."""
    if needs not in NEEDS:
        raise ValueError(needs)
    with contextlib.suppress(ConditionFailed):  # stopped or replaced meanwhile: nothing left to do with it
        put(table, channel.but(needs=needs), condition="attribute_exists(pk)")


def delete(table: Table, channel: Channel) -> None:
    table.delete(PK, _key(channel.provider, channel.id))
