"""Connections as the routes and the providers' callers see them (API.md §7): created from a key the
provider accepts or from an OAuth grant, read, listed, deleted (revoked at the provider first where it
can be), and used (``access``: a fresh credential, refreshed when due). Secrets go into the table only
sealed (whofree.connections.crypto); a resource never carries one."""

from __future__ import annotations

import json
import re
import secrets
from datetime import UTC, datetime
from typing import Any

from whofree.connections import (
    Access,
    ConnectionNotFound,
    NeedsReauthorization,
    NoConnection,
    Revoked,
    crypto,
)
from whofree.context import Context
from whofree.data import connections as records
from whofree.data.table import required_table
from whofree.domain import StoredToken
from whofree.errors import ExternalCalendarError, invalid
from whofree.observability import logger
from whofree.providers import connect
from whofree.providers.tokens import EARLY, RotatingToken
from whofree.providers.types import ProviderError

ID = re.compile(r"con_[A-Za-z0-9_-]{24}")
ROTATING = ("calendly", "google")  # OAuth connections with a refresh token
APP_TOKENS = 512  # Microsoft app-only tokens kept per container


def new_id() -> str:
    return "con_" + secrets.token_urlsafe(18)


def check_id(connection_id: str) -> str:
    """A well-formed id, or 404 as for any id the account does not have."""
    if not ID.fullmatch(connection_id):
        raise ConnectionNotFound(connection_id[:40])
    return connection_id


def resource(item: dict[str, Any]) -> dict[str, Any]:
    """A connection as the API shows it: never a secret."""
    return {
        "id": item["sk"] if "sk" in item else item["id"],
        "provider": item["provider"],
        "status": item["status"],
        "identity": json.loads(item["identity"]),
        "created_at": item["created_at"],
    }


# ---------------------------------------------------------------- create
# Where the customer chooses the webhook secret when subscribing (Calendly's signing_key, Cal.com's
# secret): the connection's own is shown once. Nylas makes its own secret per webhook destination.
OWN_WEBHOOK_SECRET = ("calendly", "calcom")


def create_with_key(
    context: Context, provider: str, credential: str, region: str | None = None, base_url: str | None = None
) -> dict[str, Any]:
    """A key-based connection, once the provider accepts the key (400 naming the field when it refuses
    it, 424 when it fails). For Calendly and Cal.com the answer also says, this once, where and with which
    secret to subscribe the provider's webhooks (``base_url``: the API's, for the url)."""
    field = connect.KEY_FIELDS[provider]
    try:
        identity = connect.check_key(context, provider, credential, region)
    except connect.Refused as exc:
        raise invalid(field, f"{exc.message.rstrip('.')}: check the {field}.") from None
    except ProviderError as exc:
        raise ExternalCalendarError(exc.message) from None
    webhook_secret = secrets.token_hex(32)
    made = _store(context, provider, {"key": credential}, identity, region=region, webhook_secret=webhook_secret)
    if provider in OWN_WEBHOOK_SECRET:
        url = f"{base_url or ''}/v1/webhooks/{provider}/{made['id']}"
        made["webhook"] = {"url": url, "signing_secret": webhook_secret}
    return made


def create_from_grant(context: Context, provider: str, grant: connect.Grant) -> dict[str, Any]:
    sealed: dict[str, str] = {}
    if grant.refresh_token is not None:
        sealed = {"access_token": grant.access_token, "refresh_token": grant.refresh_token}
    return _store(context, provider, sealed, grant.identity, tenant=grant.tenant, expires_in=grant.expires_in)


