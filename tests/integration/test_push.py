"""Push from calendars (API.md §5) against DynamoDB Local and the Google and Graph fakes: channels are
made when an event type is stored, notifications make the host stale, forged and unknown ones are
refused and change nothing, the scheduled function renews before expiry and stops unused channels."""

from __future__ import annotations

import copy
import json
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from functions.api import app as api
from functions.warmer import app as warmer
from functions.webhooks import app as hooks
from tests.fakes import google as google_fake
from tests.fakes import microsoft as graph_fake
from tests.helpers import call_handler, context
from tests.integration.test_configured_event_types import CONFIG
from whofree import push
from whofree.data import channels, event_types
from whofree.domain import EventType, Host
from whofree.models import EventTypeConfig
from whofree.times import cache
from whofree.times.dispatch import read_request
from whofree.times.types import Labelled

PUSH_URL = "https://whofree.example/prod"
ALICE = "c_team_alice@group.calendar.google.com"  # a Google calendar
BEN = "ben.m365@contoso.example"  # a Microsoft 365 user
T0 = 1_900_000_000.0


class World:
    """The two fakes behind one transport, a clock they and the table share, and the webhook function
    as the endpoint Graph validates and Google and Graph deliver to."""

    def __init__(self, table, event, lambda_context) -> None:
        self.table = table
        self.event = event
        self.lambda_context = lambda_context
        self.now = T0
        self.google = google_fake.FakeGoogle()
        self.google.busy[ALICE] = []
        self.google.clock = lambda: self.now
        self.graph = graph_fake.FakeGraph()
        self.graph.mailboxes = {BEN}
        self.graph.clock = lambda: self.now
        self.graph.validator = self.validate
        self.transport = httpx.MockTransport(self.route)
        for function in (api, warmer, hooks):  # every function on the fakes, by the same clock
            function.RUNTIME.transport = self.transport
            function.RUNTIME.clock = lambda: self.now

    def route(self, request: httpx.Request) -> httpx.Response:
        fake = self.google if request.url.host == "google.test" else self.graph
        return fake._record(request)

    def context(self):
        return context(self.table, at=self.now, transport=self.transport)

    def hook(self, path: str, body: bytes = b"", query=None, headers=None) -> tuple[int, dict, str]:
        reply = call_handler(
            hooks.lambda_handler,
            self.event("webhook_calendly"),
            self.lambda_context,
            method="POST",
            path=path,
            body=body,
            query=query,
            headers={"Host": "whofree.example", **(headers or {})},
        )
        return reply.status, reply.headers, reply.body

    def validate(self, url: str) -> tuple[int, str, str]:
        parts = urlsplit(url)
        status, headers, text = self.hook(
            parts.path.removeprefix("/prod"), query=dict(parse_qsl(parts.query)), headers={"Content-Type": "text/plain"}
        )
        return status, headers.get("Content-Type", ""), text

    def deliver_google(self) -> list[int]:
        out, self.google.outbox = self.google.outbox, []
        return [self.hook("/v1/notifications/google", headers=m.headers)[0] for m in out]

    def deliver_graph(self) -> list[int]:
        out, self.graph.outbox = self.graph.outbox, []
        return [
            self.hook(
                "/v1/notifications/microsoft", json.dumps(m.body).encode(), headers={"Content-Type": "application/json"}
            )[0]
            for m in out
        ]


@pytest.fixture
def world(table, event, lambda_context, settings):
    settings.setenv("WHOFREE_GOOGLE_BASE_URL", "https://google.test")
    settings.setenv("WHOFREE_MICROSOFT_BASE_URL", "https://graph.test")
    settings.setenv("WHOFREE_GOOGLE_ACCESS_TOKEN", google_fake.TOKEN)
    settings.setenv("WHOFREE_MICROSOFT_ACCESS_TOKEN", graph_fake.TOKEN)
    settings.setenv("WHOFREE_PUSH_URL", PUSH_URL)
    return World(table, event, lambda_context)


def config(*, google: str | None = ALICE, microsoft: str | None = BEN) -> dict:
    body = copy.deepcopy(CONFIG)
    if google:
        body["hosts"][0]["source"] = {"provider": "google", "calendar_id": google}
    if microsoft:
        body["hosts"][1]["source"] = {"provider": "microsoft", "user": microsoft}
    return body


