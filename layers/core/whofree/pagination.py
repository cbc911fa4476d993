"""Opaque, request-bound page tokens (API.md §1).

A token names where the next page starts (keyset pagination: the last slot start or id already
returned, so a page boundary never shifts when time passes between calls) and a digest of the
request it belongs to, and carries an HMAC over both. Tokens grant nothing, so the MAC is about
integrity, not secrecy: any change to a token, or its use with another request, is detected and
answered with 400. The key may be set with ``WHOFREE_PAGE_TOKEN_KEY`` (e.g. to rotate it); by
default it is a fixed project constant.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from whofree.errors import invalid

_VERSION = 1
_DIGEST_BYTES = 16
_MAC_BYTES = 16


def _key() -> bytes:
    return os.environ.get("WHOFREE_PAGE_TOKEN_KEY", "whofree/page-token/v1").encode()


def request_digest(canonical: bytes) -> bytes:
    return hashlib.sha256(canonical).digest()[:_DIGEST_BYTES]


def encode_text(after: str, digest: bytes) -> str:
    payload = bytes([_VERSION]) + digest + after.encode()
    mac = hmac.new(_key(), payload, hashlib.sha256).digest()[:_MAC_BYTES]
    return base64.urlsafe_b64encode(payload + mac).rstrip(b"=").decode()


def decode_text(token: str, digest: bytes, parameter: str = "page_token") -> str:
    """Where the next page starts; 400 for a malformed, altered or foreign token."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except ValueError:
        raw = b""
    if len(raw) < 1 + _DIGEST_BYTES + _MAC_BYTES:
        raise invalid(parameter, "The page token is malformed.")
    payload, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
    expected = hmac.new(_key(), payload, hashlib.sha256).digest()[:_MAC_BYTES]
    if not hmac.compare_digest(mac, expected):
        raise invalid(parameter, "The page token is malformed or was altered.")
    if payload[0] != _VERSION:
        raise invalid(parameter, "The page token is from an unsupported version.")
    if not hmac.compare_digest(payload[1 : 1 + _DIGEST_BYTES], digest):
        raise invalid(parameter, "The page token belongs to a different request.")
    try:
        return payload[1 + _DIGEST_BYTES :].decode()
    except UnicodeDecodeError:
        raise invalid(parameter, "The page token is malformed.") from None


def encode(after: int, digest: bytes) -> str:
    """A token for pages keyed by slot start (epoch seconds)."""
    return encode_text(str(after), digest)


def decode(token: str, digest: bytes, parameter: str = "page_token") -> int:
    after = decode_text(token, digest, parameter)
    if not after.lstrip("-").isdigit():
        raise invalid(parameter, "The page token is malformed.")
    return int(after)
