"""Connections in use (API.md §3 ``&connection=``, sources' ``"connection"``, §5, §7), two accounts on
DynamoDB Local in multi-account mode, against the fake Calendly: another account's connection is 404
wherever it is named; provider event types and configured hosts are read through the account's own
connection; the host cache is keyed by the connection (one customer never sees another's provider data,
even for the same Calendly user URI); webhooks reach one connection's account, verified with that
connection's signing secret, and change nothing of another account's.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time

import pytest

from functions.webhooks import app as hooks
from tests.fakes.calendly import TOKEN
from tests.helpers import call_handler
from tests.integration.test_accounts import ACCOUNT_A, ACCOUNT_B, KEY_A, KEY_B, call, two_accounts  # noqa: F401
from tests.integration.test_configured_event_types import CONFIG, TEAM
from tests.integration.test_connections import context as account_context
from whofree import connections
from whofree.connections import store

CALENDLY_TYPE = "https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"
ALICE = "https://api.calendly.com/users/alice"
RANGE = {"start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-13T00:00:00Z"}
IDENTITY = {"user": ALICE, "organization": "https://api.calendly.com/organizations/acme"}


@pytest.fixture
def accounts_on_calendly(two_accounts, calendly, settings, tmp_path):  # noqa: F811
    """Two accounts and the fake Calendly, with no deployment credential: only connections read it."""
    settings.delenv("WHOFREE_CALENDLY_TOKEN", raising=False)
    settings.setenv("WHOFREE_LOCAL_KEY_FILE", str(tmp_path / "connections.key"))
    return calendly


def connect(table, account: str, token: str = TOKEN) -> str:
    """A Calendly connection of ``account`` holding ``token`` (as POST /v1/connections stores one once the
    provider accepted it; that check is tests/integration/test_connections.py's)."""
    return store._store(account_context(table, account), "calendly", {"key": token}, IDENTITY)["id"]


def times(event, lambda_context, key: str, event_type: str = CALENDLY_TYPE, **query):
    params = {"event_type": event_type, **RANGE, **query}
    return call(event, lambda_context, key, "GET", "/v1/event_type_available_times", query=params)


def reading_alice(connection: str | None = None) -> dict:
    """The demo team, Ana's busy time read from Alice's Calendly calendar (through ``connection``)."""
    config = copy.deepcopy(CONFIG)
    source = {"provider": "calendly", "user": ALICE}
    if connection is not None:
        source["connection"] = connection
    config["hosts"][0]["source"] = source
    return config


def team_times(event, lambda_context, key: str):
    query = {"event_type": "team", "start_time": TEAM["start_time"], "end_time": TEAM["end_time"]}
    return call(event, lambda_context, key, "GET", "/v1/event_type_available_times", query=query)


def busy_calls(fake, user: str = ALICE) -> int:
    return len([c for c in fake.calls("/user_busy_times") if c.get("user") == user])


# ---------------------------------------------------------------- 404 for another account's connection
def test_another_accounts_connection_is_404_wherever_it_is_named(accounts_on_calendly, table, event, lambda_context):
    mine = connect(table, ACCOUNT_A)
    assert call(event, lambda_context, KEY_A, "GET", f"/v1/connections/{mine}")[0] == 200
    assert call(event, lambda_context, KEY_B, "GET", f"/v1/connections/{mine}")[0] == 404
    assert call(event, lambda_context, KEY_B, "DELETE", f"/v1/connections/{mine}")[0] == 404
    status, _, body = times(event, lambda_context, KEY_B, connection=mine)
    assert (status, body["title"]) == (404, "Resource Not Found"), body
    status, _, body = call(event, lambda_context, KEY_B, "PUT", "/v1/event_types/team", reading_alice(mine))
    assert (status, body["title"]) == (404, "Resource Not Found"), body
    assert call(event, lambda_context, KEY_B, "GET", "/v1/event_types/team")[0] == 404  # nothing stored
    # A's connection still stands, and A names it everywhere.
    assert call(event, lambda_context, KEY_A, "GET", f"/v1/connections/{mine}")[0] == 200
    assert times(event, lambda_context, KEY_A, connection=mine)[0] == 200
    assert call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/team", reading_alice(mine))[0] == 201


def test_a_provider_event_type_is_read_through_the_accounts_only_connection(
    accounts_on_calendly, table, event, lambda_context
):
    connect(table, ACCOUNT_A)
    status, headers, body = times(event, lambda_context, KEY_A)
    assert (status, headers["X-Cache"]) == (200, "miss"), body
    assert body["collection"]
    assert not body.get("warnings")
    # B has no Calendly connection, and multi-account mode lends no deployment credential: 424.
    status, _, body = times(event, lambda_context, KEY_B)
    assert status == 424, body
    # A second Calendly connection of A: a request the cache cannot answer must name one.
    second = connect(table, ACCOUNT_A)
    status, _, body = times(event, lambda_context, KEY_A, end_time="2030-03-14T00:00:00Z")
    assert status == 400, body
    assert [d["parameter"] for d in body["details"]] == ["connection"]
    assert times(event, lambda_context, KEY_A, end_time="2030-03-14T00:00:00Z", connection=second)[0] == 200


def test_a_connection_that_needs_reauthorization_makes_its_hosts_warnings(
    accounts_on_calendly, table, event, lambda_context
):
    mine = connect(table, ACCOUNT_A)
    assert call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/team", reading_alice(mine))[0] == 201
    connections.mark(account_context(table, ACCOUNT_A), mine, "needs_reauthorization")
    status, _, body = team_times(event, lambda_context, KEY_A)
    assert status == 200, body
    assert [w["participant"] for w in body["warnings"]] == [CONFIG["hosts"][0]["id"]]
    assert all(CONFIG["hosts"][0]["id"] not in [h["id"] for h in s["available_hosts"]] for s in body["collection"])
    # A provider event type read through it: every host unreadable, 424, never a 5xx.
    assert times(event, lambda_context, KEY_A, connection=mine)[0] == 424


# ---------------------------------------------------------------- the host cache, by connection
def test_the_same_calendly_user_through_two_accounts_connections_is_cached_for_each(
    accounts_on_calendly, table, event, lambda_context
):
    a, b = connect(table, ACCOUNT_A), connect(table, ACCOUNT_B)
    for key in (KEY_A, KEY_B):
        assert call(event, lambda_context, key, "PUT", "/v1/event_types/team", reading_alice())[0] == 201
    assert team_times(event, lambda_context, KEY_A)[0] == 200
    after_a = busy_calls(accounts_on_calendly)
    assert after_a > 0
    assert team_times(event, lambda_context, KEY_B)[0] == 200
    assert busy_calls(accounts_on_calendly) > after_a  # B read Alice itself: nothing of A's cache served
    keys = {i["pk"]["S"] for i in table.client.scan(TableName=table.name)["Items"]}
    assert any(k.startswith(f"{ACCOUNT_A}|HOST#calendly@{a}#") for k in keys), keys
    assert any(k.startswith(f"{ACCOUNT_B}|HOST#calendly@{b}#") for k in keys), keys


def test_one_users_data_read_through_two_connections_of_an_account_is_not_shared(
    accounts_on_calendly, table, event, lambda_context
):
    first, second = connect(table, ACCOUNT_A), connect(table, ACCOUNT_A)
    body_first = reading_alice(first)
    body_second = reading_alice(second)
    assert call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/one", body_first)[0] == 201
    assert call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/two", body_second)[0] == 201
    query = {"start_time": TEAM["start_time"], "end_time": TEAM["end_time"]}
    path = "/v1/event_type_available_times"
    assert call(event, lambda_context, KEY_A, "GET", path, query={"event_type": "one", **query})[0] == 200
    read = busy_calls(accounts_on_calendly)
    assert call(event, lambda_context, KEY_A, "GET", path, query={"event_type": "two", **query})[0] == 200
    assert busy_calls(accounts_on_calendly) > read  # the second connection reads for itself


# ---------------------------------------------------------------- webhooks, per connection
def sign(secret: str, body: bytes) -> dict:
    stamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"Calendly-Webhook-Signature": f"t={stamp},v1={digest}"}


