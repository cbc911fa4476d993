"""Webhooks (API.md §5) against DynamoDB Local: signatures first, then every answer with a touched
host or event type goes stale, and nothing else."""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time

import pytest

from functions.webhooks import app as hooks
from tests.helpers import call_handler, context
from tests.integration.test_configured_event_types import CONFIG, put
from whofree.data import host_data
from whofree.domain import EventType, Host
from whofree.settings import load
from whofree.times.dispatch import read_request
from whofree.times.types import Labelled

KEYS = {"calendly": "calendly-signing-key", "calcom": "calcom-secret", "nylas": "nylas-secret"}  # fake secrets
CALENDLY_TYPE = "https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"
OTHER_TYPE = "https://api.calendly.com/event_types/BBBBBBBBBBBBBBBB"
# The hosts of each cached answer. Alice is a host of OTHER_TYPE (by the email Calendly gives);
# "uses-alice" reads Alice's Calendly calendar for its host ana@example.com; "uses-nylas" reads
# ben@example.com's calendar through the Nylas grant "grant-9".
ANSWER_HOSTS = {
    CALENDLY_TYPE: ["bashir@example.com"],
    OTHER_TYPE: ["alice@example.com"],
    "calcom:42": ["carol"],
    "uses-alice": ["ana@example.com"],
    "uses-nylas": ["ben@example.com"],
    "plain": ["dan@example.com"],
}


@pytest.fixture
def cached(table, event, lambda_context, monkeypatch, settings):
    """Cached answers for two provider event types and two configured ones (one with Alice's calendar)."""
    settings.setenv("WHOFREE_CALENDLY_WEBHOOK_KEY", KEYS["calendly"])
    settings.setenv("WHOFREE_CALCOM_WEBHOOK_SECRET", KEYS["calcom"])
    settings.setenv("WHOFREE_NYLAS_WEBHOOK_SECRET", KEYS["nylas"])
    with_alice = copy.deepcopy(CONFIG)
    with_alice["hosts"][0]["source"] = {"provider": "calendly", "user": "https://api.calendly.com/users/alice"}
    with_nylas = copy.deepcopy(CONFIG)
    with_nylas["hosts"][1]["source"] = {"provider": "nylas", "grant_id": "grant-9", "email": "ben@example.com"}
    put(event, lambda_context, "uses-alice", with_alice)
    put(event, lambda_context, "uses-nylas", with_nylas)
    put(event, lambda_context, "plain", CONFIG)
    from whofree.times import cache

    for event_type, hosts in ANSWER_HOSTS.items():
        request = read_request(
            {"event_type": event_type, "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
        )
        now = context(table)
        labelled = Labelled(EventType(event_type, None, 30, None, [Host(h) for h in hosts]), [], [])
        cache.save(now, request, labelled, cache.begin(now, request))
    assert len(answers(table)) == 6
    return table


def answers(table) -> set[str]:
    from whofree.times import cache

    left = set()
    for event_type in ANSWER_HOSTS:
        request = read_request(
            {"event_type": event_type, "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
        )
        if cache.load(context(table), request) is not None:
            left.add(event_type)
    return left


def deliver(
    event, context, provider: str, body: bytes, headers: dict, method: str = "POST", query=None
) -> tuple[int, str]:
    status, _, text = call_handler(
        hooks.lambda_handler,
        event("webhook_calendly"),
        context,
        method=method,
        path=f"/v1/webhooks/{provider}",
        body=body,
        query=query,
        headers={"Host": "127.0.0.1:3000", "Content-Type": "application/json", **headers},
    )
    return status, text


def calendly_body(event) -> bytes:
    return event("webhook_calendly")["body"].encode()


def calendly_sign(body: bytes, at: int | None = None, key: str = KEYS["calendly"]) -> dict:
    stamp = str(int(time.time()) if at is None else at)
    digest = hmac.new(key.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"Calendly-Webhook-Signature": f"t={stamp},v1={digest}"}


def hex_sign(key: str, body: bytes) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def test_a_valid_calendly_webhook_makes_every_answer_with_the_host_stale(cached, event, lambda_context):
    for user in ("alice", "bashir"):
        writer = host_data.for_table(cached, load())
        assert writer.get_busy("calendly", f"https://api.calendly.com/users/{user}", 0, 0) is None
        writer.put_busy("calendly", f"https://api.calendly.com/users/{user}", 0, 0, [])
    body = calendly_body(event)
    status, _ = deliver(event, lambda_context, "calendly", body, calendly_sign(body))
    assert status == 204
    # The event type it names, the other Calendly event type where Alice is a host, and the configured
    # type that reads Alice's calendar; nothing else.
    assert answers(cached) == {"calcom:42", "uses-nylas", "plain"}
    # Alice's cached calendar data is stale too; Bashir's stays.
    reader = host_data.for_table(cached, load())
    assert reader.get_busy("calendly", "https://api.calendly.com/users/alice", 0, 0) is None
    assert reader.get_busy("calendly", "https://api.calendly.com/users/bashir", 0, 0) == []


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: calendly_sign(body, key="not-the-key"), id="forged"),
        pytest.param(lambda body: calendly_sign(body, at=int(time.time()) - 181), id="stale"),
        pytest.param(lambda body: calendly_sign(body + b" "), id="body changed"),
        pytest.param(lambda body: {}, id="unsigned"),
        pytest.param(lambda body: {"Calendly-Webhook-Signature": "v1=abc"}, id="no timestamp"),
    ],
)
def test_forged_stale_and_unsigned_calendly_webhooks_are_401_and_drop_nothing(cached, event, lambda_context, headers):
    body = calendly_body(event)
    status, text = deliver(event, lambda_context, "calendly", body, headers(body))
    assert status == 401
    assert json.loads(text)["title"] == "Unauthenticated"
    assert len(answers(cached)) == 6


