"""Subscriptions (API.md §8) end to end, locally: the API function's routes against DynamoDB Local,
changes queued on moto's SQS server, the sender function called as the SQS event source mapping calls
it (scripts/local_queue.py), and a receiver: a tiny HTTP server on 127.0.0.1 (loopback is allowed
only through WHOFREE_SUBSCRIPTIONS_ALLOW_LOOPBACK, which these tests set, as the ICS tests set theirs).

Retries are immediate here (WHOFREE_SUBSCRIPTIONS_RETRY_SECONDS=0): the backoff's delays are in the
unit tests; what these check is what SQS does with them (redelivery, the redrive to the DLQ).
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import hmac
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scripts import local_queue
from tests.helpers import call_handler
from tests.integration.test_configured_event_types import CONFIG, put
from whofree import runtime, sender, subscriptions
from whofree import settings as whofree_settings
from whofree.context import DEFAULT_ACCOUNT
from whofree.data import subscriptions as records

pytestmark = pytest.mark.security


class Receiver:
    """Records every POST (headers, body); answers ``statuses`` in turn, then 200."""

    def __init__(self, statuses: list[int] | None = None, always: int | None = None) -> None:
        self.requests: list[tuple[dict, bytes]] = []
        self.statuses = list(statuses or [])
        self.always = always
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.always or (receiver.statuses.pop(0) if receiver.statuses else 200)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def events(self) -> list[dict]:
        return [json.loads(body) for _, body in self.requests]


@pytest.fixture(scope="session")
def sqs_endpoint():
    server, endpoint = local_queue.start_server()
    yield endpoint
    server.stop()


@pytest.fixture
def queue(table, sqs_endpoint, monkeypatch, settings):
    """A fresh queue and dead-letter queue (the template's redrive), with whofree pointed at them."""
    sqs = local_queue.client(sqs_endpoint)
    queue_url, dead_url = local_queue.create_queues(sqs, sender.MAX_RECEIVES, prefix="t")
    monkeypatch.setenv("AWS_ENDPOINT_URL_SQS", sqs_endpoint)
    settings.setenv("WHOFREE_SUBSCRIPTIONS_RETRY_SECONDS", "0")
    settings.setenv("WHOFREE_SUBSCRIPTIONS_ALLOW_LOOPBACK", "true")
    settings.setenv("WHOFREE_SUBSCRIPTIONS_QUEUE_URL", queue_url)

    class Queue:
        url, dead = queue_url, dead_url
        client = sqs

        def deliver(self, rounds: int = 100) -> int:
            """Run the sender until the queue is empty; how many invocations."""
            from functions.subscriptions import app as function

            for n in range(rounds):
                if not local_queue.poll_once(sqs, queue_url, function.lambda_handler):
                    return n
            raise AssertionError("the queue never emptied")

        def count(self, url: str) -> int:
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
            names = (
                "ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible",
                "ApproximateNumberOfMessagesDelayed",
            )
            return sum(int(attributes[n]) for n in names)

        def dead_letters(self) -> list[dict]:
            answer = sqs.receive_message(QueueUrl=dead_url, MaxNumberOfMessages=10, AttributeNames=["All"])
            return answer.get("Messages", [])

    return Queue()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def call(event, context, method: str, path: str, body=None, query=None) -> tuple[int, dict]:
    from functions.api import app as api

    status, _, text = call_handler(
        api.lambda_handler,
        event("openapi"),
        context,
        method=method,
        path=path,
        body=body,
        query=query,
        path_params=None,
    )
    return status, json.loads(text) if text else {}


def subscribe(event, context, url: str, event_types: list[str]) -> tuple[int, dict]:
    return call(event, context, "POST", "/v1/subscriptions", {"url": url, "event_types": event_types})


def verify(secret: str, headers: dict, body: bytes) -> None:
    """The receiver's side of §8: t and v1 from Whofree-Signature, v1 = HMAC-SHA256(secret, "t.body")."""
    parts = dict(p.split("=", 1) for p in headers["Whofree-Signature"].split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)


# ---------------------------------------------------------------- the routes


def test_create_read_list_delete(queue, event, lambda_context):
    status, body = subscribe(event, lambda_context, "https://hooks.example.com/whofree", ["team", "calcom:42", "team"])
    assert status == 201
    created = body["resource"]
    assert set(created) == {"id", "url", "event_types", "secret", "created_at"}
    assert created["event_types"] == ["team", "calcom:42"]
    assert created["secret"].startswith("whsec_")
    status, body = call(event, lambda_context, "GET", f"/v1/subscriptions/{created['id']}")
    assert status == 200
    assert body["resource"] == {k: v for k, v in created.items() if k != "secret"}  # the secret is shown once
    for n in range(2):
        subscribe(event, lambda_context, f"https://hooks.example.com/{n}", ["team"])
    status, page = call(event, lambda_context, "GET", "/v1/subscriptions", query={"count": "2"})
    assert status == 200
    assert page["pagination"]["count"] == 2
    assert page["pagination"]["next_page_token"]
    assert all("secret" not in s for s in page["collection"])
    token = page["pagination"]["next_page_token"]
    status, rest = call(event, lambda_context, "GET", "/v1/subscriptions", query={"count": "2", "page_token": token})
    assert status == 200
    assert rest["pagination"]["next_page_token"] is None
    ids = [s["id"] for s in page["collection"] + rest["collection"]]
    assert sorted(ids) == ids
    assert len(set(ids)) == 3
    assert created["id"] in ids
    assert call(event, lambda_context, "DELETE", f"/v1/subscriptions/{created['id']}")[0] == 204
    assert call(event, lambda_context, "DELETE", f"/v1/subscriptions/{created['id']}")[0] == 404
    assert call(event, lambda_context, "GET", f"/v1/subscriptions/{created['id']}")[0] == 404
    assert call(event, lambda_context, "GET", "/v1/subscriptions/not-an-id")[0] == 404
    assert call(event, lambda_context, "GET", "/v1/subscriptions", query={"colour": "red"})[0] == 400


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.7/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://[fd00::1]/hook",
        "https://0.0.0.0/hook",
        "https://localhost/hook",
        "http://hooks.example.com/hook",
        "ftp://hooks.example.com/hook",
        "https://user:pass@hooks.example.com/hook",
        "https:///no-host",
    ],
)
def test_a_subscription_to_a_private_or_plain_address_is_a_400(queue, event, lambda_context, settings, url):
    settings.delenv("WHOFREE_SUBSCRIPTIONS_ALLOW_LOOPBACK")
    status, body = subscribe(event, lambda_context, url, ["team"])
    assert status == 400
    assert [d["parameter"] for d in body["details"]] == ["url"]
    assert records.every(queue_table(settings)) == []


