"""One shape for every provider's bearer token: ``TokenSource.get()`` (API credentials the
connectors send).

- ``MemoryToken``: a token fetched from the provider's token endpoint and kept in memory, per
  container, until a minute before it expires (Google's refresh-token exchange, Microsoft's client
  credentials). An environment variable may hand the token itself (local runs).
- ``RotatingToken``: a token whose refresh rotates (Calendly OAuth: a refresh revokes the refresh
  token it used), kept in a ``TokenStore`` shared by every container (the table: whofree.data.
  oauth_tokens), refreshed by exactly one invocation at a time. An invocation that finds the access
  token expiring takes a lease (same version, no live lease); only the lease holder calls the token
  endpoint and stores the next version; everyone else waits for that version. A failed refresh
  releases the lease.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from whofree.domain import TokenStore
from whofree.providers.types import ProviderError

EARLY = 60  # renew a minute before the access token expires


class TokenSource(Protocol):
    def get(self) -> str:
        """A valid access token; ProviderError when none can be had."""


class MemoryToken:
    """``fetch()`` returns (access token, when it expires); the result is kept until then. ``direct``:
    an access token handed in the settings (local runs), used as it is."""

    def __init__(self, fetch: Callable[[], tuple[str, float]], direct: str | None = None) -> None:
        self.fetch = fetch
        self.direct = direct
        self._access: str | None = None
        self._expires = 0.0

    def get(self) -> str:
        if self.direct:
            return self.direct
        if self._access is not None and self._expires > time.time() + EARLY:
            return self._access
        self._access, self._expires = self.fetch()
        return self._access

    def emptied(self) -> MemoryToken:
        """The same source with nothing kept (a new container)."""
        return MemoryToken(self.fetch, self.direct)


class RotatingToken:
    """``refresh(refresh_token)`` returns the token endpoint's JSON (access_token, refresh_token, expires_in)."""

    LEASE = 20  # seconds a refresh may take before another invocation may try

    def __init__(
        self,
        provider: str,
        store: TokenStore,
        refresh: Callable[[str], dict],
        wait: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.provider = provider
        self.store = store
        self.refresh = refresh
        self.wait = wait
        self.clock = clock

    def get(self) -> str:
        deadline = time.monotonic() + self.wait
        while True:
            now = self.clock()
            stored = self.store.load()
            if stored is None:
                raise ProviderError(self.provider, f"whofree has no {self.provider} OAuth token stored.")
            if stored.access_expires_at > now + EARLY:
                return stored.access_token
            if not self.store.lease(stored, int(now + self.LEASE), int(now)):
                # Another invocation is refreshing: wait for its new version.
                if time.monotonic() > deadline:
                    raise ProviderError(self.provider, f"The {self.provider} token is being refreshed; try again.")
                time.sleep(0.1)
                continue
            try:
                fresh = self.refresh(stored.refresh_token)
            except ProviderError:
                self.store.release(stored)
                raise
            self.store.save(
                fresh["access_token"],
                fresh["refresh_token"],
                int(fresh.get("expires_in", 7200)),
                stored.version + 1,
                now,
            )
            return fresh["access_token"]
