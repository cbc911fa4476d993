"""The providers' endpoints that connections use, on one loopback server (each provider under its own
path prefix), each rule from the provider's docs (docs/PROVIDERS.md, "Connections"):

- key checks: Cal.com ``GET /v2/me``, Calendly ``GET /users/me``, Nylas ``GET /v3/applications`` (US and EU
  hosts): 200 with who the key is, 401 for a key the provider does not know;
- Calendly OAuth (``/oauth/authorize``, ``/oauth/token``, ``/oauth/revoke``): authorization codes are
  single-use, bound to the redirect_uri and the PKCE challenge (S256), and last 10 minutes; refresh tokens are single-use and rotate: a
  refresh revokes the token it used (reusing it is ``invalid_grant``); the client authenticates with HTTP
  Basic; the token answer names the ``owner`` and the ``organization``;
- Google OAuth (``/auth``, ``/token``, ``/userinfo``, ``/revoke``): ``access_type=offline`` with
  ``prompt=consent`` gives a refresh token; a refresh token revoked (or unknown) is ``invalid_grant``;
  userinfo gives ``sub`` and ``email``;
- Microsoft (``/organizations/v2.0/adminconsent``, ``/{tenant}/oauth2/v2.0/token``): admin consent
  redirects back with ``admin_consent=True``, ``tenant`` and ``state``; client credentials give an app-only
  token only for a tenant that consented (``unauthorized_client`` otherwise).

``visit(authorization_url)`` plays the user's browser: it checks the request as the provider would and
returns the URL the provider redirects to.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import threading
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from tests.fakes.base import Fake

CLIENT_ID = "client-id-1"
CLIENT_SECRET = "client-secret-fake-1"  # a fake credential for a fake server


def _json(status: int, body: dict) -> httpx.Response:
    return httpx.Response(status, json=body)


class FakeConnect(Fake):
    def __init__(self) -> None:
        super().__init__()
        self.keys = {"calcom": {"cal_live_fake_key_1"}, "calendly": {"pat-fake-1"}, "nylas-us": {"nyk-us-1"}}
        self.keys["nylas-eu"] = {"nyk-eu-1"}
        self.codes: dict[str, dict] = {}  # code -> {provider, redirect_uri, issued}
        self.refresh_tokens: dict[str, str] = {}  # live refresh token -> provider
        self.access_tokens: dict[str, str] = {}  # live access token -> provider
        self.revoked: list[str] = []
        self.consented: set[str] = set()
        self.refreshes = 0
        self.refresh_delay = 0.0
        self.failing = False  # every endpoint answers 500
        self._serial = itertools.count(1)
        self._mutex = threading.Lock()

    def settings(self) -> dict[str, str]:
        url = self.url
        return {
            "WHOFREE_CALCOM_BASE_URL": f"{url}/calcom",
            "WHOFREE_CALENDLY_BASE_URL": f"{url}/calendly-api",
            "WHOFREE_CALENDLY_AUTH_URL": f"{url}/calendly-auth",
            "WHOFREE_NYLAS_BASE_URL": f"{url}/nylas-us",
            "WHOFREE_NYLAS_EU_BASE_URL": f"{url}/nylas-eu",
            "WHOFREE_GOOGLE_AUTH_URL": f"{url}/google/auth",
            "WHOFREE_GOOGLE_TOKEN_URL": f"{url}/google/token",
            "WHOFREE_GOOGLE_REVOKE_URL": f"{url}/google/revoke",
            "WHOFREE_GOOGLE_USERINFO_URL": f"{url}/google/userinfo",
            "WHOFREE_MICROSOFT_LOGIN_URL": f"{url}/microsoft",
            **{f"WHOFREE_{p}_CLIENT_ID": CLIENT_ID for p in ("CALENDLY", "GOOGLE", "MICROSOFT")},
            **{f"WHOFREE_{p}_CLIENT_SECRET": CLIENT_SECRET for p in ("CALENDLY", "GOOGLE", "MICROSOFT")},
        }

    # ------------------------------------------------------------ the user's browser
    def visit(self, authorization_url: str, *, deny: bool = False, tenant: str = "contoso.onmicrosoft.com") -> str:
        parts = urlsplit(authorization_url)
        query = dict(parse_qsl(parts.query))
        assert query["client_id"] == CLIENT_ID
        redirect, state = query["redirect_uri"], query["state"]
        if deny:
            return f"{redirect}?{urlencode({'error': 'access_denied', 'state': state})}"
        path = parts.path
        if path.endswith("/adminconsent"):
            assert query["scope"] == "https://graph.microsoft.com/.default"
            self.consented.add(tenant)
            return f"{redirect}?{urlencode({'admin_consent': 'True', 'tenant': tenant, 'state': state})}"
        provider = "google" if path.startswith("/google") else "calendly"
        assert query["response_type"] == "code"
        if provider == "google":
            assert (query["access_type"], query["prompt"]) == ("offline", "consent")
        assert query["code_challenge_method"] == "S256"
        code = f"code-{provider}-{next(self._serial)}"
        self.codes[code] = {
            "provider": provider,
            "redirect_uri": redirect,
            "issued": time.time(),
            "challenge": query["code_challenge"],
        }
        return f"{redirect}?{urlencode({'code': code, 'state': state})}"

    # ------------------------------------------------------------ the server
    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.failing:
            return _json(500, {"error": "server_error"})
        path = request.url.path
        if request.method == "GET":
            return self._get(request, path)
        form = dict(parse_qsl(request.content.decode()))
        if path == "/calendly-auth/oauth/token":
            return self._calendly_token(request, form)
        if path == "/calendly-auth/oauth/revoke":
            if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                return _json(401, {"error": "invalid_client"})
            return self._revoke(form.get("token", ""))
        if path == "/google/token":
            if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                return _json(401, {"error": "invalid_client"})
            return self._google_token(form)
        if path == "/google/revoke":
            return self._revoke(form.get("token", ""))
        if path.startswith("/microsoft/") and path.endswith("/oauth2/v2.0/token"):
            tenant = path.split("/")[2]
            if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                return _json(401, {"error": "invalid_client"})
            if form.get("grant_type") != "client_credentials" or tenant not in self.consented:
                return _json(400, {"error": "unauthorized_client", "error_description": "AADSTS700016"})
            return _json(200, {"token_type": "Bearer", "expires_in": 3599, "access_token": self._access("microsoft")})
        return _json(404, {"error": "not_found"})

    def _get(self, request: httpx.Request, path: str) -> httpx.Response:
        bearer = (request.headers.get("Authorization") or "").removeprefix("Bearer ")
        if path == "/calcom/v2/me":
            if bearer not in self.keys["calcom"]:
                return _json(401, {"status": "error", "error": {"code": "UNAUTHORIZED", "message": "Invalid API Key"}})
            return _json(
                200, {"status": "success", "data": {"id": 42, "email": "owner@example.com", "username": "owner"}}
            )
        if path == "/calendly-api/users/me":
            if bearer not in self.keys["calendly"] and self.access_tokens.get(bearer) != "calendly":
                return _json(401, {"title": "Unauthenticated", "message": "The access token is invalid"})
            user = {
                "uri": "https://api.calendly.com/users/U1",
                "current_organization": "https://api.calendly.com/organizations/O1",
            }
            return _json(200, {"resource": user})
        for region in ("us", "eu"):
            if path == f"/nylas-{region}/v3/applications":
                if bearer not in self.keys[f"nylas-{region}"]:
                    return _json(
                        401, {"request_id": "r1", "error": {"type": "unauthorized", "message": "Unauthorized"}}
                    )
                return _json(200, {"request_id": "r1", "data": {"application_id": f"app-{region}", "region": region}})
        if path == "/google/userinfo":
            if self.access_tokens.get(bearer) != "google":
                return _json(401, {"error": "invalid_token"})
            return _json(200, {"sub": "1001", "email": "ada@example.com", "email_verified": True})
        return _json(404, {"error": "not_found"})

    def _access(self, provider: str) -> str:
        token = f"access-{provider}-{next(self._serial)}"
        self.access_tokens[token] = provider
        return token

    def _refresh(self, provider: str) -> str:
        token = f"refresh-{provider}-{next(self._serial)}"
        self.refresh_tokens[token] = provider
        return token

    def _code(self, provider: str, form: dict) -> dict | None:
        """A code is single-use, for the redirect_uri it was issued to, with the PKCE verifier whose
        S256 challenge the authorization request carried (RFC 7636 §4.6), for 10 minutes."""
        found = self.codes.pop(form.get("code", ""), None)
        if found is None or found["provider"] != provider or found["redirect_uri"] != form.get("redirect_uri"):
            return None
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != found["challenge"]:
            return None
        return found if time.time() - found["issued"] < 600 else None

    def _calendly_token(self, request: httpx.Request, form: dict) -> httpx.Response:
        basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {basic}":
            return _json(401, {"error": "invalid_client"})
        if form.get("grant_type") == "authorization_code":
            if self._code("calendly", form) is None:
                return _json(400, {"error": "invalid_grant", "error_description": "The authorization code is invalid"})
        elif form.get("grant_type") == "refresh_token":
            time.sleep(self.refresh_delay)  # every concurrent caller arrives while it runs
            with self._mutex:
                self.refreshes += 1
                if self.refresh_tokens.pop(form.get("refresh_token", ""), None) != "calendly":
                    return _json(400, {"error": "invalid_grant", "error_description": "The refresh token is invalid"})
        else:
            return _json(400, {"error": "unsupported_grant_type"})
        body = {
            "token_type": "Bearer",
            "expires_in": 7200,
            "created_at": int(time.time()),
            "refresh_token": self._refresh("calendly"),
            "scope": "default",
            "access_token": self._access("calendly"),
            "owner": "https://api.calendly.com/users/U1",
            "organization": "https://api.calendly.com/organizations/O1",
        }
        return _json(200, body)

    def _google_token(self, form: dict) -> httpx.Response:
        if form.get("grant_type") == "authorization_code":
            if self._code("google", form) is None:
                return _json(400, {"error": "invalid_grant", "error_description": "Bad Request"})
            body = {"refresh_token": self._refresh("google"), "id_token": "x.y.z", "scope": "openid email"}
        elif form.get("grant_type") == "refresh_token":
            with self._mutex:
                self.refreshes += 1
            if self.refresh_tokens.get(form.get("refresh_token", "")) != "google":
                return _json(400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
            body = {"scope": "openid email"}
        else:
            return _json(400, {"error": "unsupported_grant_type"})
        return _json(200, body | {"access_token": self._access("google"), "expires_in": 3599, "token_type": "Bearer"})

    def _revoke(self, token: str) -> httpx.Response:
        if self.refresh_tokens.pop(token, None) is None and self.access_tokens.pop(token, None) is None:
            return _json(400, {"error": "invalid_token"})
        self.revoked.append(token)
        return _json(200, {})

    def revoke_all(self, provider: str) -> None:
        """The user revoked the app at the provider: every token of ``provider`` stops working."""
        for token in [t for t, p in self.refresh_tokens.items() if p == provider]:
            del self.refresh_tokens[token]


def body(response_text: str) -> dict:
    return json.loads(response_text)