def store(world: World, event_type_id: str, body: dict) -> None:
    event_types.put(world.table, event_type_id, EventTypeConfig.model_validate(body), "2030-01-01T00:00:00Z")


def request(event_type_id: str):
    return read_request(
        {"event_type": event_type_id, "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
    )


def cache_answer(world: World, event_type_id: str, body: dict = CONFIG) -> None:
    """A cached answer of the event type, recording the versions of its hosts (those of ``body``)."""
    now = world.context()
    hosts = [Host(h["id"]) for h in body["hosts"]]
    labelled = Labelled(EventType(event_type_id, None, 30, None, hosts), [], [])
    cache.save(now, request(event_type_id), labelled, cache.begin(now, request(event_type_id)))
    assert cached(world, event_type_id)


def cached(world: World, event_type_id: str) -> bool:
    return cache.load(world.context(), request(event_type_id)) is not None


@pytest.fixture
def watched(world):
    """An event type reading Alice's Google calendar and Ben's Microsoft calendar, its channels made,
    Google's first (sync) message delivered, and an answer of it cached."""
    store(world, "team", config())
    report = push.sync(world.context())
    assert sorted(report.created) == [f"google:{ALICE}", f"microsoft:{BEN}"]
    assert not report.failed
    assert world.deliver_google() == [204]  # the channel's "sync" message: acknowledged
    cache_answer(world, "team")
    assert cached(world, "team")
    return world


# ---------------------------------------------------------------- channels made when an event type is stored


def test_a_put_event_type_watches_its_google_and_microsoft_hosts(world, event, lambda_context):
    """Through the API function: the PUT answers 201, and both channels exist, Graph having validated
    whofree's URL through the webhook function."""
    status, _, body = call_handler(
        api.lambda_handler, event("openapi"), lambda_context, method="PUT", path="/v1/event_types/team", body=config()
    )
    assert status == 201, body
    google_channels, graph_subscriptions = world.google.live(ALICE), world.graph.live(BEN)
    assert len(google_channels) == 1
    assert len(graph_subscriptions) == 1
    assert google_channels[0].address == f"{PUSH_URL}/v1/notifications/google"
    assert graph_subscriptions[0].notification_url == f"{PUSH_URL}/v1/notifications/microsoft"
    stored = {c.provider: c for c in channels.every(world.table)}
    assert stored["google"].id == google_channels[0].id
    assert stored["microsoft"].id == graph_subscriptions[0].id
    # The secrets are not stored, only their digests.
    assert stored["google"].secret_hash != google_channels[0].token
    assert stored["google"].verifies(google_channels[0].token)


def test_a_put_still_succeeds_when_the_provider_refuses(world, event, lambda_context):
    world.graph.validator = lambda url: (500, "text/plain", "")  # the handshake fails: no subscription
    status, _, _ = call_handler(
        api.lambda_handler, event("openapi"), lambda_context, method="PUT", path="/v1/event_types/team", body=config()
    )
    assert status == 201
    assert [c.provider for c in channels.every(world.table)] == ["google"]


def test_graph_validation_echoes_the_token_as_text(world):
    status, headers, text = world.hook("/v1/notifications/microsoft", query={"validationToken": "a <b> & c"})
    assert (status, headers["Content-Type"].split(";")[0], text) == (200, "text/plain", "a <b> & c")


# ---------------------------------------------------------------- notifications make the host stale


def test_a_google_change_makes_the_host_stale(watched):
    watched.google.change(ALICE)
    assert watched.deliver_google() == [204]
    assert not cached(watched, "team")


def test_google_sync_message_changes_nothing(watched):
    channel = watched.google.live(ALICE)[0]
    watched.google._message(channel, "sync")
    assert watched.deliver_google() == [204]
    assert cached(watched, "team")


def test_a_graph_change_makes_the_host_stale(watched):
    watched.graph.change(BEN)
    assert watched.deliver_graph() == [202]
    assert not cached(watched, "team")


def test_graph_missed_makes_the_host_stale(watched):
    watched.graph.lifecycle(watched.graph.live(BEN)[0].id, "missed")
    assert watched.deliver_graph() == [202]
    assert not cached(watched, "team")


def other_team() -> dict:
    """An event type whose hosts are other people (host ids are versioned across event types)."""
    body = config(google=None, microsoft=None)
    for host in body["hosts"]:
        host["id"] = "other-" + host["id"]
    return body


def test_an_event_type_without_the_host_stays_cached(watched):
    store(watched, "other", other_team())
    cache_answer(watched, "other", other_team())
    watched.google.change(ALICE)
    watched.graph.change(BEN)
    assert watched.deliver_google() == [204]
    assert watched.deliver_graph() == [202]
    assert cached(watched, "other")
    assert not cached(watched, "team")


# ---------------------------------------------------------------- forged and unknown: refused, nothing changes


def _google_headers(world: World) -> dict:
    world.google.change(ALICE)
    message = world.google.outbox.pop()
    return dict(message.headers)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda h: h | {"X-Goog-Channel-Token": "not-the-token"}, id="forged token"),
        pytest.param(lambda h: {k: v for k, v in h.items() if k != "X-Goog-Channel-Token"}, id="no token"),
        pytest.param(lambda h: h | {"X-Goog-Resource-ID": "another-resource"}, id="another resource"),
        pytest.param(lambda h: h | {"X-Goog-Channel-ID": "whofree-unknown"}, id="unknown channel"),
        pytest.param(lambda h: {}, id="no headers"),
    ],
)
def test_forged_and_unknown_google_notifications_are_404_and_change_nothing(watched, tamper):
    status, _, text = watched.hook("/v1/notifications/google", headers=tamper(_google_headers(watched)))
    assert status == 404
    assert json.loads(text)["title"] == "Resource Not Found"
    assert cached(watched, "team")


