"""Calendly OAuth: the token endpoint's refresh call, and whether OAuth is configured.

Calendly's refresh tokens are single-use and rotate, so the token is a ``tokens.RotatingToken``
kept in the table (whofree.data.oauth_tokens); whofree.credentials wires the two together.
Client id and secret come like other secrets (WHOFREE_CALENDLY_CLIENT_ID / _SECRET, or their
``_PARAMETER`` SSM names); the token endpoint is WHOFREE_CALENDLY_AUTH_URL (default the real one).
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from whofree.providers.config import secret
from whofree.providers.types import ProviderError, token_answer
from whofree.settings import Settings

NAME = "calendly"
Text = Annotated[str, msgspec.Meta(min_length=1)]


class Token(msgspec.Struct):
    """The token endpoint's answer (both tokens required: the refresh token rotates)."""

    access_token: Text
    refresh_token: Text
    expires_in: Annotated[int, msgspec.Meta(gt=0)] = 7200


def configured(settings: Settings) -> bool:
    """Whether an OAuth client is configured (else the personal access token is used)."""
    return bool(settings.value("WHOFREE_CALENDLY_CLIENT_ID") or settings.calendly_client_id_parameter)


def refresh(settings: Settings, refresh_token: str) -> dict:
    """Exchange a refresh token at Calendly's token endpoint (which revokes it)."""
    import httpx

    url = settings.calendly_auth_url.rstrip("/") + "/oauth/token"
    client_id = secret(settings, "WHOFREE_CALENDLY_CLIENT_ID", NAME, "OAuth client id")
    client_secret = secret(settings, "WHOFREE_CALENDLY_CLIENT_SECRET", NAME, "OAuth client secret")
    try:
        response = httpx.post(
            url,
            data={"grant_type": "refresh_token", "refresh_token": refresh_token},
            auth=(client_id, client_secret),
            timeout=8,
        )
    except httpx.HTTPError as exc:
        raise ProviderError(NAME, "Calendly's token endpoint could not be reached.") from exc
    token = token_answer(NAME, response, Token, "the token refresh")
    return msgspec.to_builtins(token)
