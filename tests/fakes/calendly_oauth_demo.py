"""A demo Calendly OAuth server for `make run ACCOUNTS=multi`, served by the local runner under
``/local/calendly-auth`` (loopback, never a real Calendly): its consent screen approves at once.

``GET .../oauth/authorize`` answers as Calendly does once the user has approved: 302 to the
``redirect_uri`` with ``code`` and ``state``; ``POST .../oauth/token`` and ``.../oauth/revoke`` are the
token endpoints. The rules (single-use codes bound to the redirect_uri and the PKCE challenge, HTTP Basic
client authentication, rotating refresh tokens) are tests/fakes/connect.py's, and the demo fake Calendly
(tests/fakes/calendly_demo.py) accepts the access tokens issued here, so that its demo team can be read
through a connection made by OAuth.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

import httpx

from tests.fakes.calendly import FakeCalendly
from tests.fakes.connect import CLIENT_ID, CLIENT_SECRET, FakeConnect

PREFIX = "/local/calendly-auth"
Answer = tuple[int, dict[str, str], bytes]
_JSON = {"Content-Type": "application/json"}


def start(calendly: FakeCalendly, base_url: str) -> tuple[dict[str, str], Callable[..., Answer | None]]:
    """The settings that point whofree's Calendly OAuth at this demo (``base_url``: the runner's), and
    the runner's answer function for it. ``calendly`` accepts the access tokens it issues."""
    fake = FakeConnect()
    calendly.other_tokens = fake.access_tokens  # live: a revoked token stops working there too
    settings = {
        "WHOFREE_CALENDLY_AUTH_URL": f"{base_url}{PREFIX}",
        "WHOFREE_CALENDLY_CLIENT_ID": CLIENT_ID,
        "WHOFREE_CALENDLY_CLIENT_SECRET": CLIENT_SECRET,
    }

    def answer(method: str, path: str, headers: dict[str, str], body: bytes) -> Answer | None:
        if not path.startswith(PREFIX + "/"):
            return None
        target = "/calendly-auth" + path.removeprefix(PREFIX)
        if method == "GET" and urlsplit(target).path == "/calendly-auth/oauth/authorize":
            return _authorize(fake, target)
        if method != "POST":
            return 404, _JSON, b'{"error":"not_found"}'
        request = httpx.Request("POST", f"http://127.0.0.1{target}", headers=headers, content=body)
        response = fake.handle(request)
        return response.status_code, _JSON, response.content

    return settings, answer


def _authorize(fake: FakeConnect, target: str) -> Answer:
    """The consent screen, approved: 302 to the redirect_uri with a code (400 for a request Calendly
    would refuse)."""
    query = dict(parse_qsl(urlsplit(target).query))
    needed = ("client_id", "redirect_uri", "state", "code_challenge")
    if (
        any(not query.get(name) for name in needed)
        or query["client_id"] != CLIENT_ID
        or query.get("response_type") != "code"
        or query.get("code_challenge_method") != "S256"
    ):
        return 400, _JSON, b'{"error":"invalid_request"}'
    return 302, {"Location": fake.visit(f"http://127.0.0.1{target}")}, b""
