"""The ICS fetcher's address rules: IPv6 forms that carry a private IPv4 address are not public, and
with loopback allowed (the local runner), plain http goes to loopback only, never to another host.

Mutation checks: without ``_embedded`` in ``ics.public``, the NAT64 cases pass the check; without
``_loopback_host`` in ``check_url``, the redirect to plain http on a public host is followed.
"""

from __future__ import annotations

import asyncio

import pytest

from whofree.providers import ics

pytestmark = pytest.mark.security


@pytest.fixture(autouse=True)
def _no_loopback(settings):
    settings.delenv("WHOFREE_ICS_ALLOW_LOOPBACK", raising=False)


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::a9fe:a9fe",  # NAT64 well-known prefix carrying 169.254.169.254
        "64:ff9b::169.254.169.254",
        "64:ff9b::7f00:1",  # ... carrying 127.0.0.1
        "64:ff9b::a00:1",  # ... carrying 10.0.0.1
        "64:ff9b:1::a9fe:a9fe",  # NAT64 local-use prefix
        "64:ff9b:1:a9fe:a9:fe00::",  # ... with the IPv4 address where a /48 prefix puts it
        "::ffff:169.254.169.254",  # IPv4-mapped
        "::ffff:127.0.0.1",
        "::169.254.169.254",  # IPv4-compatible (deprecated)
        "::8.8.8.8",
        "2002:a9fe:a9fe::1",  # 6to4 carrying 169.254.169.254
        "2002:7f00:1::1",
        "2001:0:4136:e378:8000:63bf:5601:5601",  # Teredo: the client 169.254.169.254 (inverted bits)
    ],
)
def test_ipv6_forms_of_private_ipv4_addresses_are_not_public(address):
    assert not ics.public(address)


def test_nat64_of_a_public_address_stays_public():
    assert ics.public("64:ff9b::808:808")  # 8.8.8.8 through a NAT64 gateway


@pytest.mark.parametrize("address", ["64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::ffff:10.0.0.1"])
def test_the_connection_check_refuses_them_too(address, monkeypatch):
    async def resolves(self, host, port, **kwargs):
        import socket

        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))]

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", resolves)
    backend = ics.SafeBackend()
    with pytest.raises(ics.Refused, match="not public"):
        asyncio.run(backend.connect_tcp("calendar.example.com", 443))
    assert backend.connected == []


class Redirecting:
    """A connection pool whose every answer redirects to ``location``."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.fetched: list[str] = []

    def stream(self, method, url, **kwargs):
        self.fetched.append(url)
        pool = self

        class Response:
            status, headers = 302, [(b"Location", pool.location.encode())]

            async def __aenter__(self):
                return self

            async def __aexit__(self, *exc):
                return False

        return Response()


@pytest.mark.parametrize("target", ["http://93.184.216.34/team.ics", "http://calendar.example.com/team.ics"])
def test_with_loopback_allowed_a_loopback_feed_may_not_redirect_to_plain_http_elsewhere(target, settings):
    limits = ics.Limits.of(settings.setenv("WHOFREE_ICS_ALLOW_LOOPBACK", "true"))
    pool = Redirecting(target)
    with pytest.raises(ics.Refused, match="https"):
        asyncio.run(ics.fetch("http://127.0.0.1:3000/local/demo.ics", 2, pool=pool, limits=limits))
    assert pool.fetched == ["http://127.0.0.1:3000/local/demo.ics"]  # the second hop was never requested


@pytest.mark.parametrize("url", ["http://127.0.0.1:3000/a.ics", "http://[::1]:3000/a.ics", "http://localhost/a.ics"])
def test_with_loopback_allowed_plain_http_to_loopback_still_passes(url, settings):
    ics.check_url(url, settings.setenv("WHOFREE_ICS_ALLOW_LOOPBACK", "true").ics_allow_loopback)


def test_without_loopback_plain_http_to_loopback_is_refused():
    with pytest.raises(ics.Refused):
        ics.check_url("http://127.0.0.1:3000/a.ics")