def deliver(event, lambda_context, path: str, body: bytes, headers: dict) -> tuple[int, dict]:
    status, _, text = call_handler(
        hooks.lambda_handler,
        event("webhook_calendly"),
        lambda_context,
        method="POST",
        path=path,
        body=body,
        headers={"Host": "127.0.0.1:3000", "Content-Type": "application/json", **headers},
    )
    return status, (json.loads(text) if text else {})


def delivery_naming_alice(event) -> bytes:
    sample = json.loads(event("webhook_calendly")["body"])
    memberships = sample["payload"]["scheduled_event"]["event_memberships"]
    memberships[:] = [{"user": ALICE, "user_email": "alice@example.com"}]
    return json.dumps(sample).encode()


def cached_in_both(event, lambda_context, table) -> tuple[str, str]:
    a, b = connect(table, ACCOUNT_A), connect(table, ACCOUNT_B)
    for key, mine in ((KEY_A, a), (KEY_B, b)):
        assert call(event, lambda_context, key, "PUT", "/v1/event_types/team", reading_alice(mine))[0] == 201
        assert team_times(event, lambda_context, key)[1]["X-Cache"] == "miss"
        assert team_times(event, lambda_context, key)[1]["X-Cache"] == "hit"
    return a, b


def test_a_delivery_through_as_connection_changes_nothing_of_bs(accounts_on_calendly, table, event, lambda_context):
    a, _ = cached_in_both(event, lambda_context, table)
    body = delivery_naming_alice(event)
    secret = connections.webhook_secret(account_context(table, ACCOUNT_A), a)
    status, answer = deliver(event, lambda_context, f"/v1/webhooks/calendly/{a}", body, sign(secret, body))
    assert status == 204, answer
    assert team_times(event, lambda_context, KEY_A)[1]["X-Cache"] == "miss"  # A's answer went stale
    assert team_times(event, lambda_context, KEY_B)[1]["X-Cache"] == "hit"  # B's stays