def _graph_body(world: World, **changes) -> bytes:
    world.graph.change(BEN)
    body = world.graph.outbox.pop().body
    body["value"][0] |= changes
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda w: _graph_body(w, clientState="not-the-state"), id="forged clientState"),
        pytest.param(lambda w: _graph_body(w, clientState=None), id="no clientState"),
        pytest.param(lambda w: _graph_body(w, subscriptionId="00000000-0000-0000-0000-000000000000"), id="unknown"),
        pytest.param(
            lambda w: _graph_body(w, lifecycleEvent="subscriptionRemoved", clientState="x"), id="forged lifecycle"
        ),
        pytest.param(lambda w: b'{"value": "nope"}', id="no items"),
        pytest.param(lambda w: b"not json", id="not json"),
    ],
)
def test_forged_and_unknown_graph_notifications_are_401_and_change_nothing(watched, body):
    before = channels.every(watched.table)
    status, _, text = watched.hook(
        "/v1/notifications/microsoft", body(watched), headers={"Content-Type": "application/json"}
    )
    assert status == 401
    assert json.loads(text)["title"] == "Unauthenticated"
    assert cached(watched, "team")
    assert channels.every(watched.table) == before


def test_a_channel_past_its_end_is_unknown(watched):
    headers = _google_headers(watched)
    watched.now += google_fake.DEFAULT_TTL + 1
    status, _, _ = watched.hook("/v1/notifications/google", headers=headers)
    assert status == 404


# ---------------------------------------------------------------- lifecycle: reauthorize, recreate


def test_reauthorization_required_is_done_by_the_next_run(watched):
    subscription = watched.graph.live(BEN)[0]
    watched.graph.lifecycle(subscription.id, "reauthorizationRequired")
    assert watched.deliver_graph() == [202]
    assert cached(watched, "team")  # nothing changed in the calendar
    assert {c.provider: c.needs for c in channels.every(watched.table)}["microsoft"] == "reauthorize"
    report = push.sync(watched.context())
    assert report.renewed == [f"microsoft:{BEN}"]
    assert subscription.reauthorized == 1
    assert {c.provider: c.needs for c in channels.every(watched.table)}["microsoft"] is None


def test_a_removed_subscription_is_recreated_and_the_host_is_stale(watched):
    old = watched.graph.live(BEN)[0]
    watched.graph.lifecycle(old.id, "subscriptionRemoved")
    assert watched.deliver_graph() == [202]
    assert not cached(watched, "team")
    report = push.sync(watched.context())
    assert report.created == [f"microsoft:{BEN}"]
    new = watched.graph.live(BEN)
    assert len(new) == 1
    assert new[0].id != old.id
    assert {c.id for c in channels.every(watched.table) if c.provider == "microsoft"} == {new[0].id}


