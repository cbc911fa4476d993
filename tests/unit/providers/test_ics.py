"""ICS feeds: expansion and busy rules on a realistic feed, and SSRF refusals (nothing is fetched)."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest

from whofree.providers import ics

FEED = (Path(__file__).resolve().parents[2] / "fixtures" / "team.ics").read_bytes()


def utc(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%m-%d %H:%M")


def test_the_feed_expands_to_exactly_these_busy_blocks():
    blocks = sorted(ics.busy(FEED, utc("2030-03-01T00:00:00"), utc("2030-04-01T00:00:00"), "America/New_York"))
    assert [(iso(a), iso(b)) for a, b in blocks] == [
        ("03-04 14:00", "03-04 14:30"),  # 09:00 EST
        ("03-07 18:00", "03-07 19:00"),  # Outlook OOF wins over TRANSPARENT
        ("03-11 13:00", "03-11 13:30"),  # 09:00 EDT: the VTIMEZONE's March change
        ("03-12 04:00", "03-13 04:00"),  # all day, in the host's zone (EDT midnight to midnight)
        # 03-18 is an EXDATE; 03-25 moved to 14:00 EDT
        ("03-25 18:00", "03-25 18:30"),
    ]


def test_all_day_events_follow_the_hosts_zone():
    blocks = ics.busy(FEED, utc("2030-03-12T00:00:00"), utc("2030-03-14T00:00:00"), "Asia/Tokyo")
    assert ("03-11 15:00", "03-12 15:00") in [(iso(a), iso(b)) for a, b in blocks]


def test_a_malformed_feed_is_a_provider_error():
    with pytest.raises(ics.ProviderError):
        ics.busy(b"BEGIN:VCALENDAR\nthis is not\n", 0, 86_400, "UTC")


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/cal.ics",
        "https://[::1]/cal.ics",
        "https://10.1.2.3/cal.ics",
        "https://172.16.0.9/cal.ics",
        "https://172.31.255.1/cal.ics",
        "https://192.168.1.20/cal.ics",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::ffff:10.0.0.1]/cal.ics",
        "https://0.0.0.0/cal.ics",
        "https://224.0.0.1/cal.ics",
        "http://example.com/cal.ics",
        "ftp://example.com/cal.ics",
        "file:///etc/passwd",
    ],
)
def test_urls_to_non_public_addresses_or_without_https_are_refused(url, monkeypatch, settings):
    settings.delenv("WHOFREE_ICS_ALLOW_LOOPBACK", raising=False)
    connected = []

    class Spy(ics.SafeBackend):
        async def connect_tcp(self, *args, **kwargs):
            connected.append(args)
            return await super().connect_tcp(*args, **kwargs)

    monkeypatch.setattr(ics, "SafeBackend", Spy)
    with pytest.raises(ics.Refused):
        asyncio.run(ics.fetch(url, 2))
    assert connected == []  # refused before any connection


def test_a_hostname_resolving_to_a_private_address_is_refused_before_connecting(monkeypatch):
    async def private(self, host, port, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", private)
    backend = ics.SafeBackend()
    with pytest.raises(ics.Refused, match="not public"):
        asyncio.run(backend.connect_tcp("calendar.example.com", 443))
    assert backend.connected == []


def test_a_name_with_any_private_address_is_refused(monkeypatch):
    async def mixed(self, host, port, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.0.5", port)),
        ]

    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", mixed)
    with pytest.raises(ics.Refused):
        asyncio.run(ics.SafeBackend().connect_tcp("calendar.example.com", 443))


def test_an_https_url_redirecting_to_a_private_address_is_refused():
    fetched = []

    class Response:
        def __init__(self, status, headers):
            self.status, self.headers = status, headers

        async def __aenter__(self):
            return self

        async def __aexit__(self, *exc):
            return False

    class Pool:
        """Answers the first (public) URL with a redirect to the metadata service."""

        def stream(self, method, url, **kwargs):
            fetched.append(url)
            return Response(302, [(b"Location", b"https://169.254.169.254/latest/meta-data/")])

    with pytest.raises(ics.Refused, match="not public"):
        asyncio.run(ics.fetch("https://calendar.example.com/team.ics", 2, pool=Pool()))
    assert fetched == ["https://calendar.example.com/team.ics"]  # the second hop was never requested


def test_public_addresses_pass():
    assert ics.public("93.184.216.34")
    assert ics.public("2606:2800:220:1:248:1893:25c8:1946")
    assert not ics.public("100.64.0.1")  # carrier-grade NAT is not public either


def feed(*lines: str, header: tuple[str, ...] = ()) -> bytes:
    return "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//whofree//test//EN", *header, *lines, "END:VCALENDAR", ""]
    ).encode()


FLOATING = ("BEGIN:VEVENT", "UID:f1", "DTSTART:20300311T090000", "DTEND:20300311T100000", "END:VEVENT")
WEEK = (utc("2030-03-10T00:00:00"), utc("2030-03-17T00:00:00"))


def test_floating_times_follow_x_wr_timezone_when_the_feed_has_it():
    blocks = ics.busy(feed(*FLOATING, header=("X-WR-TIMEZONE:America/New_York",)), *WEEK, "Asia/Tokyo")
    assert [(iso(a), iso(b)) for a, b in blocks] == [("03-11 13:00", "03-11 14:00")]  # 09:00 EDT


def test_floating_times_without_x_wr_timezone_are_the_hosts_wall_clock():
    blocks = ics.busy(feed(*FLOATING), *WEEK, "Asia/Tokyo")
    assert [(iso(a), iso(b)) for a, b in blocks] == [("03-11 00:00", "03-11 01:00")]  # 09:00 JST


def test_a_vfreebusy_feed_is_busy_where_it_says_and_free_where_fbtype_is_free():
    body = feed(
        "BEGIN:VFREEBUSY",
        "UID:fb1",
        "DTSTAMP:20300301T000000Z",
        "DTSTART:20300310T000000Z",
        "DTEND:20300317T000000Z",
        "FREEBUSY;FBTYPE=BUSY:20300311T090000Z/20300311T100000Z,20300312T090000Z/PT1H",
        "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20300313T150000Z/20300313T153000Z",
        "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20300314T000000Z/20300314T060000Z",
        "FREEBUSY;FBTYPE=FREE:20300315T090000Z/20300315T100000Z",
        "FREEBUSY:20300316T090000Z/20300316T093000Z",
        "END:VFREEBUSY",
    )
    blocks = sorted(ics.busy(body, *WEEK, "UTC"))
    assert [(iso(a), iso(b)) for a, b in blocks] == [
        ("03-11 09:00", "03-11 10:00"),
        ("03-12 09:00", "03-12 10:00"),
        ("03-13 15:00", "03-13 15:30"),
        ("03-14 00:00", "03-14 06:00"),
        ("03-16 09:00", "03-16 09:30"),  # no FBTYPE: BUSY (RFC 5545)
    ]
    outside = ics.busy(body, utc("2030-03-20T00:00:00"), utc("2030-03-21T00:00:00"), "UTC")
    assert outside == []


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "looks like HTML"),
        (b'{"error": "not found"}', "not answer with an iCalendar feed"),
        (b"", "not answer with an iCalendar feed"),
    ],
)
def test_a_body_that_is_not_icalendar_is_a_warning_that_says_so(body, says):
    with pytest.raises(ics.ProviderError) as error:
        ics.busy(body, *WEEK, "UTC")
    assert says in error.value.message


def test_a_bom_and_blank_lines_before_the_calendar_are_fine():
    assert ics.busy(b"\xef\xbb\xbf\r\n" + feed(*FLOATING), *WEEK, "UTC") == [
        (utc("2030-03-11T09:00:00"), utc("2030-03-11T10:00:00"))
    ]