def _store(
    context: Context,
    provider: str,
    secret_fields: dict[str, str],
    identity: dict[str, Any],
    *,
    region: str | None = None,
    tenant: str | None = None,
    expires_in: int = 0,
    webhook_secret: str | None = None,
) -> dict[str, Any]:
    connection_id = new_id()
    now = context.now()
    item: dict[str, Any] = {
        "id": connection_id,
        "account": context.account,
        "provider": provider,
        "status": "active",
        "identity": json.dumps({k: v for k, v in identity.items() if v is not None}, separators=(",", ":")),
        "created_at": datetime.fromtimestamp(int(now), UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "secrets": crypto.seal(context, connection_id, "secrets", json.dumps(secret_fields).encode()),
        "webhook_secret": crypto.seal(
            context, connection_id, "webhook_secret", (webhook_secret or secrets.token_hex(32)).encode()
        ),
        "version": 1,
        "lease_until": 0,
        "access_expires_at": int(now + expires_in) if expires_in else 0,
    }
    if region is not None:
        item["region"] = region
    if tenant is not None:
        item["tenant"] = tenant
    # The global index first: a connection is never stored without the record that routes its webhooks.
    records.index(required_table(context.runtime.table), connection_id, context.account, provider)
    records.create(required_table(context.table), item)
    logger.info("connection created", extra={"connection": connection_id, "provider": provider})
    return resource(item)


# ---------------------------------------------------------------- read, list, delete
def _item(context: Context, connection_id: str) -> dict[str, Any]:
    found = records.get(required_table(context.table), context.account, check_id(connection_id))
    if found is None:
        raise ConnectionNotFound(connection_id)
    return found


def get(context: Context, connection_id: str) -> dict[str, Any]:
    return resource(_item(context, connection_id))


def page(context: Context, count: int, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
    items, last = records.page(required_table(context.table), context.account, count, after)
    return [resource(i) for i in items], last


def delete(context: Context, connection_id: str) -> None:
    """Revoke at the provider where it can be (Calendly, Google), then erase; 424 (nothing erased) when
    the provider cannot be reached to revoke."""
    item = _item(context, connection_id)
    provider = item["provider"]
    if provider in ROTATING:
        tokens = _secrets(context, item)
        if tokens.get("refresh_token"):
            try:
                connect.revoke(context, provider, tokens["refresh_token"])
            except ProviderError as exc:
                raise ExternalCalendarError(exc.message) from None
    if not records.delete(required_table(context.table), context.account, connection_id):
        raise ConnectionNotFound(connection_id)
    records.unindex(required_table(context.runtime.table), connection_id)
    context.caches.tokens.pop(_token_key(connection_id), None)
    logger.info("connection deleted", extra={"connection": connection_id, "provider": provider})


def set_webhook_secret(context: Context, connection_id: str, secret: str) -> dict[str, Any]:
    """Verify the connection's deliveries with ``secret`` from now on: the one a provider made itself for
    the connection's webhook url (Nylas ``POST /v3/webhooks`` answers its ``webhook_secret``)."""
    item = _item(context, connection_id)
    sealed = crypto.seal(context, connection_id, "webhook_secret", secret.encode())
    if not records.set_webhook_secret(required_table(context.table), context.account, connection_id, sealed):
        raise ConnectionNotFound(connection_id)
    logger.info("connection webhook secret set", extra={"connection": connection_id, "provider": item["provider"]})
    return resource(item)


def mark(context: Context, connection_id: str, status: str) -> None:
    records.set_status(required_table(context.table), context.account, connection_id, status)


def owner(runtime: Any, connection_id: str) -> tuple[str, str] | None:
    if not ID.fullmatch(connection_id):
        return None
    found = records.find(required_table(runtime.table), connection_id)
    return (found["account"], found["provider"]) if found is not None else None


def webhook_secret(context: Context, connection_id: str) -> str:
    """The connection's webhook signing secret (per-connection webhooks)."""
    item = _item(context, connection_id)
    return crypto.unseal(context, connection_id, "webhook_secret", bytes(item["webhook_secret"])).decode()


def _secrets(context: Context, item: dict[str, Any]) -> dict[str, str]:
    return json.loads(crypto.unseal(context, item["sk"], "secrets", bytes(item["secrets"])))


# ---------------------------------------------------------------- use
def access(context: Context, provider: str, connection_id: str | None) -> Access | None:
    table = required_table(context.table)
    if connection_id is not None:
        item = records.get(table, context.account, check_id(connection_id), consistent=False)
        if item is None or item["provider"] != provider:
            raise ConnectionNotFound(connection_id)
    else:
        found = [i for i in records.every(table, context.account) if i["provider"] == provider]
        if not found:
            if context.settings.accounts == "single":
                return None  # the deployment's own credentials
            raise NoConnection(provider, f"The account has no {provider} connection.")
        if len(found) > 1:
            raise invalid("connection", f"The account has {len(found)} {provider} connections: name one.")
        item = found[0]
    _usable(item)
    ident = item["sk"]
    common = {"provider": provider, "connection": ident, "identity": json.loads(item["identity"])}
    if provider in ROTATING and "refresh_token" in _secrets(context, item):
        token = RotatingToken(
            provider,
            ConnectionTokens(context, ident),
            _refresher(context, ident, provider),
            clock=context.runtime.clock,
        ).get()
        return Access(token=token, **common)
    if provider == "microsoft":
        return Access(token=_app_token(context, ident, item["tenant"]), tenant=item["tenant"], **common)
    return Access(token=_secrets(context, item)["key"], region=item.get("region"), **common)


def _usable(item: dict[str, Any]) -> None:
    if item["status"] == "needs_reauthorization":
        raise NeedsReauthorization(item["provider"], f"Connection {item['sk']} needs to be authorized again.")
    if item["status"] == "revoked":
        raise Revoked(item["provider"], f"Connection {item['sk']} was revoked.")


def _refresher(context: Context, connection_id: str, provider: str):
    def refresh(refresh_token: str) -> dict:
        try:
            return connect.refresh(context, provider, refresh_token)
        except connect.Refused:
            table = required_table(context.table)
            current = records.get(table, context.account, connection_id)
            # Refused for the token still stored (not one another function has rotated meanwhile).
            if current is not None and _secrets(context, current).get("refresh_token") == refresh_token:
                records.set_status(table, context.account, connection_id, "needs_reauthorization")
                logger.warning("connection needs reauthorization", extra={"connection": connection_id})
                raise NeedsReauthorization(
                    provider, f"The provider refused connection {connection_id}'s refresh: authorize it again."
                ) from None
            raise ProviderError(provider, "The token was refreshed meanwhile; try again.") from None

    return refresh


class ConnectionTokens:
    """A connection's rotating token (``domain.TokenStore``): its sealed tokens, ``version`` and lease
    in the connection's record, every write conditioned on the version read."""

    def __init__(self, context: Context, connection_id: str) -> None:
        self.context = context
        self.id = connection_id
        self.table = required_table(context.table)

    def load(self) -> StoredToken | None:
        item = records.get(self.table, self.context.account, self.id)
        if item is None:
            raise ConnectionNotFound(self.id)
        _usable(item)
        tokens = _secrets(self.context, item)
        return StoredToken(tokens["access_token"], tokens["refresh_token"], item["access_expires_at"], item["version"])

    def lease(self, token: StoredToken, until: int, now: int) -> bool:
        return records.lease(self.table, self.context.account, self.id, token.version, until, now)

    def release(self, token: StoredToken) -> None:
        records.release(self.table, self.context.account, self.id, token.version)

    def save(self, access_token: str, refresh_token: str, expires_in: int, version: int, now: float) -> None:
        sealed = crypto.seal(
            self.context,
            self.id,
            "secrets",
            json.dumps({"access_token": access_token, "refresh_token": refresh_token}).encode(),
        )
        fields = {"secrets": sealed, "access_expires_at": int(now + expires_in), "version": version}
        if not records.save_tokens(self.table, self.context.account, self.id, fields, version - 1):
            raise ProviderError(self.id, "The connection's token moved on while it was refreshed.")


def _token_key(connection_id: str) -> str:
    return f"connection:{connection_id}"


def _app_token(context: Context, connection_id: str, tenant: str) -> str:
    """Microsoft's app-only token for the tenant, kept per container until a minute before it expires."""
    tokens = context.caches.tokens
    key = _token_key(connection_id)
    kept = tokens.get(key)
    if kept is not None and kept[1] > context.now() + EARLY:
        return kept[0]
    try:
        token, expires_in = connect.app_token(context, tenant)
    except connect.Refused:
        mark(context, connection_id, "needs_reauthorization")
        raise NeedsReauthorization(
            "microsoft", f"Microsoft refused connection {connection_id}: an admin must consent again."
        ) from None
    while sum(k.startswith("connection:") for k in tokens) >= APP_TOKENS:
        tokens.pop(next(k for k in tokens if k.startswith("connection:")))
    tokens[key] = (token, context.now() + expires_in)
    return token