def test_a_delivery_signed_with_another_connections_secret_or_to_no_connection_is_401(
    accounts_on_calendly, table, event, lambda_context
):
    a, b = cached_in_both(event, lambda_context, table)
    body = delivery_naming_alice(event)
    bs_secret = connections.webhook_secret(account_context(table, ACCOUNT_B), b)
    as_secret = connections.webhook_secret(account_context(table, ACCOUNT_A), a)
    for path, headers in (
        (f"/v1/webhooks/calendly/{a}", sign(bs_secret, body)),  # B's secret at A's connection
        (f"/v1/webhooks/calendly/{a}", sign("not-the-secret", body)),
        (f"/v1/webhooks/calendly/{a}", {}),
        ("/v1/webhooks/calendly/con_" + "x" * 24, sign(as_secret, body)),  # no such connection
        ("/v1/webhooks/calendly/not-an-id", sign(as_secret, body)),
        (f"/v1/webhooks/calcom/{a}", {"X-Cal-Signature-256": hmac.new(as_secret.encode(), body, "sha256").hexdigest()}),
    ):
        status, answer = deliver(event, lambda_context, path, body, headers)
        assert (status, answer.get("title")) == (401, "Unauthenticated"), (path, answer)
    for key in (KEY_A, KEY_B):
        assert team_times(event, lambda_context, key)[1]["X-Cache"] == "hit"  # nothing changed


def test_the_single_account_route_keeps_working(table, calendly, settings, event, lambda_context):
    settings.setenv("WHOFREE_CALENDLY_WEBHOOK_KEY", "calendly-signing-key")
    assert call(event, lambda_context, "any", "PUT", "/v1/event_types/team", reading_alice())[0] == 201
    team_times(event, lambda_context, "any")
    assert team_times(event, lambda_context, "any")[1]["X-Cache"] == "hit"
    body = delivery_naming_alice(event)
    status, _ = deliver(event, lambda_context, "/v1/webhooks/calendly", body, sign("calendly-signing-key", body))
    assert status == 204
    assert team_times(event, lambda_context, "any")[1]["X-Cache"] == "miss"


def test_a_reservation_resolves_the_connection_as_the_times_do(accounts_on_calendly, table, event, lambda_context):
    first = connect(table, ACCOUNT_A)
    slots = [s["start_time"] for s in times(event, lambda_context, KEY_A)[2]["collection"]]
    hold = {"event_type": CALENDLY_TYPE, "start_time": slots[0]}
    status, _, made = call(event, lambda_context, KEY_A, "POST", "/v1/reservations", hold)
    assert status == 201, made
    connect(table, ACCOUNT_A)  # a second Calendly connection: a reservation must name one
    status, _, body = call(event, lambda_context, KEY_A, "POST", "/v1/reservations", hold)
    assert status == 400, body
    assert [d["parameter"] for d in body["details"]] == ["connection"]
    named = {**hold, "start_time": slots[-1], "connection": first}
    status, _, made = call(event, lambda_context, KEY_A, "POST", "/v1/reservations", named)
    assert status == 201, made
    status, _, body = call(event, lambda_context, KEY_B, "POST", "/v1/reservations", {**hold, "connection": first})
    assert status == 404, body


def test_free_busy_reads_through_the_named_connection_and_404s_another_accounts(
    accounts_on_calendly, table, event, lambda_context
):
    mine = connect(table, ACCOUNT_A)
    body = {
        **RANGE,
        "participants": [{"id": "alice", "source": {"provider": "calendly", "user": ALICE, "connection": mine}}],
    }
    status, _, answer = call(event, lambda_context, KEY_A, "POST", "/v1/free_busy", body)
    assert status == 200, answer
    assert answer["collection"][0]["busy"], answer  # Alice's busy 2030-03-11 14:00-15:00, read through A's
    status, _, answer = call(event, lambda_context, KEY_B, "POST", "/v1/free_busy", body)
    assert (status, answer["title"]) == (404, "Resource Not Found"), answer


