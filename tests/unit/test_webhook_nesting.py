"""A correctly signed webhook body nested 100 000 deep is §1's 400, not a 500 (RecursionError).

Mutation check: without the ``RecursionError`` clause in ``webhooks._json``, these are 500s.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest

from functions.webhooks import app as hooks

pytestmark = pytest.mark.security

KEYS = {"calendly": "calendly-signing-key", "calcom": "calcom-secret", "nylas": "nylas-secret"}  # fake secrets
DEEP = {
    "arrays": "[" * 100_000 + "]" * 100_000,
    "objects": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "inside a payload": '{"payload": ' + "[" * 100_000 + "]" * 100_000 + "}",
}


@pytest.fixture(autouse=True)
def _secrets(settings):
    settings.setenv("WHOFREE_CALENDLY_WEBHOOK_KEY", KEYS["calendly"])
    settings.setenv("WHOFREE_CALCOM_WEBHOOK_SECRET", KEYS["calcom"])
    settings.setenv("WHOFREE_NYLAS_WEBHOOK_SECRET", KEYS["nylas"])


def signed(provider: str, body: bytes) -> dict[str, str]:
    if provider == "calendly":
        stamp = str(int(time.time()))
        digest = hmac.new(KEYS["calendly"].encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        return {"Calendly-Webhook-Signature": f"t={stamp},v1={digest}"}
    name = {"calcom": "X-Cal-Signature-256", "nylas": "X-Nylas-Signature"}[provider]
    return {name: hmac.new(KEYS[provider].encode(), body, hashlib.sha256).hexdigest()}


@pytest.mark.parametrize("shape", DEEP)
@pytest.mark.parametrize("provider", ["calendly", "calcom", "nylas"])
def test_a_signed_body_nested_100_000_deep_is_400(provider, shape, event, lambda_context):
    body = DEEP[shape].encode()
    ev = event("webhook_calendly")
    ev["path"] = f"/v1/webhooks/{provider}"
    ev["body"] = body.decode()
    ev["headers"] = {"Host": "127.0.0.1:3000", "Content-Type": "application/json", **signed(provider, body)}
    ev["multiValueHeaders"] = {k: [v] for k, v in ev["headers"].items()}
    result = hooks.lambda_handler(ev, lambda_context)
    answer = json.loads(result["body"])
    assert (result["statusCode"], answer["title"]) == (400, "Invalid Argument")
    assert answer["details"] == [{"parameter": "body", "message": "The JSON body is nested too deeply to be read."}]