def test_calcom_webhooks_and_a_harmless_replay(cached, event, lambda_context):
    body = json.dumps(
        {
            "triggerEvent": "BOOKING_CREATED",
            "createdAt": "2030-03-08T10:00:00Z",
            "payload": {"eventTypeId": 42, "organizer": {"email": "nobody@example.com"}},
        }
    ).encode()
    signature = {"X-Cal-Signature-256": hex_sign(KEYS["calcom"], body)}
    assert deliver(event, lambda_context, "calcom", body, {"X-Cal-Signature-256": "no-secret-provided"})[0] == 401
    assert deliver(event, lambda_context, "calcom", body, {"X-Cal-Signature-256": hex_sign("wrong", body)})[0] == 401
    assert len(answers(cached)) == 6
    assert deliver(event, lambda_context, "calcom", body, signature)[0] == 204
    assert "calcom:42" not in answers(cached)
    assert deliver(event, lambda_context, "calcom", body, signature)[0] == 204  # a replay only bumps again
    assert answers(cached) == {CALENDLY_TYPE, OTHER_TYPE, "uses-alice", "uses-nylas", "plain"}


def test_nylas_challenge_and_events(cached, event, lambda_context):
    status, text = deliver(event, lambda_context, "nylas", b"", {}, method="GET", query={"challenge": "abc123"})
    assert (status, text) == (200, "abc123")
    body = json.dumps(
        {
            "specversion": "1.0",
            "type": "event.updated",
            "data": {"object": {"grant_id": "grant-9", "calendar_id": "primary", "id": "ev1"}},
        }
    ).encode()
    assert deliver(event, lambda_context, "nylas", body, {"X-Nylas-Signature": hex_sign("wrong", body)})[0] == 401
    assert deliver(event, lambda_context, "nylas", body, {"X-Nylas-Signature": hex_sign(KEYS["nylas"], body)})[0] == 204
    assert answers(cached) == {CALENDLY_TYPE, OTHER_TYPE, "calcom:42", "uses-alice", "plain"}


def test_without_a_configured_secret_nothing_is_accepted(cached, event, lambda_context, monkeypatch, settings):
    settings.delenv("WHOFREE_CALENDLY_WEBHOOK_KEY")
    body = calendly_body(event)
    assert deliver(event, lambda_context, "calendly", body, calendly_sign(body))[0] == 401
    assert len(answers(cached)) == 6
