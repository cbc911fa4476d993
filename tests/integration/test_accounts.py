"""Accounts (API.md §1, §7): two accounts on DynamoDB Local, through the API handler in multi-account
mode. Each API key's id (``requestContext.identity.apiKeyId``, as API Gateway names it) maps to its
account; another account's id answers 404 exactly like a missing one, and nothing one account stores
(an event type, a hold, a cached answer, an idempotency record, a change version) is ever read for
the other.
"""

from __future__ import annotations

import copy
import json

import pytest

from functions.api import app as api
from tests.helpers import call_handler, context
from tests.integration.test_configured_event_types import CONFIG, TEAM
from whofree import webhooks
from whofree.data import accounts

KEY_A, KEY_B, KEY_NONE = "key-id-a", "key-id-b", "key-id-of-no-account"
ACCOUNT_A, ACCOUNT_B = "acc_aaaaaaaaaaaaaaaa", "acc_bbbbbbbbbbbbbbbb"
SLOT = "2030-03-11T14:00:00Z"  # 10:00 in New York: Ana is busy 10:00-11:00 in the demo team's data


@pytest.fixture
def two_accounts(table, settings):
    settings.setenv("WHOFREE_ACCOUNTS", "multi")
    shared = table.unscoped()
    for key, account in ((KEY_A, ACCOUNT_A), (KEY_B, ACCOUNT_B)):
        accounts.put_account(shared, account, account.upper(), "2026-12-03T00:00:00Z")
        accounts.map_key(shared, key, account)
    return shared


def as_key(event, key: str | None) -> dict:
    sample = copy.deepcopy(event("openapi"))
    identity = sample["requestContext"]["identity"]
    identity.pop("apiKey", None)
    if key is not None:
        identity["apiKeyId"] = key
    return sample


def call(event, lambda_context, key: str | None, method: str, path: str, body=None, query=None, headers=None):
    sample = as_key(event, key)
    merged = {**sample["headers"], **headers} if headers else None
    status, answer_headers, text = call_handler(
        api.lambda_handler, sample, lambda_context, method=method, path=path, body=body, query=query, headers=merged
    )
    return status, answer_headers, (json.loads(text) if text else {})


def times(event, lambda_context, key: str, event_type: str = "team"):
    query = {"event_type": event_type, "start_time": TEAM["start_time"], "end_time": TEAM["end_time"]}
    return call(event, lambda_context, key, "GET", "/v1/event_type_available_times", query=query)


def free_at(body: dict, slot: str) -> list[str] | None:
    found = [s for s in body["collection"] if s["start_time"] == slot]
    return [h["id"] for h in found[0]["available_hosts"]] if found else None


def without_ana_busy() -> dict:
    """The demo team, with Ana free at 10:00 New York (another account's version of "team")."""
    config = copy.deepcopy(CONFIG)
    config["hosts"][0].pop("busy")
    return config


def test_a_key_of_no_account_is_401_on_every_keyed_route(two_accounts, event, lambda_context):
    for key in (KEY_NONE, None):
        for method, path, body, query in (
            ("POST", "/v1/availability", TEAM, None),
            ("GET", "/v1/event_types", None, None),
            ("GET", "/v1/event_types/team", None, None),
            ("PUT", "/v1/event_types/team", CONFIG, None),
            ("GET", "/v1/event_type_available_times", None, {"event_type": "team", **TEAM_RANGE}),
            ("POST", "/v1/reservations", {"event_type": "team", "start_time": SLOT}, None),
        ):
            status, _, body_out = call(event, lambda_context, key, method, path, body, query)
            assert status == 401, (key, method, path, body_out)
            assert body_out["title"] == "Unauthenticated"


TEAM_RANGE = {"start_time": TEAM["start_time"], "end_time": TEAM["end_time"]}


def test_single_mode_serves_one_account_whatever_the_key(table, event, lambda_context):
    assert call(event, lambda_context, "any-key", "PUT", "/v1/event_types/team", CONFIG)[0] == 201
    assert call(event, lambda_context, "another-key", "GET", "/v1/event_types/team")[0] == 200
    assert call(event, lambda_context, None, "GET", "/v1/event_types/team")[0] == 200


def test_another_accounts_event_type_is_404_by_every_route(two_accounts, event, lambda_context):
    assert call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/team", CONFIG)[0] == 201
    assert call(event, lambda_context, KEY_B, "GET", "/v1/event_types/team")[0] == 404
    assert times(event, lambda_context, KEY_B)[0] == 404
    assert call(event, lambda_context, KEY_B, "DELETE", "/v1/event_types/team")[0] == 404
    hold = {"event_type": "team", "start_time": "2030-03-11T15:00:00Z"}
    assert call(event, lambda_context, KEY_B, "POST", "/v1/reservations", hold)[0] == 404
    assert call(event, lambda_context, KEY_B, "GET", "/v1/event_types")[2]["collection"] == []
    # PUT over A's id makes B's own event type, and A's stays as it was.
    status, _, made = call(event, lambda_context, KEY_B, "PUT", "/v1/event_types/team", {**CONFIG, "name": "B's"})
    assert status == 201
    assert made["resource"]["created_at"] == made["resource"]["updated_at"]
    assert call(event, lambda_context, KEY_A, "GET", "/v1/event_types/team")[2]["resource"]["name"] == "Team sync"
    assert [e["id"] for e in call(event, lambda_context, KEY_A, "GET", "/v1/event_types")[2]["collection"]] == ["team"]


