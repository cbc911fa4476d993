"""The demo Calendly OAuth server of `make run ACCOUNTS=multi` (tests/fakes/calendly_oauth_demo.py): its
consent screen approves a well-formed request at once and refuses another, its codes are single-use and
bound to the PKCE verifier, and the demo Calendly accepts the tokens it issues (and only those). Only the
multi-account runner serves it (the README's "Serve many customers" runs it end to end)."""

from __future__ import annotations

import base64
import hashlib
import json
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from tests.fakes import calendly_oauth_demo
from tests.fakes.calendly import FakeCalendly
from tests.fakes.connect import CLIENT_ID, CLIENT_SECRET

PREFIX = calendly_oauth_demo.PREFIX
VERIFIER = "v" * 43
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()
CALLBACK = "http://127.0.0.1:3000/v1/oauth/calendly/callback"


def authorize(answer, **changes: str | None) -> tuple[int, dict, bytes]:
    query = {
        "client_id": CLIENT_ID,
        "response_type": "code",
        "redirect_uri": CALLBACK,
        "state": "s1",
        "code_challenge": CHALLENGE,
        "code_challenge_method": "S256",
    } | changes
    return answer(
        "GET", f"{PREFIX}/oauth/authorize?{urlencode({k: v for k, v in query.items() if v is not None})}", {}, b""
    )


def token(answer, code: str, verifier: str = VERIFIER) -> tuple[int, dict, bytes]:
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "code_verifier": verifier}
    headers = {"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"}
    return answer("POST", f"{PREFIX}/oauth/token", headers, urlencode(form).encode())


def test_the_consent_screen_approves_and_the_code_gives_tokens_the_demo_calendly_accepts():
    calendly = FakeCalendly()
    settings, answer = calendly_oauth_demo.start(calendly, "http://127.0.0.1:3000")
    assert settings["WHOFREE_CALENDLY_AUTH_URL"] == f"http://127.0.0.1:3000{PREFIX}"
    status, headers, _ = authorize(answer)
    assert status == 302
    location = urlsplit(headers["Location"])
    query = dict(parse_qsl(location.query))
    assert f"{location.scheme}://{location.netloc}{location.path}" == CALLBACK
    assert query["state"] == "s1"
    assert token(answer, query["code"], "w" * 43)[0] == 400  # another verifier: the code is spent too
    status, headers, _ = authorize(answer)
    code = dict(parse_qsl(urlsplit(headers["Location"]).query))["code"]
    status, _, body = token(answer, code)
    assert status == 200
    issued = json.loads(body)
    base = calendly.start()
    try:
        for bearer, refused in ((issued["access_token"], False), ("an-access-token-it-never-issued", True)):
            got = httpx.get(f"{base}/users/me", headers={"Authorization": f"Bearer {bearer}"}, timeout=10)
            assert (got.status_code == 401) is refused, bearer
    finally:
        calendly.stop()
    assert token(answer, code)[0] == 400  # single-use


def test_the_consent_screen_refuses_what_calendly_would_refuse():
    _, answer = calendly_oauth_demo.start(FakeCalendly(), "http://127.0.0.1:3000")
    assert authorize(answer, client_id="someone-else")[0] == 400
    assert authorize(answer, code_challenge=None)[0] == 400
    assert authorize(answer, code_challenge_method="plain")[0] == 400
    assert authorize(answer, response_type="token")[0] == 400
    assert answer("GET", "/local/google/x", {}, b"") is None  # another fake's path


def test_the_single_account_runner_serves_no_oauth_demo(runner):
    got = httpx.get(f"{runner.base}{PREFIX}/oauth/authorize?client_id={CLIENT_ID}", timeout=30)
    assert got.status_code == 404
    assert "Calendly OAuth" not in runner.output()