def queue_table(settings):
    from whofree.data.table import table

    return table(whofree_settings.load()).scoped(DEFAULT_ACCOUNT)


def test_loopback_only_with_the_test_setting(queue, event, lambda_context, settings, receiver):
    assert subscribe(event, lambda_context, receiver.url, ["team"])[0] == 201
    settings.delenv("WHOFREE_SUBSCRIPTIONS_ALLOW_LOOPBACK")
    assert subscribe(event, lambda_context, receiver.url, ["team"])[0] == 400


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"url": "https://a.example.com/", "event_types": []}, "event_types"),
        ({"url": "https://a.example.com/", "event_types": ["no spaces!"]}, "event_types[0]"),
        (
            {"url": "https://a.example.com/", "event_types": ["team", "https://api.calendly.com/nope/x"]},
            "event_types[1]",
        ),
        ({"url": "https://a.example.com/", "event_types": ["calcom:abc"]}, "event_types[0]"),
        ({"url": "https://a.example.com/", "event_types": [f"t{n}" for n in range(101)]}, "event_types"),
        ({"url": "https://a.example.com/" + "x" * 2048, "event_types": ["team"]}, "url"),
        ({"url": "https://a.example.com/", "event_types": ["team"], "colour": "red"}, "colour"),
        ({"event_types": ["team"]}, "url"),
    ],
)
def test_bad_bodies_are_400_naming_the_field(queue, event, lambda_context, body, parameter):
    status, answer = call(event, lambda_context, "POST", "/v1/subscriptions", body)
    assert status == 400
    assert parameter in [d["parameter"] for d in answer["details"]]


