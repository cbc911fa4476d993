"""Rotating OAuth tokens (docs/STORAGE.md): pk ``OAUTH#<provider>``, sk ``TOKEN``, with a
``version`` and a refresh ``lease_until``; the ``TokenStore`` of providers.tokens.RotatingToken."""

from __future__ import annotations

import contextlib

from whofree.data.table import ConditionFailed, Table
from whofree.domain import StoredToken

SK = "TOKEN"


def _pk(provider: str) -> str:
    return f"OAUTH#{provider}"


def save(
    table: Table,
    provider: str,
    access_token: str,
    refresh_token: str,
    expires_in: int,
    version: int = 1,
    *,
    now: float,
) -> None:
    """Store a token pair (e.g. from the authorization-code exchange), ``now`` being when it was issued."""
    moment = now
    table.put(
        {
            "pk": _pk(provider),
            "sk": SK,
            "access_token": access_token,
            "refresh_token": refresh_token,
            "access_expires_at": int(moment + expires_in),
            "version": version,
            "lease_until": 0,
        }
    )


class TableTokens:
    """One provider's rotating token in the table."""

    def __init__(self, table: Table, provider: str) -> None:
        self.table = table
        self.provider = provider
        self._item: dict | None = None

    def load(self) -> StoredToken | None:
        item = self.table.get(_pk(self.provider), SK, consistent=True)
        if item is None:
            return None
        return StoredToken(item["access_token"], item["refresh_token"], item["access_expires_at"], item["version"])

    def lease(self, token: StoredToken, until: int, now: int) -> bool:
        try:
            self.table.put(
                {**self._row(token), "lease_until": until},
                condition="version = :v AND lease_until < :now",
                values={":v": token.version, ":now": now},
            )
        except ConditionFailed:
            return False
        return True

    def release(self, token: StoredToken) -> None:
        # A newer version stored meanwhile has no lease to release.
        with contextlib.suppress(ConditionFailed):
            self.table.put(
                {**self._row(token), "lease_until": 0}, condition="version = :v", values={":v": token.version}
            )

    def save(self, access_token: str, refresh_token: str, expires_in: int, version: int, now: float) -> None:
        save(self.table, self.provider, access_token, refresh_token, expires_in, version, now=now)

    def _row(self, token: StoredToken) -> dict:
        return {
            "pk": _pk(self.provider),
            "sk": SK,
            "access_token": token.access_token,
            "refresh_token": token.refresh_token,
            "access_expires_at": int(token.access_expires_at),
            "version": token.version,
        }
