"""The provider calls that make, keep and end connections (API.md §7), each from the provider's docs
(docs/PROVIDERS.md, "Connections"):

- a key's check, one authenticated call: Cal.com ``GET /v2/me``, Calendly ``GET /users/me``, Nylas
  ``GET /v3/applications`` (401: the provider refuses the key);
- OAuth: the authorization URL, the code exchange (Calendly: access + rotating refresh token; Google:
  offline access, the user's email from the userinfo endpoint; Microsoft: after admin consent, an app-only
  token for the customer's tenant by client credentials), the refresh (``invalid_grant``: refused) and the
  revocation (Calendly ``/oauth/revoke``, Google ``/revoke``).

The deployment's OAuth clients are credentials like the others (providers.config.secret); every endpoint's
base URL is a setting, so tests point them at fakes. Nothing here logs or returns a secret in a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import msgspec

from whofree.context import Context
from whofree.providers.config import CALCOM, CALENDLY, secret
from whofree.providers.types import ProviderError
from whofree.settings import Settings

GOOGLE_SCOPES = "openid email https://www.googleapis.com/auth/calendar.readonly"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
TENANT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,99}")  # a tenant id (GUID) or its domain
OAUTH_PROVIDERS = ("calendly", "google", "microsoft")
Text = Annotated[str, msgspec.Meta(min_length=1)]


class Refused(ProviderError):
    """The provider refused the credential or the grant (a key it answers 401 to; ``invalid_grant``)."""


@dataclass(frozen=True)
class Grant:
    """What a code exchange gives: tokens (no refresh token for Microsoft's app-only access) and who."""

    access_token: str
    expires_in: int
    identity: dict[str, Any]
    refresh_token: str | None = None
    tenant: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- answers (strict)
class _CalcomMe(msgspec.Struct):
    id: int
    email: str | None = None
    username: str | None = None


class _CalcomAnswer(msgspec.Struct):
    data: _CalcomMe


class _CalendlyUser(msgspec.Struct):
    uri: Text
    current_organization: Text


class _CalendlyAnswer(msgspec.Struct):
    resource: _CalendlyUser


class _NylasApplication(msgspec.Struct):
    application_id: Text
    organization_id: str | None = None
    region: str | None = None


class _NylasAnswer(msgspec.Struct):
    data: _NylasApplication


class _CalendlyToken(msgspec.Struct):
    access_token: Text
    refresh_token: Text
    expires_in: Annotated[int, msgspec.Meta(gt=0)] = 7200
    owner: str | None = None
    organization: str | None = None


class _Token(msgspec.Struct):
    access_token: Text
    expires_in: Annotated[int, msgspec.Meta(gt=0)] = 3600
    refresh_token: str | None = None


class _UserInfo(msgspec.Struct):
    sub: Text
    email: Text


class _Refusal(msgspec.Struct):
    error: str = ""


# ---------------------------------------------------------------- keys
KEY_FIELDS = {"calcom": "api_key", "calendly": "personal_access_token", "nylas": "api_key"}


def nylas_base_url(settings: Settings, region: str) -> str:
    return settings.nylas_eu_base_url if region == "eu" else settings.nylas_base_url


def check_key(context: Context, provider: str, credential: str, region: str | None = None) -> dict[str, Any]:
    """The identity the provider gives the credential; Refused when it answers 401 (or 403)."""
    settings = context.settings
    if provider == "calcom":
        url = CALCOM.base_url(settings).rstrip("/") + "/v2/me"
        answer = _decode(provider, _get(context, provider, url, credential), _CalcomAnswer, "the user")
        return {"user_id": answer.data.id, "email": answer.data.email, "username": answer.data.username}
    if provider == "calendly":
        url = CALENDLY.base_url(settings).rstrip("/") + "/users/me"
        user = _decode(provider, _get(context, provider, url, credential), _CalendlyAnswer, "the user").resource
        return {"user": user.uri, "organization": user.current_organization}
    url = nylas_base_url(settings, region or "us").rstrip("/") + "/v3/applications"
    app = _decode(provider, _get(context, provider, url, credential), _NylasAnswer, "the application").data
    return {"application_id": app.application_id, "region": region or "us"}


def _get(context: Context, provider: str, url: str, credential: str) -> Any:
    import httpx

    try:
        with _client(context) as client:
            response = client.get(url, headers={"Authorization": f"Bearer {credential}"})
    except httpx.HTTPError as exc:
        raise ProviderError(provider, f"{_label(provider)} could not be reached.") from exc
    if response.status_code in (401, 403):
        raise Refused(provider, f"{_label(provider)} refused the credential ({response.status_code}).", 400)
    if response.status_code != 200:
        raise ProviderError(provider, f"{_label(provider)} answered {response.status_code}.", response.status_code)
    return response


# ---------------------------------------------------------------- OAuth
def client_id(settings: Settings, provider: str) -> str:
    return secret(settings, f"WHOFREE_{provider.upper()}_CLIENT_ID", provider, "OAuth client id")


def _client_secret(settings: Settings, provider: str) -> str:
    return secret(settings, f"WHOFREE_{provider.upper()}_CLIENT_SECRET", provider, "OAuth client secret")


def authorization_url(settings: Settings, provider: str, callback: str, state: str, challenge: str) -> str:
    """Where the user goes to grant access (Microsoft: an admin of the customer's tenant consents).
    ``challenge``: the PKCE code challenge (S256, RFC 7636) of the code exchange (Calendly, Google)."""
    ident = client_id(settings, provider)
    pkce = {"code_challenge": challenge, "code_challenge_method": "S256"}
    if provider == "calendly":
        base = settings.calendly_auth_url.rstrip("/") + "/oauth/authorize"
        query = {"client_id": ident, "response_type": "code", "redirect_uri": callback, "state": state} | pkce
    elif provider == "google":
        base = settings.google_auth_url
        query = {
            "client_id": ident,
            "response_type": "code",
            "redirect_uri": callback,
            "scope": GOOGLE_SCOPES,
            "access_type": "offline",
            "prompt": "consent",
            "include_granted_scopes": "true",
            "state": state,
        } | pkce
    else:
        base = settings.microsoft_login_url.rstrip("/") + "/organizations/v2.0/adminconsent"
        query = {"client_id": ident, "scope": GRAPH_SCOPE, "redirect_uri": callback, "state": state}
    return f"{base}?{urlencode(query, quote_via=quote)}"


def exchange(context: Context, provider: str, query: dict[str, str], callback: str, verifier: str) -> Grant:
    """The callback's ``query`` made into a grant (``verifier``: the PKCE code verifier); Refused when
    the provider refuses the code or the consent, ProviderError when it fails."""
    settings = context.settings
    if provider == "microsoft":
        tenant = query.get("tenant", "")
        if query.get("admin_consent") != "True" or not TENANT.fullmatch(tenant):
            raise Refused(provider, "Microsoft sent no admin consent for a tenant.")
        token, expires_in = app_token(context, tenant)
        return Grant(token, expires_in, {"tenant": tenant}, tenant=tenant)
    code = query.get("code", "")
    if not code:
        raise Refused(provider, f"{_label(provider)} sent no authorization code.")
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": callback, "code_verifier": verifier}
    if provider == "calendly":
        token = _token(context, provider, _calendly_token_url(settings), form, _CalendlyToken, basic=True)
        identity = {"user": token.owner, "organization": token.organization}
        return Grant(token.access_token, token.expires_in, identity, token.refresh_token)
    answer = _token(context, provider, settings.google_token_url, form, _Token, basic=False)
    if not answer.refresh_token:
        raise Refused(provider, "Google sent no refresh token (offline access was not granted).")
    info = _userinfo(context, answer.access_token)
    return Grant(answer.access_token, answer.expires_in, {"email": info.email, "sub": info.sub}, answer.refresh_token)


def refresh(context: Context, provider: str, refresh_token: str) -> dict[str, Any]:
    """A refresh token exchanged for the next access token (Calendly: and the next refresh token, the
    one given being revoked); Refused for ``invalid_grant``."""
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    if provider == "calendly":
        token = _token(context, provider, _calendly_token_url(context.settings), form, _CalendlyToken, basic=True)
        return {
            "access_token": token.access_token,
            "refresh_token": token.refresh_token,
            "expires_in": token.expires_in,
        }
    answer = _token(context, provider, context.settings.google_token_url, form, _Token, basic=False)
    # Google keeps the refresh token (it may send it again).
    return {
        "access_token": answer.access_token,
        "refresh_token": answer.refresh_token or refresh_token,
        "expires_in": answer.expires_in,
    }


def app_token(context: Context, tenant: str) -> tuple[str, int]:
    """An app-only Graph token for ``tenant`` (client credentials); Refused when the tenant's consent is
    gone (the token endpoint answers 400 or 401)."""
    url = f"{context.settings.microsoft_login_url.rstrip('/')}/{tenant}/oauth2/v2.0/token"
    form = {"grant_type": "client_credentials", "scope": GRAPH_SCOPE}
    answer = _token(context, "microsoft", url, form, _Token, basic=False, refusals=(400, 401))
    return answer.access_token, answer.expires_in


def revoke(context: Context, provider: str, token: str) -> None:
    """Revoke ``token`` at the provider (Calendly, Google); a token the provider no longer knows counts
    as revoked. ProviderError when the provider cannot be reached or fails."""
    import httpx

    settings = context.settings
    if provider == "calendly":
        url = settings.calendly_auth_url.rstrip("/") + "/oauth/revoke"
        form = {"token": token, "client_id": client_id(settings, provider)} | {
            "client_secret": _client_secret(settings, provider)
        }
    else:
        url, form = settings.google_revoke_url, {"token": token}
    try:
        with _client(context) as client:
            response = client.post(url, data=form)
    except httpx.HTTPError as exc:
        raise ProviderError(provider, f"{_label(provider)} could not be reached to revoke the token.") from exc
    if response.status_code != 200 and not (response.status_code == 400 and _refusal(response) in _GONE):
        raise ProviderError(provider, f"{_label(provider)} refused to revoke the token ({response.status_code}).")


_GONE = frozenset({"invalid_token", "invalid_grant"})


# ---------------------------------------------------------------- helpers
def _calendly_token_url(settings: Settings) -> str:
    return settings.calendly_auth_url.rstrip("/") + "/oauth/token"


def _token[T](
    context: Context,
    provider: str,
    url: str,
    form: dict[str, str],
    model: type[T],
    *,
    basic: bool,
    refusals: tuple[int, ...] = (400,),
) -> T:
    import httpx

    settings = context.settings
    ident, hidden = client_id(settings, provider), _client_secret(settings, provider)
    body = form if basic else form | {"client_id": ident, "client_secret": hidden}
    try:
        with _client(context) as client:
            response = client.post(url, data=body, auth=(ident, hidden) if basic else None)
    except httpx.HTTPError as exc:
        raise ProviderError(provider, f"{_label(provider)}'s token endpoint could not be reached.") from exc
    if response.status_code in refusals:
        reason = _refusal(response)
        if response.status_code != 400 or reason in ("invalid_grant", "invalid_client", "unauthorized_client"):
            raise Refused(provider, f"{_label(provider)} refused the grant ({reason or response.status_code}).", 400)
    if response.status_code != 200:
        raise ProviderError(provider, f"{_label(provider)}'s token endpoint answered {response.status_code}.")
    return _decode(provider, response, model, "the token")


def _userinfo(context: Context, access_token: str) -> _UserInfo:
    return _decode(
        "google", _get(context, "google", context.settings.google_userinfo_url, access_token), _UserInfo, "the user"
    )


def _refusal(response: Any) -> str:
    try:
        return msgspec.json.decode(response.content, type=_Refusal).error
    except msgspec.DecodeError:  # ValidationError too
        return ""


def _decode[T](provider: str, response: Any, model: type[T], what: str) -> T:
    try:
        return msgspec.json.decode(response.content, type=model)
    except msgspec.DecodeError:  # ValidationError too: another shape
        raise ProviderError(provider, f"{_label(provider)} sent {what} in a shape whofree could not read.") from None


def _client(context: Context) -> Any:
    import httpx

    return httpx.Client(**context.http_options({"timeout": max(1.0, min(8.0, context.left()))}))


def _label(provider: str) -> str:
    return {
        "calcom": "Cal.com",
        "calendly": "Calendly",
        "nylas": "Nylas",
        "google": "Google",
        "microsoft": "Microsoft",
    }[provider]