def test_an_account_has_at_most_100_subscriptions(queue, event, lambda_context, table):
    for _ in range(records.MAX_PER_ACCOUNT):  # the fixture's table is the default account's
        records.create(table, "https://a.example.com/", ["team"], "2030-01-01T00:00:00Z")
    status, body = subscribe(event, lambda_context, "https://a.example.com/", ["team"])
    assert status == 400
    assert "at most 100" in body["message"]


def test_without_a_queue_the_routes_are_503_and_changes_still_succeed(table, event, lambda_context, settings):
    settings.delenv("WHOFREE_SUBSCRIPTIONS_QUEUE_URL", raising=False)
    assert subscribe(event, lambda_context, "https://a.example.com/", ["team"])[0] == 503
    assert put(event, lambda_context, "team", CONFIG)[0] == 201


# ---------------------------------------------------------------- delivery


def test_a_change_reaches_the_receiver_signed_exactly_once_per_change(queue, receiver, event, lambda_context):
    _, body = subscribe(event, lambda_context, receiver.url, ["team"])
    secret = body["resource"]["secret"]
    other = Receiver()
    try:
        subscribe(event, lambda_context, other.url, ["elsewhere"])  # not touched by these changes
        assert put(event, lambda_context, "team", CONFIG)[0] == 201  # created: a change
        assert put(event, lambda_context, "team", CONFIG)[0] == 200  # replaced: another
        queue.deliver()
        assert other.requests == []
    finally:
        other.close()
    assert len(receiver.requests) == 2
    for headers, raw in receiver.requests:
        verify(secret, headers, raw)
        assert headers["Content-Type"] == "application/json"
    events = receiver.events()
    assert [e["event"] for e in events] == ["availability.changed"] * 2
    assert {e["event_type"] for e in events} == {"team"}
    assert all(e["hosts"] == sorted(h["id"] for h in CONFIG["hosts"]) for e in events)
    assert all(e["occurred_at"].endswith("Z") for e in events)
    assert len({e["id"] for e in events}) == 2  # one id per change
    assert queue.count(queue.url) == 0
    queue.deliver()
    assert len(receiver.requests) == 2  # nothing more: each change once


def test_a_forged_or_missing_signature_fails_verification(queue, receiver, event, lambda_context):
    _, body = subscribe(event, lambda_context, receiver.url, ["team"])
    put(event, lambda_context, "team", CONFIG)
    queue.deliver()
    ((headers, raw),) = receiver.requests
    with pytest.raises(AssertionError):
        verify("whsec_another", headers, raw)
    with pytest.raises(AssertionError):
        verify(body["resource"]["secret"], headers, raw.replace(b"team", b"tean"))


def test_a_receiver_that_fails_3_times_gets_the_event_on_retry_with_the_same_id(queue, event, lambda_context):
    receiver = Receiver(statuses=[500, 503, 404])
    try:
        _, body = subscribe(event, lambda_context, receiver.url, ["team"])
        put(event, lambda_context, "team", CONFIG)
        assert queue.deliver() == 4
        assert len(receiver.requests) == 4
        assert len({raw for _, raw in receiver.requests}) == 1  # the same body, so the same id
        for headers, raw in receiver.requests:
            verify(body["resource"]["secret"], headers, raw)
        assert queue.count(queue.url) == 0
        assert queue.count(queue.dead) == 0
    finally:
        receiver.close()


def test_a_receiver_that_always_fails_puts_the_event_in_the_dead_letter_queue(queue, event, lambda_context):
    receiver = Receiver(always=500)
    try:
        subscribe(event, lambda_context, receiver.url, ["team"])
        put(event, lambda_context, "team", CONFIG)
        queue.deliver(rounds=sender.MAX_RECEIVES + 5)
        assert len(receiver.requests) == sender.MAX_RECEIVES  # every try the redrive policy allows
        (dead,) = queue.dead_letters()
        message = subscriptions.Message.read(dead["Body"])
        assert message.event["id"] == receiver.events()[0]["id"]
        assert queue.count(queue.url) == 0
    finally:
        receiver.close()


