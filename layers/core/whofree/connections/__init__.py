"""Connections (API.md §7): an account's access to one provider account, its secrets sealed.

Modules: ``store`` (create by key, create from an OAuth grant, get, list, delete, status), ``oauth`` (the
signed, single-use ``state``; the authorization URL; the callback), ``crypto`` (envelope encryption:
``Keyring``, KMS or local, and AES-256-GCM); records in whofree.data.connections; provider calls in
whofree.providers.connect.

The interface for code that calls a provider for an account (event types, sources, webhooks):

    access(context, provider, connection_id: str | None) -> Access | None

- ``connection_id`` given: that connection of the request's account; ``ConnectionNotFound`` (404) when the
  account has none by that id, or it is another provider's.
- ``connection_id`` None: the account's only connection of ``provider``; ``InvalidArgument`` when it has
  several (name one); when it has none, None in single-account mode (``WHOFREE_ACCOUNTS=single``: use the
  deployment's own credentials, as before connections), ``NoConnection`` in multi-account mode.
- the ``Access`` holds a fresh credential: the key (Cal.com, Calendly personal access token, Nylas with its
  region) or an access token, refreshed first when it is about to expire (Calendly's rotating refresh
  token by one function at a time, whatever the concurrency; Google's; Microsoft's app-only token for
  the tenant, kept per container until a minute before it expires).
- a connection that cannot be used raises a ``ProviderError`` that becomes its hosts' warnings:
  ``NeedsReauthorization`` (the provider refused the refresh: ``invalid_grant``; the connection's status
  is set to ``needs_reauthorization``) or ``Revoked`` (status ``revoked``). ``mark(context, id, status)``
  records what a connector learns (a key the provider now refuses: ``revoked``).
- ``access`` is synchronous (it may call a token endpoint, or wait up to 10 s for another function's
  refresh): call it before a request's async provider calls, or in a thread.

For per-connection webhooks (``/v1/webhooks/{provider}/{connection_id}``, no API key):
``owner(runtime, connection_id) -> (account, provider) | None`` reads the global index, then
``webhook_secret(context, connection_id)`` (a context of that account) opens the connection's signing
secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whofree.errors import NotFound
from whofree.providers.types import ProviderError

PROVIDERS = ("calcom", "calendly", "nylas", "google", "microsoft")
STATUSES = ("active", "needs_reauthorization", "revoked")


@dataclass(frozen=True)
class Access:
    """A fresh credential for one provider call: ``token`` is the bearer token or API key to send."""

    provider: str
    connection: str
    token: str = field(repr=False)
    identity: dict[str, Any] = field(default_factory=dict)
    region: str | None = None  # Nylas: "us" or "eu"
    tenant: str | None = None  # Microsoft: the customer's tenant


class ConnectionNotFound(NotFound):
    """No connection of the request's account by that id (another account's included)."""

    def __init__(self, connection_id: str) -> None:
        super().__init__(f"No connection {connection_id}.")


class NoConnection(ProviderError):
    """The account has no connection of the provider (multi-account mode)."""


class NeedsReauthorization(ProviderError):
    """The provider refused the connection's refresh: the account must connect it again."""


class Revoked(ProviderError):
    """The connection's credential was revoked at the provider."""


def access(context: Any, provider: str, connection_id: str | None = None) -> Access | None:
    """A fresh credential for ``provider`` through the account's connection (see the module's docstring)."""
    from whofree.connections import store

    return store.access(context, provider, connection_id)


def mark(context: Any, connection_id: str, status: str) -> None:
    """Record a connection's status (``needs_reauthorization`` or ``revoked``) learnt from the provider."""
    from whofree.connections import store

    store.mark(context, connection_id, status)


def owner(runtime: Any, connection_id: str) -> tuple[str, str] | None:
    """The account and provider of a connection, found without knowing the account (the global index)."""
    from whofree.connections import store

    return store.owner(runtime, connection_id)


def webhook_secret(context: Any, connection_id: str) -> str:
    """The connection's webhook signing secret (``context``: of the connection's account)."""
    from whofree.connections import store

    return store.webhook_secret(context, connection_id)


def signing_key(context: Any, connection_id: str) -> str:
    """The key the provider signs the connection's deliveries with (``ConnectionNotFound`` when the account
    has none by that id): its ``webhook_secret``, except for a Calendly connection made by OAuth, whose
    webhook subscriptions Calendly signs with the OAuth app's signing key (a subscription's own
    ``signing_key`` is for personal access tokens only): the deployment's ``WHOFREE_CALENDLY_WEBHOOK_KEY``
    (``ProviderError`` when it is not set)."""
    from whofree.connections import store

    item = store._item(context, connection_id)
    if item["provider"] == "calendly" and "refresh_token" in store._secrets(context, item):
        from whofree.providers.config import secret

        return secret(context.settings, "WHOFREE_CALENDLY_WEBHOOK_KEY", "calendly", "webhook signing key")
    return store.webhook_secret(context, connection_id)
