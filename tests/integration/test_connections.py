"""Connections (API.md §7) through the API handler, against DynamoDB Local and fakes of the providers'
key checks and OAuth endpoints (tests/fakes/connect.py): keys checked first, OAuth flows for Calendly,
Google and Microsoft, the state's protections, refresh (rotation, refusal, concurrency), revocation, and
secrets that are ciphertext at rest and in no log line."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl, urlsplit

import pytest

from functions.api import app as api
from tests.fakes.connect import CLIENT_SECRET, FakeConnect
from tests.helpers import call_handler
from whofree import connections
from whofree import settings as whofree_settings
from whofree.connections import NeedsReauthorization, oauth, store
from whofree.context import Runtime
from whofree.data import connections as records
from whofree.errors import InvalidArgument, NotFound

REDIRECT = "https://app.example.com/connected?from=whofree"
HEADERS = {"Host": "whofree.example.com", "X-Forwarded-Proto": "https", "Content-Type": "application/json"}
# Every secret the tests hand whofree or the fakes hand back: none may be stored or logged in clear.
PLAINTEXT = ["cal_live_fake_key_1", "pat-fake-1", "nyk-us-1", "nyk-eu-1", "access-", "refresh-", CLIENT_SECRET]


@pytest.fixture
def fake(table, settings, tmp_path):
    server = FakeConnect()
    server.serve()
    for name, value in server.settings().items():
        settings.setenv(name, value)
    settings.setenv("WHOFREE_LOCAL_KEY_FILE", str(tmp_path / "connections.key"))
    yield server
    server.stop()


def call(event, lambda_context, method: str, path: str, body=None, query=None, headers=HEADERS):
    return call_handler(
        api.lambda_handler,
        event("openapi"),
        lambda_context,
        method=method,
        path=path,
        body=body,
        query=query,
        path_params=None,
        headers=headers,
    )


def context(table, account: str = "default", at: float | None = None):
    """A context of ``account`` (``table``: the fixture's, scoped to the default account)."""
    clock = time.time if at is None else (lambda: at)
    runtime = Runtime(whofree_settings.load(), lambda rt: table.unscoped().with_clock(rt.clock), clock)
    return runtime.context(10.0, account)


def connect_oauth(event, lambda_context, fake, provider: str, **visit) -> tuple[int, str]:
    """The whole flow: POST /v1/connections/oauth, the user at the provider, the callback."""
    reply = call(
        event, lambda_context, "POST", "/v1/connections/oauth", {"provider": provider, "redirect_uri": REDIRECT}
    )
    assert reply.status == 201, reply.body
    url = reply.json()["resource"]["authorization_url"]
    back = urlsplit(fake.visit(url, **visit))
    assert back.path == f"/v1/oauth/{provider}/callback"
    answer = call(event, lambda_context, "GET", back.path, query=dict(parse_qsl(back.query)), headers={})
    return answer.status, answer.headers.get("Location", answer.body)


def returned(location: str) -> dict[str, str]:
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://app.example.com/connected"
    return dict(parse_qsl(parts.query))


# ---------------------------------------------------------------- keys
@pytest.mark.parametrize(
    ("body", "identity"),
    [
        ({"provider": "calcom", "api_key": "cal_live_fake_key_1"}, {"user_id": 42, "email": "owner@example.com"}),
        (
            {"provider": "calendly", "personal_access_token": "pat-fake-1"},
            {"user": "https://api.calendly.com/users/U1", "organization": "https://api.calendly.com/organizations/O1"},
        ),
        ({"provider": "nylas", "api_key": "nyk-eu-1", "region": "eu"}, {"application_id": "app-eu", "region": "eu"}),
    ],
)
def test_a_key_is_checked_then_stored(fake, table, event, lambda_context, body, identity):
    reply = call(event, lambda_context, "POST", "/v1/connections", body)
    assert reply.status == 201, reply.body
    resource = reply.json()["resource"]
    assert resource["provider"] == body["provider"]
    assert resource["status"] == "active"
    assert identity.items() <= resource["identity"].items()
    assert resource["id"].startswith("con_")
    shown = resource.pop("webhook", None)  # this once: where and with which secret to subscribe webhooks
    assert set(resource) == {"id", "provider", "status", "identity", "created_at"}
    got = call(event, lambda_context, "GET", f"/v1/connections/{resource['id']}")
    assert got.json() == {"resource": resource}
    if body["provider"] == "nylas":
        assert shown is None  # Nylas makes its own secret per destination
    else:
        assert shown["url"].endswith(f"/v1/webhooks/{body['provider']}/{resource['id']}")
        assert shown["signing_secret"] == connections.webhook_secret(context(table), resource["id"])
        assert shown["signing_secret"] not in got.body
    secret = body.get("api_key") or body["personal_access_token"]
    assert secret not in got.body
    given = connections.access(context(table), body["provider"], resource["id"])
    assert (given.token, given.region) == (secret, body.get("region"))
    index = table.unscoped().get("CONNECTION", resource["id"], consistent=True)
    assert (index["account"], index["provider"]) == ("default", body["provider"])
    ctx = context(table)
    assert connections.owner(ctx.runtime, resource["id"]) == ("default", body["provider"])
    assert len(connections.webhook_secret(ctx, resource["id"])) == 64
    assert connections.owner(ctx.runtime, "con_nonexistentnonexistent00") is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"provider": "calcom", "api_key": "cal_live_wrong"}, "api_key"),
        ({"provider": "calendly", "personal_access_token": "pat-wrong"}, "personal_access_token"),
        ({"provider": "nylas", "api_key": "nyk-us-1", "region": "eu"}, "api_key"),  # a US key in the EU
    ],
)
def test_a_refused_key_is_400_naming_the_field(fake, table, event, lambda_context, body, field):
    reply = call(event, lambda_context, "POST", "/v1/connections", body)
    assert reply.status == 400
    assert [d["parameter"] for d in reply.json()["details"]] == [field]
    assert table.query_all(records.PK) == []