def test_another_accounts_reservation_is_404(two_accounts, event, lambda_context):
    assert call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/team", CONFIG)[0] == 201
    status, _, made = call(
        event,
        lambda_context,
        KEY_A,
        "POST",
        "/v1/reservations",
        {"event_type": "team", "start_time": "2030-03-11T15:00:00Z"},
    )
    assert status == 201, made
    uid = made["resource"]["uid"]
    assert call(event, lambda_context, KEY_B, "DELETE", f"/v1/reservations/{uid}")[0] == 404
    assert call(event, lambda_context, KEY_A, "DELETE", f"/v1/reservations/{uid}")[0] == 204


def test_one_event_type_id_in_two_accounts_answers_each_its_own_slots(two_accounts, event, lambda_context):
    assert call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/team", CONFIG)[0] == 201
    assert call(event, lambda_context, KEY_B, "PUT", "/v1/event_types/team", without_ana_busy())[0] == 201
    status, _, a = times(event, lambda_context, KEY_A)
    assert status == 200
    status, _, b = times(event, lambda_context, KEY_B)
    assert status == 200
    assert free_at(a, SLOT) is None  # Ana, whom every slot needs, is busy at 10:00 in A's data
    assert "ana@example.com" in free_at(b, SLOT)


def test_a_cached_answer_is_never_served_to_another_account(two_accounts, event, lambda_context):
    assert call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/team", CONFIG)[0] == 201
    assert times(event, lambda_context, KEY_A)[1]["X-Cache"] == "miss"
    status, headers, a = times(event, lambda_context, KEY_A)
    assert (status, headers["X-Cache"]) == (200, "hit")
    assert call(event, lambda_context, KEY_B, "PUT", "/v1/event_types/team", without_ana_busy())[0] == 201
    status, headers, b = times(event, lambda_context, KEY_B)
    assert (status, headers["X-Cache"]) == (200, "miss")
    assert free_at(a, SLOT) is None
    assert "ana@example.com" in free_at(b, SLOT)


def test_a_change_in_one_account_changes_nothing_of_the_other(two_accounts, table, event, lambda_context):
    for key in (KEY_A, KEY_B):
        assert call(event, lambda_context, key, "PUT", "/v1/event_types/team", CONFIG)[0] == 201
        times(event, lambda_context, key)
        assert times(event, lambda_context, key)[1]["X-Cache"] == "hit"
    # What a verified delivery of account A does (whofree.webhooks.invalidate over A's table): Ana
    # changed, in A.
    a_table = context(table.unscoped().scoped(ACCOUNT_A)).table
    webhooks.invalidate(a_table, set(), {"ana@example.com"})
    assert times(event, lambda_context, KEY_A)[1]["X-Cache"] == "miss"
    assert times(event, lambda_context, KEY_B)[1]["X-Cache"] == "hit"


def test_an_idempotency_key_is_the_accounts_own(two_accounts, event, lambda_context):
    for key in (KEY_A, KEY_B):
        assert call(event, lambda_context, key, "PUT", "/v1/event_types/team", CONFIG)[0] == 201
    body = {"event_type": "team", "start_time": "2030-03-11T15:00:00Z"}
    retry = {"Idempotency-Key": "same-key"}
    status_a, _, first_a = call(event, lambda_context, KEY_A, "POST", "/v1/reservations", body, headers=retry)
    status_b, _, first_b = call(event, lambda_context, KEY_B, "POST", "/v1/reservations", body, headers=retry)
    assert (status_a, status_b) == (201, 201)
    assert first_a["resource"]["uid"] != first_b["resource"]["uid"]  # B's own hold, not A's replayed
    again_b = call(event, lambda_context, KEY_B, "POST", "/v1/reservations", body, headers=retry)[2]
    assert again_b == first_b


def test_every_record_of_an_account_is_behind_its_prefix(two_accounts, table, event, lambda_context):
    call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/team", CONFIG)
    times(event, lambda_context, KEY_A)
    call(
        event,
        lambda_context,
        KEY_A,
        "POST",
        "/v1/reservations",
        {"event_type": "team", "start_time": "2030-03-11T15:00:00Z"},
    )
    items = table.client.scan(TableName=table.name)["Items"]
    keys = {i["pk"]["S"] for i in items}
    assert any(k.startswith(f"{ACCOUNT_A}|EVENT_TYPE") for k in keys)
    assert any(k.startswith(f"{ACCOUNT_A}|HOLD#") for k in keys)
    assert any(k.startswith(f"{ACCOUNT_A}|ANSWER#") for k in keys)
    unscoped = sorted(k for k in keys if "|" not in k)
    assert set(unscoped) <= {accounts.ACCOUNT, accounts.APIKEY}, unscoped
