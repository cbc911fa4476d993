"""Webhook signatures (API.md §5): only the whole digest passes, compared in constant time.

Mutation check: with ``webhooks._same`` comparing as a substring (``given in expected``) or as a
prefix (``expected.startswith(given)`` / ``given.startswith(expected)``), the truncated and the
extended cases below fail; with ``hmac.compare_digest`` on str, the non-ASCII ones are 500s.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest

from functions.webhooks import app as hooks
from tests.helpers import call_handler
from whofree import webhooks
from whofree.errors import Unauthenticated
from whofree.settings import load

pytestmark = pytest.mark.security

KEYS = {"calendly": "calendly-signing-key", "calcom": "calcom-secret", "nylas": "nylas-secret"}  # fake secrets
HEADERS = {"calcom": "X-Cal-Signature-256", "nylas": "X-Nylas-Signature"}
BODY = json.dumps({"event": "invitee.created", "payload": {}}).encode()


@pytest.fixture(autouse=True)
def _secrets(settings):
    settings.setenv("WHOFREE_CALENDLY_WEBHOOK_KEY", KEYS["calendly"])
    settings.setenv("WHOFREE_CALCOM_WEBHOOK_SECRET", KEYS["calcom"])
    settings.setenv("WHOFREE_NYLAS_WEBHOOK_SECRET", KEYS["nylas"])


def digest(key: str, message: bytes) -> str:
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def forgeries(good: str) -> dict[str, str]:
    """Signatures that share text with the real one but are not it."""
    out = {f"first {n} hex digits": good[:n] for n in (1, 2, 8, 16, 32, 63)}
    out |= {f"last {n} hex digits": good[-n:] for n in (1, 32, 63)}
    out |= {
        "the digest and one more digit": good + "0",
        "the digest twice": good + good,
        "the digest inside other text": "ab" + good + "cd",
        "the digest with one digit changed": good[:-1] + ("0" if good[-1] != "0" else "1"),
        "empty": "",
        "non-ASCII of the same length": "é" * 64,
        "the digest then non-ASCII": good + "é",
    }
    return out


def calendly_header(signature: str, stamp: str | None = None) -> str:
    return f"t={stamp or int(time.time())},v1={signature}"


def test_the_whole_digest_passes():
    stamp = str(int(time.time()))
    webhooks.verify_calendly(
        load(), calendly_header(digest(KEYS["calendly"], stamp.encode() + b"." + BODY), stamp), BODY, time.time()
    )
    for provider in HEADERS:
        webhooks.verify_hex(load(), provider, digest(KEYS[provider], BODY), BODY)
        webhooks.verify_hex(load(), provider, digest(KEYS[provider], BODY).upper(), BODY)  # hex is case-insensitive


@pytest.mark.parametrize("name", list(forgeries("0" * 64)))
def test_truncated_extended_and_altered_calendly_signatures_are_refused(name):
    stamp = str(int(time.time()))
    signature = forgeries(digest(KEYS["calendly"], stamp.encode() + b"." + BODY))[name]
    with pytest.raises(Unauthenticated):
        webhooks.verify_calendly(load(), calendly_header(signature, stamp), BODY, time.time())


@pytest.mark.parametrize("provider", list(HEADERS))
@pytest.mark.parametrize("name", list(forgeries("0" * 64)))
def test_truncated_extended_and_altered_hex_signatures_are_refused(provider, name):
    signature = forgeries(digest(KEYS[provider], BODY))[name]
    with pytest.raises(Unauthenticated):
        webhooks.verify_hex(load(), provider, signature, BODY)


@pytest.mark.parametrize("stamp", ["²", "١٧٠٠٠٠٠٠٠٠", "1" * 5000, "+1700000000", "1.5"])
def test_a_timestamp_that_is_not_ascii_digits_is_refused(stamp):
    signature = digest(KEYS["calendly"], stamp.encode() + b"." + BODY)  # even signed with the real key
    with pytest.raises(Unauthenticated):
        webhooks.verify_calendly(load(), calendly_header(signature, stamp), BODY, time.time())


def deliver(event, context, provider: str, headers: dict) -> tuple[int, dict]:
    reply = call_handler(
        hooks.lambda_handler,
        event("webhook_calendly"),
        context,
        path=f"/v1/webhooks/{provider}",
        body=BODY,
        headers={"Host": "127.0.0.1:3000", "Content-Type": "application/json", **headers},
    )
    return reply.status, json.loads(reply.body)


@pytest.mark.parametrize("name", ["first 32 hex digits", "first 1 hex digits", "the digest and one more digit"])
@pytest.mark.parametrize("provider", ["calendly", *HEADERS])
def test_through_the_webhook_function_a_forgery_is_401_with_the_error_body(name, provider, event, lambda_context):
    # Refused before the table is touched: no storage needed, nothing dropped.
    if provider == "calendly":
        stamp = str(int(time.time()))
        good = digest(KEYS["calendly"], stamp.encode() + b"." + BODY)
        headers = {"Calendly-Webhook-Signature": calendly_header(forgeries(good)[name], stamp)}
    else:
        headers = {HEADERS[provider]: forgeries(digest(KEYS[provider], BODY))[name]}
    status, body = deliver(event, lambda_context, provider, headers)
    assert (status, body["title"]) == (401, "Unauthenticated")


@pytest.mark.parametrize("provider", ["calendly", *HEADERS])
def test_a_non_ascii_signature_header_is_401_not_500(provider, event, lambda_context):
    value = calendly_header("é" * 64) if provider == "calendly" else "é" * 64
    name = "Calendly-Webhook-Signature" if provider == "calendly" else HEADERS[provider]
    status, body = deliver(event, lambda_context, provider, {name: value})
    assert (status, body["title"]) == (401, "Unauthenticated")