def test_a_failing_provider_is_424_and_nothing_stored(fake, table, event, lambda_context):
    fake.failing = True
    reply = call(
        event, lambda_context, "POST", "/v1/connections", {"provider": "calcom", "api_key": "cal_live_fake_key_1"}
    )
    assert (reply.status, reply.json()["title"]) == (424, "External Calendar Error")
    assert table.query_all(records.PK) == []


def test_bad_bodies_are_400(fake, event, lambda_context):
    for body in (
        {"provider": "google", "api_key": "x"},
        {"provider": "calcom"},
        {"provider": "calcom", "api_key": "x", "extra": 1},
        {"provider": "nylas", "api_key": "x", "region": "ap"},
    ):
        assert call(event, lambda_context, "POST", "/v1/connections", body).status == 400, body
    for redirect in ("http://app.example.com/x", "https://app.example.com/x#frag", "https://user:pw@app.example.com/"):
        body = {"provider": "google", "redirect_uri": redirect}
        assert call(event, lambda_context, "POST", "/v1/connections/oauth", body).status == 400, redirect


def test_list_pages_get_and_delete(fake, table, event, lambda_context):
    made = []
    for _ in range(3):
        reply = call(
            event, lambda_context, "POST", "/v1/connections", {"provider": "calcom", "api_key": "cal_live_fake_key_1"}
        )
        made.append(reply.json()["resource"]["id"])
    seen, token = [], None
    while True:
        query = {"count": "2"} | ({"page_token": token} if token else {})
        page = call(event, lambda_context, "GET", "/v1/connections", query=query).json()
        seen += [c["id"] for c in page["collection"]]
        token = page["pagination"]["next_page_token"]
        if token is None:
            break
    assert seen == sorted(made)
    assert call(event, lambda_context, "GET", "/v1/connections", query={"page_token": "junk"}).status == 400
    assert call(event, lambda_context, "DELETE", f"/v1/connections/{made[0]}").status == 204
    assert call(event, lambda_context, "GET", f"/v1/connections/{made[0]}").status == 404
    assert call(event, lambda_context, "DELETE", f"/v1/connections/{made[0]}").status == 404
    assert table.unscoped().get("CONNECTION", made[0], consistent=True) is None
    assert call(event, lambda_context, "GET", "/v1/connections/con_nonexistentnonexistent00").status == 404
    assert call(event, lambda_context, "GET", "/v1/connections/not-an-id").status == 404


