"""Provider and feed bodies (whofree.providers.http.Body): collected in a bytearray, capped before and
after they are inflated, inflated incrementally so that a bomb never lands in memory.

Mutation checks: with the cap on inflated bytes removed from ``Body.feed`` (``max_length`` 0, no
check), the bomb test fails; with ``self.data += chunk`` written ``self.data = self.data + chunk``
(bytes, as before), the one-byte-chunk test takes minutes instead of well under a second.
"""

from __future__ import annotations

import gzip
import time
import zlib

import pytest

from whofree.providers.http import Body, BodyTooLarge, BodyUnreadable

pytestmark = pytest.mark.security

MB = 1024 * 1024


def bomb(inflated: int) -> bytes:
    """``inflated`` zero bytes, gzipped (about 1/1000 of that on the wire)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(MB)
    return b"".join([*(packer.compress(zeros) for _ in range(inflated // MB)), packer.flush()])


def feed_in(body: Body, data: bytes, size: int) -> None:
    for n in range(0, len(data), size):
        body.feed(data[n : n + size])


def test_a_gzip_bomb_fails_at_the_cap_without_inflating():
    packed = bomb(200 * MB)  # the report's bomb was 0.8 MB -> 800 MB: tests/integration has that one
    assert len(packed) < MB // 4
    body = Body("gzip", 2 * MB)
    with pytest.raises(BodyTooLarge, match="inflates past"):
        feed_in(body, packed, 65536)
    assert len(body.data) <= 2 * MB + 1  # never more than the cap in memory


def test_a_body_over_the_cap_fails_before_it_is_inflated():
    body = Body("gzip", 1000)
    with pytest.raises(BodyTooLarge, match="larger than 1000 bytes"):
        body.feed(bytes(1001))


def test_gzip_and_deflate_are_inflated_in_any_chunks():
    text = b'{"calendars": {}}' * 1000
    for encoding, packed in (("gzip", gzip.compress(text)), ("deflate", zlib.compress(text)), (None, text)):
        body = Body(encoding, MB)
        feed_in(body, packed, 7)
        assert body.finish() == text


def test_two_gzip_members_are_one_body():
    body = Body("gzip", MB)
    body.feed(gzip.compress(b"BEGIN:") + gzip.compress(b"VCALENDAR"))
    assert body.finish() == b"BEGIN:VCALENDAR"


@pytest.mark.parametrize(
    ("encoding", "data", "says"),
    [
        ("br", b"x", "unsupported"),
        ("gzip, gzip", b"x", "unsupported"),
        ("gzip", b"not gzip at all", "does not inflate"),
        ("gzip", gzip.compress(b"x" * 1000)[:-12], "cut short"),
    ],
)
def test_a_body_that_cannot_be_inflated_is_unreadable(encoding, data, says):
    def read() -> bytearray:
        body = Body(encoding, MB)
        body.feed(data)
        return body.finish()

    with pytest.raises(BodyUnreadable, match=says):
        read()


def test_a_body_in_one_byte_chunks_costs_linear_time():
    data = b"x" * MB
    body = Body(None, 2 * MB)
    started = time.process_time()
    feed_in(body, data, 1)
    assert body.finish() == data
    # About a second for a megabyte of one-byte chunks; bytes concatenation took 22 s.
    assert time.process_time() - started < 15