# ---------------------------------------------------------------- the scheduled function: renew, stop


def test_the_scheduled_function_renews_before_expiry(watched):
    google_old = watched.google.live(ALICE)[0]
    graph_sub = watched.graph.live(BEN)[0]
    graph_end = graph_sub.expiration
    # Halfway through: nothing to do.
    watched.now = T0 + 86_400
    assert push.sync(watched.context()).renewed == []
    # Twelve hours before each ends: Google's channel is replaced (and the old one stopped), Graph's renewed.
    watched.now = graph_end - 43_200
    report = push.sync(watched.context())
    assert report.renewed == [f"microsoft:{BEN}"]
    assert graph_sub.expiration > graph_end
    watched.now = google_old.expiration - 43_200
    report = push.sync(watched.context())
    assert f"google:{ALICE}" in report.renewed
    live = watched.google.live(ALICE)
    assert len(live) == 1
    assert live[0].id != google_old.id
    assert google_old.stopped
    assert {c.id for c in channels.every(watched.table) if c.provider == "google"} == {live[0].id}
    # The new channel works: its sync message is acknowledged, and a change makes the host stale.
    assert watched.deliver_google() == [204]
    watched.google.change(ALICE)
    assert watched.deliver_google() == [204]
    assert not cached(watched, "team")


def test_the_scheduled_function_stops_unused_channels(watched):
    store(watched, "team", config(google=None, microsoft=None))  # no event type reads Alice or Ben any more
    report = push.sync(watched.context())
    assert sorted(report.stopped) == [f"google:{ALICE}", f"microsoft:{BEN}"]
    assert watched.google.live() == []
    assert watched.graph.live() == []
    assert channels.every(watched.table) == []


def test_the_warmer_function_keeps_the_channels(world, event, lambda_context):
    store(world, "team", config())
    result = warmer.lambda_handler(event("warmer"), lambda_context)
    assert sorted(result["push"]["created"]) == [f"google:{ALICE}", f"microsoft:{BEN}"]
    assert len(world.google.live(ALICE)) == 1
    assert len(world.graph.live(BEN)) == 1


def test_a_failed_run_is_retried_by_the_next(world):
    store(world, "team", config())
    world.graph.validator = None  # Graph cannot reach whofree: no subscription
    report = push.sync(world.context())
    assert list(report.failed) == [f"microsoft:{BEN}"]
    assert report.created == [f"google:{ALICE}"]
    world.graph.validator = world.validate
    report = push.sync(world.context())
    assert report.created == [f"microsoft:{BEN}"]
    assert not report.failed


def test_without_a_push_url_nothing_is_made(world, settings):
    settings.delenv("WHOFREE_PUSH_URL")
    store(world, "team", config())
    assert push.sync(world.context()) == push.Report()
    assert world.google.requests == []
    assert world.graph.requests == []


def test_a_delivery_of_many_unknown_ids_is_refused_with_one_read(watched, monkeypatch):
    """An unauthenticated body naming thousands of subscriptions costs one Query, not one read each."""
    reads = []
    get = channels.get
    monkeypatch.setattr(channels, "get", lambda *a: reads.append(a) or get(*a))
    items = [{"subscriptionId": f"00000000-0000-0000-0000-{n:012d}", "clientState": "x"} for n in range(2000)]
    status, _, _ = watched.hook(
        "/v1/notifications/microsoft",
        json.dumps({"value": items}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 401
    assert reads == []
    assert cached(watched, "team")


def test_a_delivery_for_many_subscriptions_makes_each_host_stale(watched):
    """Graph may batch several subscriptions in one POST: the verified ones count, the others are ignored."""
    store(watched, "other", other_team())
    cache_answer(watched, "other", other_team())
    watched.graph.change(BEN)
    body = watched.graph.outbox.pop().body
    body["value"] += [{"subscriptionId": f"unknown-{n}", "clientState": "x"} for n in range(20)]
    status, _, _ = watched.hook(
        "/v1/notifications/microsoft", json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    assert status == 202
    assert not cached(watched, "team")
    assert cached(watched, "other")