def test_another_accounts_connection_is_not_found(fake, table):
    mine = store.create_with_key(context(table, "acme"), "calcom", "cal_live_fake_key_1")
    mine.pop("webhook")  # shown only when made
    other = context(table, "globex")
    with pytest.raises(NotFound):
        store.get(other, mine["id"])
    with pytest.raises(NotFound):
        store.delete(other, mine["id"])
    with pytest.raises(NotFound):
        connections.access(other, "calcom", mine["id"])
    assert store.page(other, 10, None) == ([], None)
    assert store.get(context(table, "acme"), mine["id"]) == mine


def test_access_without_an_id(fake, table, settings):
    assert connections.access(context(table), "calcom", None) is None  # single: the deployment's keys
    settings.setenv("WHOFREE_ACCOUNTS", "multi")
    acme = context(table, "acme")
    with pytest.raises(connections.NoConnection):
        connections.access(acme, "calcom", None)
    store.create_with_key(acme, "calcom", "cal_live_fake_key_1")
    assert connections.access(acme, "calcom", None).token == "cal_live_fake_key_1"
    store.create_with_key(acme, "calcom", "cal_live_fake_key_1")
    with pytest.raises(InvalidArgument):
        connections.access(acme, "calcom", None)


def test_a_sealed_secret_opens_only_in_its_own_record(fake, table):
    from whofree.connections import crypto

    acme = context(table, "acme")
    first = store.create_with_key(acme, "calcom", "cal_live_fake_key_1")
    second = store.create_with_key(acme, "calcom", "cal_live_fake_key_1")
    sealed = table.unscoped().scoped("acme").get(records.PK, first["id"], consistent=True)["secrets"]
    with pytest.raises(crypto.SealedError):
        crypto.unseal(acme, second["id"], "secrets", bytes(sealed))
    with pytest.raises(crypto.SealedError):
        crypto.unseal(context(table, "globex"), first["id"], "secrets", bytes(sealed))


# ---------------------------------------------------------------- OAuth flows
def test_calendly_oauth_then_rotating_refresh(fake, table, event, lambda_context):
    status, location = connect_oauth(event, lambda_context, fake, "calendly")
    assert status == 302
    ident = returned(location)["connection"]
    resource = call(event, lambda_context, "GET", f"/v1/connections/{ident}").json()["resource"]
    assert resource["identity"] == {
        "user": "https://api.calendly.com/users/U1",
        "organization": "https://api.calendly.com/organizations/O1",
    }
    first = connections.access(context(table), "calendly", ident).token
    assert fake.access_tokens[first] == "calendly"
    assert fake.refreshes == 0
    later = context(table, at=time.time() + 7200)  # the access token has expired
    second = connections.access(later, "calendly", ident).token
    assert second != first
    assert fake.refreshes == 1
    assert connections.access(later, "calendly", ident).token == second  # stored: no second refresh
    assert fake.refreshes == 1
    live = [t for t, p in fake.refresh_tokens.items() if p == "calendly"]
    fake.failing = True  # Calendly cannot be reached to revoke: 424, nothing erased
    assert call(event, lambda_context, "DELETE", f"/v1/connections/{ident}").status == 424
    assert call(event, lambda_context, "GET", f"/v1/connections/{ident}").status == 200
    fake.failing = False
    assert call(event, lambda_context, "DELETE", f"/v1/connections/{ident}").status == 204
    assert fake.revoked == live  # the current (rotated) refresh token was revoked at Calendly
    assert call(event, lambda_context, "GET", f"/v1/connections/{ident}").status == 404


