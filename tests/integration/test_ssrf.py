"""SSRF on the real ICS fetch path: a HOSTNAME that resolves to a private address is refused at the
connection, before any byte is sent, by ics.fetch's own connection pool and through POST /v1/free_busy.

No external network: a resolver hook (the event loop's getaddrinfo, which both whofree's vetting
backend and httpcore's default one use) maps one test name to a listener on 127.0.0.1 that counts
connections. Mutation check: with the pool in ics.fetch built without ``network_backend=SafeBackend()``,
these tests fail (the listener is reached).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading

import pytest

from functions.api import app as api
from tests.helpers import call_handler
from whofree.providers import ics

pytestmark = pytest.mark.security

NAME = "calendar.example.test"


class Listener:
    """A TCP listener on loopback that accepts, counts and closes every connection."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(params=["127.0.0.1", "::ffff:127.0.0.1"])
def resolves_privately(request, listener, monkeypatch, settings):
    """NAME resolves to the listener's private address; any other name does not resolve."""
    settings.delenv("WHOFREE_ICS_ALLOW_LOOPBACK", raising=False)
    address = request.param
    real = asyncio.BaseEventLoop.getaddrinfo

    async def getaddrinfo(self, host, port, *args, **kwargs):
        if host == NAME:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
            return [(family, socket.SOCK_STREAM, 6, "", sockaddr)]
        if host in ("127.0.0.1", "::1", "localhost"):
            return await real(self, host, port, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "no external names in tests")

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", getaddrinfo)
    return f"https://{NAME}:{listener.port}/team.ics"


def test_the_fetcher_refuses_a_name_that_resolves_to_a_private_address(resolves_privately, listener):
    with pytest.raises(ics.Refused, match="not public"):
        asyncio.run(ics.fetch(resolves_privately, 2))
    assert listener.accepted == 0  # refused before connecting, not after


def free_busy(event, context, url: str):
    """POST /v1/free_busy for one developer whose ICS feed is at ``url``."""
    body = {
        "start_time": "2030-03-11T00:00:00Z",
        "end_time": "2030-03-12T00:00:00Z",
        "participants": [{"id": "dev", "source": {"provider": "ics", "url": url}}],
    }
    return call_handler(api.lambda_handler, event("openapi"), context, method="POST", path="/v1/free_busy", body=body)


def test_free_busy_refuses_it_too_and_labels_nobody_free(resolves_privately, listener, event, lambda_context, settings):
    settings.delenv("WHOFREE_TABLE_NAME", raising=False)
    status, _, text = free_busy(event, lambda_context, resolves_privately)
    body = json.loads(text)
    assert status == 424  # the only calendar could not be read
    assert "not public" in body["message"]
    assert listener.accepted == 0


def test_a_url_with_no_ascii_form_is_refused_not_an_error(event, lambda_context, settings):
    # Found by the fuzzer: a host that is no IDNA name reached httpcore, which raised TypeError (500).
    bad = "https://\u00cb\u008c\u00dd/team.ics"
    with pytest.raises(ics.Refused, match="not a valid URL"):
        asyncio.run(ics.fetch(bad, 2))
    settings.delenv("WHOFREE_TABLE_NAME", raising=False)
    status, _, text = free_busy(event, lambda_context, bad)
    assert status == 424  # the only calendar could not be read: never a 500
    assert "not a valid URL" in json.loads(text)["message"]


def test_an_international_host_is_resolved_by_its_idna_name(monkeypatch):
    asked = []

    async def getaddrinfo(self, host, port, *args, **kwargs):
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "no external names in tests")

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", getaddrinfo)
    with pytest.raises(ics.Refused, match="could not be resolved"):
        asyncio.run(ics.fetch("https://b\u00fccher.example.test/kalender.ics", 2))
    assert asked == ["xn--bcher-kva.example.test"]