def test_a_calendly_oauth_connections_deliveries_are_verified_with_the_oauth_apps_key(
    accounts_on_calendly, table, settings, event, lambda_context
):
    from whofree.providers.connect import Grant

    settings.setenv("WHOFREE_CALENDLY_WEBHOOK_KEY", "the-oauth-apps-signing-key")
    grant = Grant("access-calendly-1", 7200, IDENTITY, refresh_token="refresh-calendly-1")
    made = store.create_from_grant(account_context(table, ACCOUNT_A), "calendly", grant)["id"]
    own = store.webhook_secret(account_context(table, ACCOUNT_A), made)
    body = delivery_naming_alice(event)
    path = f"/v1/webhooks/calendly/{made}"
    assert deliver(event, lambda_context, path, body, sign(own, body))[0] == 401
    assert deliver(event, lambda_context, path, body, sign("the-oauth-apps-signing-key", body))[0] == 204


def test_a_connections_nylas_webhook_answers_the_challenge(table, event, lambda_context):
    status, _, text = call_handler(
        hooks.lambda_handler,
        event("webhook_calendly"),
        lambda_context,
        method="GET",
        path="/v1/webhooks/nylas/con_" + "a" * 24,
        query={"challenge": "abc-123"},
        headers={"Host": "127.0.0.1:3000"},
    )
    assert (status, text) == (200, "abc-123")


def test_the_secret_shown_when_connecting_verifies_that_connections_deliveries(
    accounts_on_calendly, table, event, lambda_context, monkeypatch
):
    # A key-based connection is answered, this once, with its webhook url and the secret to subscribe it
    # with at the provider; a delivery signed with it reaches the account, and only it. (The key check
    # against the provider is test_connections.py's: the demo fake Calendly has no /users/me.)
    from whofree.providers import connect as provider_connect

    monkeypatch.setattr(provider_connect, "check_key", lambda *_: IDENTITY)
    status, _, made = call(
        event,
        lambda_context,
        KEY_A,
        "POST",
        "/v1/connections",
        {"provider": "calendly", "personal_access_token": TOKEN},
    )
    assert status == 201, made
    shown = made["resource"]["webhook"]
    assert (
        call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/team", reading_alice(made["resource"]["id"]))[0]
        == 201
    )
    team_times(event, lambda_context, KEY_A)
    assert team_times(event, lambda_context, KEY_A)[1]["X-Cache"] == "hit"
    body = delivery_naming_alice(event)
    path = shown["url"][shown["url"].index("/v1/webhooks/") :]
    assert deliver(event, lambda_context, path, body, sign("not-" + shown["signing_secret"], body))[0] == 401
    assert deliver(event, lambda_context, path, body, sign(shown["signing_secret"], body))[0] == 204
    assert team_times(event, lambda_context, KEY_A)[1]["X-Cache"] == "miss"
    got = call(event, lambda_context, KEY_A, "GET", f"/v1/connections/{made['resource']['id']}")[2]
    assert "webhook" not in got["resource"]


def test_a_webhook_secret_the_provider_made_is_set_by_its_account_only(
    accounts_on_calendly, table, event, lambda_context
):
    # Nylas makes its own secret per webhook destination: the account gives it to whofree (PATCH).
    a, _ = cached_in_both(event, lambda_context, table)
    made_by_provider = "secret-the-provider-made-0123456789abcdef"
    status, _, answer = call(
        event, lambda_context, KEY_B, "PATCH", f"/v1/connections/{a}", {"webhook_secret": made_by_provider}
    )
    assert status == 404, answer  # another account's connection
    old = connections.webhook_secret(account_context(table, ACCOUNT_A), a)
    status, _, answer = call(
        event, lambda_context, KEY_A, "PATCH", f"/v1/connections/{a}", {"webhook_secret": made_by_provider}
    )
    assert status == 200, answer
    assert made_by_provider not in json.dumps(answer)
    body = delivery_naming_alice(event)
    path = f"/v1/webhooks/calendly/{a}"
    assert deliver(event, lambda_context, path, body, sign(old, body))[0] == 401
    assert team_times(event, lambda_context, KEY_A)[1]["X-Cache"] == "hit"
    assert deliver(event, lambda_context, path, body, sign(made_by_provider, body))[0] == 204
    assert team_times(event, lambda_context, KEY_A)[1]["X-Cache"] == "miss"
    status, _, answer = call(event, lambda_context, KEY_A, "PATCH", f"/v1/connections/{a}", {"webhook_secret": "a b"})
    assert status == 400, answer