def test_google_offline_access_identity_refresh_and_revoke(fake, table, event, lambda_context):
    _status, location = connect_oauth(event, lambda_context, fake, "google")
    ident = returned(location)["connection"]
    resource = call(event, lambda_context, "GET", f"/v1/connections/{ident}").json()["resource"]
    assert resource["identity"] == {"email": "ada@example.com", "sub": "1001"}
    token = connections.access(context(table, at=time.time() + 3600), "google", ident).token
    assert fake.access_tokens[token] == "google"
    assert fake.refreshes == 1
    live = [t for t, p in fake.refresh_tokens.items() if p == "google"]
    assert call(event, lambda_context, "DELETE", f"/v1/connections/{ident}").status == 204
    assert fake.revoked == live  # the refresh token was revoked at Google
    assert table.query_all(records.PK) == []


def test_microsoft_admin_consent_then_app_only_tokens(fake, table, event, lambda_context):
    _status, location = connect_oauth(event, lambda_context, fake, "microsoft", tenant="contoso.onmicrosoft.com")
    ident = returned(location)["connection"]
    resource = call(event, lambda_context, "GET", f"/v1/connections/{ident}").json()["resource"]
    assert resource["identity"] == {"tenant": "contoso.onmicrosoft.com"}
    given = connections.access(context(table), "microsoft", ident)
    assert fake.access_tokens[given.token] == "microsoft"
    assert given.tenant == "contoso.onmicrosoft.com"
    fake.consented.clear()  # the tenant's admin removed the app
    with pytest.raises(NeedsReauthorization):
        connections.access(context(table), "microsoft", ident)
    assert store.get(context(table), ident)["status"] == "needs_reauthorization"


def test_a_user_who_refuses_is_sent_back_with_the_error(fake, table, event, lambda_context):
    status, location = connect_oauth(event, lambda_context, fake, "calendly", deny=True)
    assert (status, returned(location)) == (302, {"from": "whofree", "error": "access_denied"})
    assert table.query_all(records.PK) == []


def test_a_code_the_provider_refuses_is_sent_back_as_an_error(fake, table, event, lambda_context):
    reply = call(
        event, lambda_context, "POST", "/v1/connections/oauth", {"provider": "google", "redirect_uri": REDIRECT}
    )
    back = urlsplit(fake.visit(reply.json()["resource"]["authorization_url"]))
    query = dict(parse_qsl(back.query)) | {"code": "code-never-issued"}
    answer = call(event, lambda_context, "GET", back.path, query=query, headers={})
    assert answer.status == 302
    assert returned(answer.headers["Location"])["error"] == "authorization_refused"


# ---------------------------------------------------------------- the state's protections
def refused(attempt, why: str) -> None:
    """``attempt()`` is a 400 about the state, saying ``why``."""
    with pytest.raises(InvalidArgument) as caught:
        attempt()
    assert [d.parameter for d in caught.value.details] == ["state"]
    assert why in caught.value.details[0].message


def _started(fake, table, provider: str = "calendly", at: float | None = None) -> tuple[str, str]:
    """An authorization URL's state, and the callback query the provider sends back."""
    made = oauth.start(context(table, at=at), provider, REDIRECT, "https://whofree.example.com")
    back = urlsplit(fake.visit(made["authorization_url"]))
    query = dict(parse_qsl(back.query))
    return query["state"], back.query


def _callback(table, provider: str, query: dict, at: float | None = None) -> str:
    return oauth.callback(context(table, at=at), provider, query)


def test_a_forged_or_altered_state_is_400(fake, table):
    state, query = _started(fake, table)
    payload, _, mac = state.partition(".")
    altered = json.loads(oauth._unb64(payload)) | {"r": "https://evil.example.com/"}
    forged = oauth._b64(json.dumps(altered, separators=(",", ":")).encode()) + "." + mac
    for bad in (forged, payload + "." + oauth._b64(b"x" * 32), "", "junk", "a.b.c"):
        with pytest.raises(InvalidArgument) as caught:
            _callback(table, "calendly", dict(parse_qsl(query)) | {"state": bad})
        assert caught.value.details[0].parameter == "state"
    assert "connection" in returned(_callback(table, "calendly", dict(parse_qsl(query))))  # the real one works


