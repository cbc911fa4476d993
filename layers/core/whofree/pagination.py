"""Opaque, request-bound page tokens (API.md §1).

A token names where the next page starts (keyset pagination: the last slot start or id already
returned, so a page boundary never shifts when time passes between calls) and a digest of the
request it belongs to, and carries an HMAC over both. Tokens grant nothing, so the MAC is about
integrity, not secrecy: any change to a token, or its use with another request, is detected and
answered with 400; so is a token whose MAC is right but whose content is not (never a 500).

The key (whofree.settings): ``WHOFREE_PAGE_TOKEN_KEY`` itself, or the Secrets Manager secret
``WHOFREE_PAGE_TOKEN_KEY_SECRET`` names (template.yaml generates one per deployment and gives its ARN
to the API function). The secret is read once per runtime (so once per container: ``tokens``), when the first token is
made or read,
not at init: that would put boto3 on every cold start. A function on Lambda without either fails
its init (``check_key``). Only a local process (the local runner, tests) without either uses
LOCAL_KEY, a constant that is public and so protects nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from whofree import settings
from whofree.context import Runtime
from whofree.errors import ServiceUnavailable, invalid

_VERSION = 1
_DIGEST_BYTES = 16
_MAC_BYTES = 16


LOCAL_KEY = b"whofree/page-token/v1"  # local runs and tests only: never used on Lambda
_INTEGER = re.compile(r"-?[0-9]{1,15}")  # epoch seconds, ASCII digits only


def check_key(current: settings.Settings) -> None:
    """At a function's init: on Lambda, a key or the secret that holds one must be configured."""
    if current.aws_lambda_function_name and not (current.page_token_key or current.page_token_key_secret):
        raise settings.SettingsError(
            "Invalid whofree setting: WHOFREE_PAGE_TOKEN_KEY_SECRET (or WHOFREE_PAGE_TOKEN_KEY) is required on "
            "Lambda: page tokens must be signed with this deployment's own key, not the public local one."
        )


def _resolve(current: settings.Settings) -> bytes:
    if current.page_token_key is not None:
        return current.page_token_key.get_secret_value().encode()
    if current.page_token_key_secret:
        return _fetch(current.page_token_key_secret, current.powertools_service_name)
    check_key(current)
    return LOCAL_KEY


def _fetch(secret_id: str, service: str) -> bytes:
    from aws_lambda_powertools.utilities import parameters

    try:
        value = parameters.get_secret(secret_id)
    except Exception as exc:  # any failure means "cannot sign": unavailable, retried, never cached
        import logging  # Powertools' logger is the standard one named after the service

        logging.getLogger(service).error(
            "page token key unreadable", extra={"secret": secret_id, "error": type(exc).__name__}
        )
        raise ServiceUnavailable(
            "Page tokens cannot be signed or checked right now; try again.", retry_after=5
        ) from None
    return (value if isinstance(value, str) else value.decode()).encode()


def request_digest(canonical: bytes) -> bytes:
    return hashlib.sha256(canonical).digest()[:_DIGEST_BYTES]


class PageTokens:
    """Signs and checks page tokens under one deployment's key: read on first use (from the setting, or
    the secret that holds it), then kept for the life of the runtime that owns this object."""

    def __init__(self, current: settings.Settings) -> None:
        self._settings = current
        self._key: bytes | None = None

    def key(self) -> bytes:
        if self._key is None:
            self._key = _resolve(self._settings)
        return self._key

    def encode_text(self, after: str, digest: bytes) -> str:
        payload = bytes([_VERSION]) + digest + after.encode()
        mac = hmac.new(self.key(), payload, hashlib.sha256).digest()[:_MAC_BYTES]
        return base64.urlsafe_b64encode(payload + mac).rstrip(b"=").decode()

    def decode_text(self, token: str, digest: bytes, parameter: str = "page_token") -> str:
        """Where the next page starts; 400 for a malformed, altered or foreign token."""
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except ValueError:
            raw = b""
        if len(raw) < 1 + _DIGEST_BYTES + _MAC_BYTES:
            raise invalid(parameter, "The page token is malformed.")
        payload, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
        expected = hmac.new(self.key(), payload, hashlib.sha256).digest()[:_MAC_BYTES]
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

    def encode(self, after: int, digest: bytes) -> str:
        """A token for pages keyed by slot start (epoch seconds)."""
        return self.encode_text(str(after), digest)

    def decode(self, token: str, digest: bytes, parameter: str = "page_token") -> int:
        after = self.decode_text(token, digest, parameter)
        if not _INTEGER.fullmatch(after):
            raise invalid(parameter, "The page token is malformed.")
        return int(after)


def tokens(runtime: Runtime) -> PageTokens:
    """The runtime's page tokens: one object per runtime, so its key is read once per container."""
    if runtime.caches.page_tokens is None:
        runtime.caches.page_tokens = PageTokens(runtime.settings)
    return runtime.caches.page_tokens
