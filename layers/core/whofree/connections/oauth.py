"""OAuth connect flows (API.md §7): ``start`` gives the authorization URL, ``callback`` turns the
provider's redirect into a connection and says where to send the user.

``state`` is ``<payload>.<mac>`` (base64url): the payload names a random nonce, the account, the
provider, the client's redirect_uri, whofree's own callback URL and when it expires (10 minutes); the
MAC is an HMAC-SHA256 under a key derived from the deployment's page-token key (whofree.pagination),
so a state cannot be forged or altered. The code exchange also carries a PKCE verifier (RFC 7636, S256)
derived from the nonce under another derived key, so an intercepted code is of no use on its own. It is also single-use and bound: ``start`` stores the nonce
(global table, pk ``OAUTHSTATE``) with a digest of the account, provider, redirect_uri and callback,
and the callback consumes it by a conditional delete that holds only for that binding, before its
expiry. A state that fails any check is a 400 (never a redirect: its redirect_uri is not trusted).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from whofree import pagination
from whofree.connections import store
from whofree.context import Context
from whofree.data import connections as records
from whofree.data.table import required_table
from whofree.errors import invalid
from whofree.observability import logger
from whofree.providers import connect
from whofree.providers.types import ProviderError

LIFETIME = 600  # seconds a state lasts
_MAC_BYTES = 32
_REASON = re.compile(r"[a-z_]{1,40}")


@dataclass(frozen=True)
class State:
    nonce: str
    account: str
    provider: str
    redirect_uri: str
    callback: str
    expires_at: int

    def binding(self) -> str:
        text = "\n".join((self.account, self.provider, self.redirect_uri, self.callback))
        return hashlib.sha256(text.encode()).hexdigest()


def callback_url(base: str, provider: str) -> str:
    return f"{base}/v1/oauth/{provider}/callback"


def start(context: Context, provider: str, redirect_uri: str, base_url: str) -> dict:
    """The authorization URL for the account's user, with a state stored for 10 minutes."""
    now = int(context.now())
    state = State(
        secrets.token_urlsafe(16),
        context.account,
        provider,
        redirect_uri,
        callback_url(base_url, provider),
        now + LIFETIME,
    )
    try:
        challenge = _b64(hashlib.sha256(_verifier(context, state.nonce).encode()).digest())
        url = connect.authorization_url(context.settings, provider, state.callback, _sign(context, state), challenge)
    except ProviderError:
        raise invalid("provider", f"This deployment has no {provider} OAuth client configured.") from None
    records.add_state(
        required_table(context.runtime.table),
        state.nonce,
        {"binding": state.binding(), "account": state.account, "provider": provider},
        state.expires_at,
    )
    expires = datetime.fromtimestamp(state.expires_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"authorization_url": url, "expires_at": expires}


def callback(context: Context, provider: str, query: dict[str, str]) -> str:
    """Where to send the user back: ``redirect_uri?connection=<id>``, or ``?error=<reason>`` when the user
    or the provider refused. 400 for a state that is forged, altered, expired, reused, of another provider,
    or not bound to what it names. ``context`` is the callback's (no API key): the account comes from the
    state."""
    state = read(context, query.get("state") or "")
    if state.provider != provider:
        raise invalid("state", "The state was issued for another provider.")
    account_context = context.runtime.context(context.left(), state.account)
    if not records.consume_state(
        required_table(context.runtime.table), state.nonce, state.binding(), int(context.now())
    ):
        raise invalid("state", "The state was used already, or was never issued.")
    if query.get("error"):
        reason = query["error"] if _REASON.fullmatch(query["error"]) else "authorization_failed"
        return _redirect(state.redirect_uri, error=reason)
    try:
        grant = connect.exchange(account_context, provider, query, state.callback, _verifier(context, state.nonce))
    except connect.Refused:
        return _redirect(state.redirect_uri, error="authorization_refused")
    except ProviderError as exc:
        logger.warning("oauth exchange failed", extra={"provider": provider, "why": exc.message})
        return _redirect(state.redirect_uri, error="provider_unavailable")
    made = store.create_from_grant(account_context, provider, grant)
    return _redirect(state.redirect_uri, connection=made["id"])


def read(context: Context, text: str) -> State:
    """The state ``text`` carries, if its MAC is right and it has not expired; 400 otherwise."""
    payload_text, _, mac_text = text.partition(".")
    try:
        payload, mac = _unb64(payload_text), _unb64(mac_text)
    except ValueError:
        raise invalid("state", "The state is malformed.") from None
    if not hmac.compare_digest(mac, _mac(context, payload)):
        raise invalid("state", "The state is malformed or was altered.")
    try:
        fields = json.loads(payload)
        state = State(fields["n"], fields["a"], fields["p"], fields["r"], fields["c"], int(fields["e"]))
    except (ValueError, KeyError, TypeError):
        raise invalid("state", "The state is malformed.") from None
    if state.expires_at <= context.now():
        raise invalid("state", "The state has expired: start the connection again.")
    return state


def _sign(context: Context, state: State) -> str:
    fields = {
        "n": state.nonce,
        "a": state.account,
        "p": state.provider,
        "r": state.redirect_uri,
        "c": state.callback,
        "e": state.expires_at,
    }
    payload = json.dumps(fields, separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_b64(_mac(context, payload))}"


def _mac(context: Context, payload: bytes) -> bytes:
    return hmac.new(_key(context, b"whofree/oauth-state/v1"), payload, hashlib.sha256).digest()[:_MAC_BYTES]


def _verifier(context: Context, nonce: str) -> str:
    """The state's PKCE code verifier (RFC 7636: 43 characters of base64url), derived from the nonce
    under the deployment's key: never stored, never sent before the code exchange."""
    return _b64(hmac.new(_key(context, b"whofree/oauth-pkce/v1"), nonce.encode(), hashlib.sha256).digest())


def _key(context: Context, purpose: bytes) -> bytes:
    """A key for one purpose, derived from the deployment's page-token key."""
    return hmac.new(pagination.tokens(context.runtime).key(), purpose, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    if not text:
        raise ValueError("empty")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _redirect(redirect_uri: str, **extra: str) -> str:
    parts = urlsplit(redirect_uri)
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), *extra.items()])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