def test_a_state_is_used_once(fake, table):
    _, query = _started(fake, table)
    assert "connection" in returned(_callback(table, "calendly", dict(parse_qsl(query))))
    refused(lambda: _callback(table, "calendly", dict(parse_qsl(query))), "used already")


def test_a_state_expires_after_ten_minutes(fake, table):
    issued = time.time()
    _, query = _started(fake, table, at=issued)
    refused(lambda: _callback(table, "calendly", dict(parse_qsl(query)), at=issued + 601), "has expired")
    assert "connection" in returned(_callback(table, "calendly", dict(parse_qsl(query)), at=issued + 599))


def test_a_nonce_record_past_its_expiry_is_refused(fake, table):
    state, query = _started(fake, table)
    nonce = json.loads(oauth._unb64(state.partition(".")[0]))["n"]
    table.unscoped().set(records.STATE, nonce, {"expires_at": int(time.time()) - 1})  # what the payload says aside
    refused(lambda: _callback(table, "calendly", dict(parse_qsl(query))), "used already")


def test_a_state_is_bound_to_its_redirect_uri_account_and_provider(fake, table):
    """A state signed with the right key (as if the key leaked, or a MAC bug) but naming another
    redirect_uri or account than the one its nonce was stored for is refused."""
    state, query = _started(fake, table)
    fields = json.loads(oauth._unb64(state.partition(".")[0]))
    ctx = context(table)
    for change in ({"r": "https://evil.example.com/"}, {"a": "globex"}):
        moved = oauth.State(
            fields["n"],
            change.get("a", fields["a"]),
            fields["p"],
            change.get("r", fields["r"]),
            fields["c"],
            fields["e"],
        )
        signed = {"state": oauth._sign(ctx, moved)}
        refused(lambda signed=signed: _callback(table, "calendly", dict(parse_qsl(query)) | signed), "used already")
    refused(lambda: _callback(table, "google", dict(parse_qsl(query))), "another provider")
    assert "connection" in returned(_callback(table, "calendly", dict(parse_qsl(query))))


def test_a_bad_state_over_http_is_400_not_a_redirect(fake, event, lambda_context):
    answer = call(
        event, lambda_context, "GET", "/v1/oauth/calendly/callback", query={"state": "x", "code": "y"}, headers={}
    )
    assert answer.status == 400
    assert "Location" not in answer.headers
    assert call(event, lambda_context, "GET", "/v1/oauth/zoom/callback", query={}, headers={}).status == 404


# ---------------------------------------------------------------- refresh: refusal and concurrency
def test_a_refused_refresh_needs_reauthorization(fake, table, event, lambda_context):
    for provider in ("calendly", "google"):
        _, location = connect_oauth(event, lambda_context, fake, provider)
        ident = returned(location)["connection"]
        fake.revoke_all(provider)  # the user revoked whofree at the provider
        with pytest.raises(NeedsReauthorization):
            connections.access(context(table, at=time.time() + 7200), provider, ident)
        resource = call(event, lambda_context, "GET", f"/v1/connections/{ident}").json()["resource"]
        assert resource["status"] == "needs_reauthorization"
        with pytest.raises(NeedsReauthorization):  # no further call to the provider
            connections.access(context(table, at=time.time() + 7200), provider, ident)


def test_twenty_concurrent_refreshes_spend_the_refresh_token_once(fake, table, event, lambda_context):
    _, location = connect_oauth(event, lambda_context, fake, "calendly")
    ident = returned(location)["connection"]
    fake.refresh_delay = 0.3
    later = time.time() + 7200

    def one(_: int) -> str:  # each its own runtime: as many functions, one table
        return connections.access(context(table, at=later), "calendly", ident).token

    with ThreadPoolExecutor(max_workers=20) as pool:
        tokens = set(pool.map(one, range(20)))
    assert fake.refreshes == 1
    assert len(tokens) == 1
    assert fake.access_tokens[next(iter(tokens))] == "calendly"
    assert store.get(context(table), ident)["status"] == "active"
    assert table.get(records.PK, ident, consistent=True)["version"] == 2