def test_holds_made_and_released_are_changes_and_their_expiry_is_queued(queue, receiver, event, lambda_context):
    from tests.integration.test_reservations import SLOT, hold

    put(event, lambda_context, "team", CONFIG)
    subscribe(event, lambda_context, receiver.url, ["team"])
    status, body = hold(event, lambda_context, {"event_type": "team", "start_time": SLOT, "expires_in_minutes": 30})
    assert status == 201
    assert call(event, lambda_context, "DELETE", f"/v1/reservations/{body['resource']['uid']}")[0] == 204
    queue.deliver()
    made, released = receiver.events()
    assert made["hosts"] == released["hosts"] == sorted(body["resource"]["hosts"])
    assert made["id"] != released["id"]
    # The expiry waits in the queue, delayed (SQS: at most 15 minutes, then the sender hides it again).
    assert queue.count(queue.url) == 1


def test_an_expiry_is_sent_only_once_it_is_due(queue, receiver, event, lambda_context, table):
    from functions.subscriptions import app as function

    _, body = subscribe(event, lambda_context, receiver.url, ["team"])
    due = 1_900_000_000.0
    message = subscriptions.Message(
        "default", body["resource"]["id"], {"event": "availability.changed", "id": "evt_x"}, due
    )
    record = {"messageId": "m1", "receiptHandle": "r1", "body": message.body(), "attributes": {}}
    early = runtime.start(function.SETTINGS, clock=lambda: due - 1000)
    early.caches.clients["sqs"] = NoSqs()
    assert sender.handle({"Records": [record]}, early) == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert early.caches.clients["sqs"].hidden == [("r1", 1000)]
    assert receiver.requests == []
    late = runtime.start(function.SETTINGS, clock=lambda: due + 1)
    assert sender.handle({"Records": [record]}, late) == {"batchItemFailures": []}
    assert receiver.events() == [message.event]


class NoSqs:
    def __init__(self) -> None:
        self.hidden: list[tuple[str, int]] = []

    def change_message_visibility(self, QueueUrl, ReceiptHandle, VisibilityTimeout):
        self.hidden.append((ReceiptHandle, VisibilityTimeout))


def test_a_webhook_delivery_is_a_change_of_the_event_types_it_touches(queue, receiver, event, lambda_context, settings):
    from tests.integration.test_webhooks import deliver, hex_sign

    settings.setenv("WHOFREE_CALCOM_WEBHOOK_SECRET", "calcom-secret")
    with_calcom_host = copy.deepcopy(CONFIG)
    put(event, lambda_context, "team", with_calcom_host)
    subscribe(event, lambda_context, receiver.url, ["calcom:42", "team", "unrelated"])
    queue.deliver()
    receiver.requests.clear()
    body = json.dumps(
        {
            "triggerEvent": "BOOKING_CREATED",
            "createdAt": "2030-03-08T10:00:00Z",
            "payload": {"eventTypeId": 42, "organizer": {"email": "Ana@Example.com"}},
        }
    ).encode()
    assert (
        deliver(event, lambda_context, "calcom", body, {"X-Cal-Signature-256": hex_sign("calcom-secret", body)})[0]
        == 204
    )
    queue.deliver()
    by_type = {e["event_type"]: e["hosts"] for e in receiver.events()}
    assert set(by_type) == {"calcom:42", "team"}
    assert "Ana@Example.com".lower() in [h.lower() for h in by_type["calcom:42"]]
    assert by_type["team"] == ["ana@example.com"]  # the configured host's id, found by its email


def test_a_deleted_subscription_gets_nothing_more(queue, receiver, event, lambda_context):
    _, body = subscribe(event, lambda_context, receiver.url, ["team"])
    put(event, lambda_context, "team", CONFIG)
    assert call(event, lambda_context, "DELETE", f"/v1/subscriptions/{body['resource']['id']}")[0] == 204
    queue.deliver()
    assert receiver.requests == []
    assert queue.count(queue.url) == 0


