"""Calendly OAuth access tokens, refreshed by exactly one invocation at a time.

Calendly's refresh tokens are single-use and rotate: a refresh revokes the token it used, so two
invocations refreshing at once would leave one of them (and maybe the stored token) broken. The
token lives in the table (pk ``OAUTH#calendly``, sk ``TOKEN``) with a ``version``. An invocation
that finds the access token expiring takes a lease with a conditional update (same version, no live
lease). Only the lease holder calls the token endpoint and writes the next version. Everyone else
waits for that version and uses it. A failed refresh releases the lease.

Client id and secret come like other secrets (WHOFREE_CALENDLY_CLIENT_ID / _SECRET, or their
``_PARAMETER`` SSM names); the token endpoint is WHOFREE_CALENDLY_AUTH_URL (default the real one).
"""

from __future__ import annotations

import os
import time

from whofree import store
from whofree.providers.config import secret
from whofree.providers.types import ProviderError

PK, SK = "OAUTH#calendly", "TOKEN"
EARLY = 60  # refresh a minute before the access token expires
LEASE = 20  # seconds a refresh may take before another invocation may try


def save(
    table: store.Table,
    access_token: str,
    refresh_token: str,
    expires_in: int,
    version: int = 1,
    now: float | None = None,
) -> None:
    """Store a token pair (e.g. from the authorization-code exchange)."""
    moment = time.time() if now is None else now
    table.put(
        {
            "pk": PK,
            "sk": SK,
            "access_token": access_token,
            "refresh_token": refresh_token,
            "access_expires_at": int(moment + expires_in),
            "version": version,
            "lease_until": 0,
        }
    )


def _refresh(refresh_token: str) -> dict:
    import httpx

    url = os.environ.get("WHOFREE_CALENDLY_AUTH_URL", "https://auth.calendly.com").rstrip("/") + "/oauth/token"
    client_id = secret("WHOFREE_CALENDLY_CLIENT_ID", "calendly", "OAuth client id")
    client_secret = secret("WHOFREE_CALENDLY_CLIENT_SECRET", "calendly", "OAuth client secret")
    try:
        response = httpx.post(
            url,
            data={"grant_type": "refresh_token", "refresh_token": refresh_token},
            auth=(client_id, client_secret),
            timeout=8,
        )
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ProviderError("calendly", "Calendly's token endpoint could not be reached.") from exc
    if response.status_code != 200 or not body.get("access_token") or not body.get("refresh_token"):
        raise ProviderError("calendly", f"Calendly refused the token refresh ({response.status_code}).")
    return body


def access_token(table: store.Table, wait: float = 10.0) -> str:
    """A valid access token, refreshing it (once, across all invocations) when it is about to expire."""
    deadline = time.monotonic() + wait
    while True:
        now = time.time()
        item = table.get(PK, SK, consistent=True)
        if item is None:
            raise ProviderError("calendly", "whofree has no Calendly OAuth token stored.")
        if item["access_expires_at"] > now + EARLY:
            return item["access_token"]
        try:
            table.put(
                {**item, "lease_until": int(now + LEASE)},
                condition="version = :v AND lease_until < :now",
                values={":v": item["version"], ":now": int(now)},
            )
        except store.ConditionFailed:
            # Another invocation is refreshing: wait for its new version.
            if time.monotonic() > deadline:
                raise ProviderError("calendly", "The Calendly token is being refreshed; try again.") from None
            time.sleep(0.1)
            continue
        try:
            fresh = _refresh(item["refresh_token"])
        except ProviderError:
            table.put({**item, "lease_until": 0}, condition="version = :v", values={":v": item["version"]})
            raise
        save(
            table,
            fresh["access_token"],
            fresh["refresh_token"],
            int(fresh.get("expires_in", 7200)),
            version=item["version"] + 1,
            now=now,
        )
        return fresh["access_token"]


def token() -> str:
    """The Calendly bearer token: OAuth (refreshed as above) when a client is configured, else the
    personal access token of WHOFREE_CALENDLY_TOKEN (or its parameter)."""
    from whofree.providers.config import CALENDLY

    if os.environ.get("WHOFREE_CALENDLY_CLIENT_ID") or os.environ.get("WHOFREE_CALENDLY_CLIENT_ID_PARAMETER"):
        return access_token(store.required())
    return CALENDLY.credential()
