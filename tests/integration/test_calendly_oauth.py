"""Calendly OAuth refresh against DynamoDB Local: concurrent refreshes make one refresh call."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from tests.helpers import context
from whofree.credentials import calendly_token
from whofree.data import oauth_tokens
from whofree.providers.types import ProviderError


class TokenEndpoint:
    """Calendly's /oauth/token as far as refreshing goes: single-use refresh tokens that rotate."""

    def __init__(self) -> None:
        self.calls = 0
        self.valid = {"refresh-1"}
        self.lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                time.sleep(0.3)  # long enough for every caller to arrive while it runs
                with endpoint.lock:
                    endpoint.calls += 1
                    used = form["refresh_token"][0]
                    if form["grant_type"] != ["refresh_token"] or used not in endpoint.valid:
                        status, body = 400, {"error": "invalid_grant"}
                    else:
                        endpoint.valid.remove(used)
                        n = endpoint.calls + 1
                        endpoint.valid.add(f"refresh-{n}")
                        status, body = (
                            200,
                            {
                                "access_token": f"access-{n}",
                                "refresh_token": f"refresh-{n}",
                                "expires_in": 7200,
                                "token_type": "Bearer",
                            },
                        )
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def endpoint(table, monkeypatch, settings):
    fake = TokenEndpoint()
    settings.setenv("WHOFREE_CALENDLY_AUTH_URL", fake.url)
    settings.setenv("WHOFREE_CALENDLY_CLIENT_ID", "client")
    settings.setenv("WHOFREE_CALENDLY_CLIENT_SECRET", "secret")
    yield fake
    fake.server.shutdown()


def test_a_valid_access_token_is_used_as_it_is(table, endpoint):
    oauth_tokens.save(table, "calendly", "access-1", "refresh-1", 7200, now=time.time())
    assert calendly_token(context(table)) == "access-1"
    assert endpoint.calls == 0


def test_concurrent_refreshes_make_one_refresh_call(table, endpoint):
    oauth_tokens.save(table, "calendly", "access-1", "refresh-1", expires_in=0, now=time.time())  # expired
    with ThreadPoolExecutor(max_workers=20) as pool:
        tokens = list(pool.map(lambda _: calendly_token(context(table)), range(20)))
    assert endpoint.calls == 1
    assert set(tokens) == {"access-2"}
    stored = table.get("OAUTH#calendly", "TOKEN", consistent=True)
    assert (stored["refresh_token"], stored["version"]) == ("refresh-2", 2)
    # The rotated refresh token works next time; the used one would not.
    oauth_tokens.save(table, "calendly", "access-2", "refresh-2", expires_in=0, version=2, now=time.time())
    assert calendly_token(context(table)) == "access-3"
    assert endpoint.calls == 2


def test_a_refused_refresh_releases_the_lease(table, endpoint):
    oauth_tokens.save(table, "calendly", "access-1", "refresh-old", expires_in=0, now=time.time())
    with pytest.raises(ProviderError, match="refused"):
        calendly_token(context(table))
    assert table.get("OAUTH#calendly", "TOKEN", consistent=True)["lease_until"] == 0