def test_a_queue_failure_never_fails_the_change(queue, event, lambda_context, settings, receiver):
    subscribe(event, lambda_context, receiver.url, ["team"])
    settings.setenv("WHOFREE_SUBSCRIPTIONS_QUEUE_URL", queue.url + "-gone")
    assert put(event, lambda_context, "team", CONFIG)[0] == 201


# ---------------------------------------------------------------- the address, again at send time


class Listener:
    """Accepts and counts TCP connections on loopback (what an internal service would see)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()


def test_a_name_that_resolves_to_a_private_address_at_send_time_is_never_connected(
    queue, event, lambda_context, settings, monkeypatch
):
    """DNS rebinding: the name was public when subscribed, and resolves to loopback when sent."""
    listener = Listener()
    settings.delenv("WHOFREE_SUBSCRIPTIONS_ALLOW_LOOPBACK")
    name = "hooks.example.test"
    _, body = subscribe(event, lambda_context, f"https://{name}:{listener.port}/hook", ["team"])
    assert body["resource"]["url"].startswith("https://hooks.example.test")
    real = asyncio.BaseEventLoop.getaddrinfo

    async def getaddrinfo(self, host, port, *args, **kwargs):
        if host in (name, name.encode()):  # anyio passes the IDNA name as bytes
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return await real(self, host, port, *args, **kwargs)

    real_sync = socket.getaddrinfo

    def getaddrinfo_sync(host, port, *args, **kwargs):
        if host in (name, name.encode()):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real_sync(host, port, *args, **kwargs)

    # Both resolvers: the event loop's (whofree's vetting backend) and the socket module's (what a
    # plain connection pool would use through anyio), so that only the vetting keeps the listener unreached.
    monkeypatch.setattr(asyncio.BaseEventLoop, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo_sync)
    put(event, lambda_context, "team", CONFIG)
    from functions.subscriptions import app as function

    local_queue.poll_once(queue.client, queue.url, function.lambda_handler)
    assert listener.accepted == 0
    assert queue.count(queue.url) == 1  # failed: retried later, the guard applies again then
    listener.sock.close()


def test_a_subscription_belongs_to_its_account(queue, receiver, event, lambda_context, settings, table):
    """Another account's subscription is 404 by every route and hears nothing of this account's changes."""
    from tests.integration.test_accounts import KEY_A, KEY_B
    from tests.integration.test_accounts import call as keyed
    from whofree.data import accounts

    settings.setenv("WHOFREE_ACCOUNTS", "multi")
    shared = table.unscoped()
    for key, account in ((KEY_A, "acc_aaaaaaaaaaaaaaaa"), (KEY_B, "acc_bbbbbbbbbbbbbbbb")):
        accounts.put_account(shared, account, account.upper(), "2026-12-03T00:00:00Z")
        accounts.map_key(shared, key, account)
    status, _, made = keyed(
        event, lambda_context, KEY_A, "POST", "/v1/subscriptions", {"url": receiver.url, "event_types": ["team"]}
    )
    assert status == 201
    mine = made["resource"]["id"]
    assert keyed(event, lambda_context, KEY_B, "GET", f"/v1/subscriptions/{mine}")[0] == 404
    assert keyed(event, lambda_context, KEY_B, "DELETE", f"/v1/subscriptions/{mine}")[0] == 404
    assert keyed(event, lambda_context, KEY_B, "GET", "/v1/subscriptions")[2]["collection"] == []
    assert keyed(event, lambda_context, KEY_B, "PUT", "/v1/event_types/team", CONFIG)[0] == 201
    queue.deliver()
    assert receiver.requests == []  # B's change is not A's
    assert keyed(event, lambda_context, KEY_A, "PUT", "/v1/event_types/team", CONFIG)[0] == 201
    queue.deliver()
    assert [e["event_type"] for e in receiver.events()] == ["team"]
    assert keyed(event, lambda_context, KEY_A, "GET", f"/v1/subscriptions/{mine}")[0] == 200