# ---------------------------------------------------------------- ciphertext only, no secret in a log
def test_the_table_holds_only_ciphertext_and_no_log_line_a_secret(fake, table, event, lambda_context, capsys, caplog):
    for body in (
        {"provider": "calcom", "api_key": "cal_live_fake_key_1"},
        {"provider": "calendly", "personal_access_token": "pat-fake-1"},
        {"provider": "nylas", "api_key": "nyk-us-1"},
        {"provider": "calcom", "api_key": "cal_live_wrong"},
    ):
        call(event, lambda_context, "POST", "/v1/connections", body)
    for provider in ("calendly", "google", "microsoft"):
        _, location = connect_oauth(event, lambda_context, fake, provider)
        connections.access(context(table, at=time.time() + 7200), provider, returned(location)["connection"])
    ctx = context(table)
    signing = {connections.webhook_secret(ctx, c["id"]) for c in store.page(ctx, 100, None)[0]}
    issued = {*fake.access_tokens, *fake.refresh_tokens, *signing}
    assert len(signing) == 6
    raw = table.client.scan(TableName=table.name)["Items"]
    assert len(raw) >= 8
    dump = json.dumps(raw, default=lambda b: b.decode("latin-1"))
    for secret in [*PLAINTEXT, *issued, "cal_live_wrong"]:
        assert secret not in dump, secret
    logged = capsys.readouterr().out + capsys.readouterr().err + caplog.text
    assert "connection created" in logged  # the log was captured
    for secret in [*PLAINTEXT, *issued, "cal_live_wrong"]:
        assert secret not in logged, secret


# ---------------------------------------------------------------- accounts (multi-account mode)
def test_each_account_sees_only_its_own_connections_and_the_callback_needs_no_key(
    fake, table, event, lambda_context, settings
):
    import copy

    from whofree.data import accounts

    settings.setenv("WHOFREE_ACCOUNTS", "multi")
    shared = table.unscoped()
    for key, account in (("key-a", "acc_a"), ("key-b", "acc_b")):
        accounts.put_account(shared, account, account.upper(), "2026-12-03T00:00:00Z")
        accounts.map_key(shared, key, account)

    def as_key(key: str | None, method: str, path: str, body=None, query=None, headers=HEADERS):
        sample = copy.deepcopy(event("openapi"))
        sample["requestContext"]["identity"].pop("apiKey", None)
        if key is not None:
            sample["requestContext"]["identity"]["apiKeyId"] = key
        return call_handler(
            api.lambda_handler,
            sample,
            lambda_context,
            method=method,
            path=path,
            body=body,
            query=query,
            headers=headers,
        )

    made = as_key("key-a", "POST", "/v1/connections", {"provider": "calcom", "api_key": "cal_live_fake_key_1"})
    mine = made.json()["resource"]["id"]
    started = as_key("key-a", "POST", "/v1/connections/oauth", {"provider": "calendly", "redirect_uri": REDIRECT})
    back = urlsplit(fake.visit(started.json()["resource"]["authorization_url"]))
    landed = as_key(None, "GET", back.path, query=dict(parse_qsl(back.query)), headers={})  # no API key
    assert landed.status == 302
    oauth_made = returned(landed.headers["Location"])["connection"]
    listed = as_key("key-a", "GET", "/v1/connections").json()["collection"]
    assert sorted(c["id"] for c in listed) == sorted([mine, oauth_made])
    assert as_key("key-b", "GET", "/v1/connections").json()["collection"] == []
    first = as_key("key-a", "GET", "/v1/connections", query={"count": "1"}).json()["pagination"]["next_page_token"]
    assert as_key("key-b", "GET", "/v1/connections", query={"page_token": first}).status == 400  # A's token
    for ident in (mine, oauth_made):
        assert as_key("key-b", "GET", f"/v1/connections/{ident}").status == 404
        assert as_key("key-b", "DELETE", f"/v1/connections/{ident}").status == 404
        assert as_key("key-a", "GET", f"/v1/connections/{ident}").status == 200
        assert shared.get("CONNECTION", ident, consistent=True)["account"] == "acc_a"
    assert as_key(None, "GET", "/v1/connections").status == 401
