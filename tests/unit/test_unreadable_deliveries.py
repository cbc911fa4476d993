"""A correctly signed delivery whofree cannot read is §1's 400 (never a 2xx, which the provider would
take as delivered), logged without its body and counted (metric ``UnreadableDeliveries``); Nylas'
signature covers the bytes as sent, so over a compressed delivery it is the gzip bytes'.

Nothing here reaches the table: the body is refused (or read) before anything is dropped."""

from __future__ import annotations

import base64
import gzip
import io
import json

import pytest

from functions.webhooks import app as hooks
from tests.fakes import webhooks as fake
from whofree import webhooks as delivery_use_case
from whofree.observability import logger

KEYS = {"calendly": "calendly-signing-key", "calcom": "calcom-secret", "nylas": "nylas-secret"}  # fake secrets


@pytest.fixture(autouse=True)
def _secrets(settings):
    settings.setenv("WHOFREE_CALENDLY_WEBHOOK_KEY", KEYS["calendly"])
    settings.setenv("WHOFREE_CALCOM_WEBHOOK_SECRET", KEYS["calcom"])
    settings.setenv("WHOFREE_NYLAS_WEBHOOK_SECRET", KEYS["nylas"])


def sign(provider: str, body: bytes) -> dict[str, str]:
    return {
        "calendly": lambda: fake.calendly_sign(KEYS["calendly"], body),
        "calcom": lambda: fake.calcom_sign(KEYS["calcom"], body),
        "nylas": lambda: fake.nylas_sign(KEYS["nylas"], body),
    }[provider]()


def deliver(event, context, provider: str, body: bytes, headers: dict, binary: bool = False) -> tuple[int, dict]:
    ev = event("webhook_calendly")
    ev["path"] = f"/v1/webhooks/{provider}"
    ev["isBase64Encoded"] = binary
    ev["body"] = base64.b64encode(body).decode() if binary else body.decode()
    ev["headers"] = {"Host": "127.0.0.1:3000", "Content-Type": "application/json", **headers}
    ev["multiValueHeaders"] = {k: [v] for k, v in ev["headers"].items()}
    result = hooks.lambda_handler(ev, context)
    return result["statusCode"], json.loads(result["body"] or "{}")


NYLAS = fake.encode(fake.nylas_notification("grant-9"))
UNREADABLE = {
    ("calendly", "not json"): b"<html>backend unavailable</html>",
    ("calendly", "no memberships"): fake.encode(
        {"event": "invitee.created", "payload": {"scheduled_event": {"event_type": "https://x"}}}
    ),
    ("calcom", "no organizer"): fake.encode({"triggerEvent": "BOOKING_CREATED", "payload": {"eventTypeId": 42}}),
    ("calcom", "ooo without its user"): fake.encode({"triggerEvent": "OOO_CREATED", "payload": {"oooEntry": {}}}),
    ("nylas", "no grant"): fake.encode({"type": "event.updated", "data": {"object": {"id": "e"}}}),
    ("nylas", "gzip that does not inflate"): b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03broken",
    ("nylas", "gzip past the cap"): gzip.compress(NYLAS[:-1] + b" " * 2_000_000 + b"}"),
}


@pytest.mark.parametrize(("provider", "case"), UNREADABLE)
def test_a_signed_body_whofree_cannot_read_is_400_logged_and_counted(
    provider, case, event, lambda_context, monkeypatch
):
    counted = []
    monkeypatch.setattr(
        delivery_use_case.metrics, "add_metric", lambda **metric: counted.append((metric["name"], metric["value"]))
    )
    stream = io.StringIO()
    previous = logger.registered_handler.setStream(stream)
    body = UNREADABLE[provider, case]
    try:
        status, answer = deliver(event, lambda_context, provider, body, sign(provider, body), binary=True)
    finally:
        logger.registered_handler.setStream(previous)
    assert status == 400
    assert answer["title"] == "Invalid Argument"
    assert [d["parameter"] for d in answer["details"]] == ["body"]
    assert counted == [("UnreadableDeliveries", 1)]
    logged = [json.loads(line) for line in stream.getvalue().splitlines()]
    warning = next(line for line in logged if line.get("message") == "unreadable delivery")
    assert warning["provider"] == provider
    assert warning["reason"] == answer["details"][0]["message"]
    text = stream.getvalue()
    assert "backend unavailable" not in text
    assert KEYS[provider] not in text


def test_a_gzip_body_past_the_cap_is_refused_without_inflating_it_whole():
    assert len(UNREADABLE["nylas", "gzip past the cap"]) < hooks.MAX_BODY_BYTES  # small on the wire
    assert hooks.MAX_BODY_BYTES < 2_000_002  # and over the cap once inflated


def test_the_nylas_signature_covers_the_compressed_bytes_not_the_json_inside(event, lambda_context):
    packed = fake.compressed(NYLAS)
    over_json = fake.nylas_sign(KEYS["nylas"], NYLAS)
    status, answer = deliver(event, lambda_context, "nylas", packed, {"Content-Encoding": "gzip", **over_json}, True)
    assert (status, answer["title"]) == (401, "Unauthenticated")


def test_a_plain_body_signed_as_if_it_were_compressed_is_refused(event, lambda_context):
    over_gzip = fake.nylas_sign(KEYS["nylas"], fake.compressed(NYLAS))
    status, answer = deliver(event, lambda_context, "nylas", NYLAS, over_gzip)
    assert (status, answer["title"]) == (401, "Unauthenticated")


def test_an_unsigned_unreadable_body_is_401_not_400(event, lambda_context):
    status, answer = deliver(
        event, lambda_context, "nylas", b"\x1f\x8bnot even gzip", {"X-Nylas-Signature": "0" * 64}, True
    )
    assert (status, answer["title"]) == (401, "Unauthenticated")
