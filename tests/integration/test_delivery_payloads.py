"""Real delivery payloads through the webhook handler against DynamoDB Local (tests/fakes/webhooks.py):
each host a delivery names, in whatever form, makes stale the cached answers of every configured
event type it hosts, and the event types it names; a signed body that cannot be read is 400 and
changes nothing.

Staleness is by host version (docs/STORAGE.md): a change to a configured host bumps its host id,
which every configured event type listing that id shares, so more answers may go stale than the
delivery names. The tests hold what must go stale, what must not (provider event types nobody
named), and that nothing changes when nothing should."""

from __future__ import annotations

import base64
import copy
import gzip

import pytest

from functions.webhooks import app as hooks
from tests.fakes import webhooks as fake
from tests.helpers import context
from tests.integration.test_configured_event_types import CONFIG, put
from whofree.data import host_data
from whofree.domain import EventType, Host
from whofree.settings import load
from whofree.times import cache
from whofree.times.dispatch import read_request
from whofree.times.types import Labelled

KEYS = {"calendly": "calendly-signing-key", "calcom": "calcom-secret", "nylas": "nylas-secret"}  # fake secrets
CALENDLY_TYPE = "https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"
OTHER_TYPE = "https://api.calendly.com/event_types/BBBBBBBBBBBBBBBB"
ALICE, BASHIR = "https://api.calendly.com/users/alice", "https://api.calendly.com/users/bashir"
SOURCES = {
    "uses-alice": (0, {"provider": "calendly", "user": ALICE}),
    "uses-bashir": (1, {"provider": "calendly", "user": BASHIR}),
    "uses-olga": (0, {"provider": "microsoft", "user": "olga@example.com"}),
    "uses-max": (2, {"provider": "nylas", "grant_id": "grant-max", "email": "max@example.com"}),
    "uses-nylas": (1, {"provider": "nylas", "grant_id": "grant-9", "email": "ben@example.com"}),
    "plain": (None, None),
}
CACHED = (CALENDLY_TYPE, OTHER_TYPE, "calcom:42", "calcom:43", *SOURCES)


def request(event_type: str):
    return read_request(
        {"event_type": event_type, "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
    )


@pytest.fixture
def cached(table, event, lambda_context, settings):
    """Cached answers of four provider event types and six configured ones, each reading one host."""
    settings.setenv("WHOFREE_CALENDLY_WEBHOOK_KEY", KEYS["calendly"])
    settings.setenv("WHOFREE_CALCOM_WEBHOOK_SECRET", KEYS["calcom"])
    settings.setenv("WHOFREE_NYLAS_WEBHOOK_SECRET", KEYS["nylas"])
    for event_type_id, (index, source) in SOURCES.items():
        config = copy.deepcopy(CONFIG)
        if index is not None:
            config["hosts"][index]["source"] = source
        assert put(event, lambda_context, event_type_id, config)[0] in (200, 201)
    configured_hosts = [Host(h["id"]) for h in CONFIG["hosts"]]
    for event_type in CACHED:
        hosts = configured_hosts if event_type in SOURCES else []
        now = context(table)
        labelled = Labelled(EventType(event_type, None, 30, None, hosts), [], [])
        cache.save(now, request(event_type), labelled, cache.begin(now, request(event_type)))
    assert left(table) == set(CACHED)
    for user in (ALICE, BASHIR, "https://api.calendly.com/users/carol"):
        writer = host_data.for_table(table, load())
        assert writer.get_busy("calendly", user, 0, 0) is None  # read before the fetch, as a connector does
        writer.put_busy("calendly", user, 0, 0, [])
    return table


def busy(table, user: str):
    return host_data.for_table(table, load()).get_busy("calendly", user, 0, 0)


PROVIDER_TYPES = {CALENDLY_TYPE, OTHER_TYPE, "calcom:42", "calcom:43"}


def assert_stale(table, expected: set[str]) -> None:
    """``expected`` went stale; of the provider event types, only those named did."""
    stale = set(CACHED) - left(table)
    assert expected <= stale
    assert stale & PROVIDER_TYPES == expected & PROVIDER_TYPES


def left(table) -> set[str]:
    return {event_type for event_type in CACHED if cache.load(context(table), request(event_type)) is not None}


def deliver(event, context, provider: str, body: bytes, headers: dict, binary: bool = False) -> int:
    ev = event("webhook_calendly")
    ev["path"] = f"/v1/webhooks/{provider}"
    ev["isBase64Encoded"] = binary
    ev["body"] = base64.b64encode(body).decode() if binary else body.decode()
    ev["headers"] = {"Host": "127.0.0.1:3000", "Content-Type": "application/json", **headers}
    ev["multiValueHeaders"] = {k: [v] for k, v in ev["headers"].items()}
    return hooks.lambda_handler(ev, context)["statusCode"]


def test_a_collective_calendly_booking_drops_every_member_s_event_types(cached, event, lambda_context):
    members = [
        fake.calendly_member("alice", "alice@example.com", "Alice"),
        fake.calendly_member("bashir", "bashir@example.com", "Bashir"),
    ]
    body = fake.encode(fake.calendly_invitee(CALENDLY_TYPE, members))
    assert deliver(event, lambda_context, "calendly", body, fake.calendly_sign(KEYS["calendly"], body)) == 204
    assert_stale(cached, {CALENDLY_TYPE, "uses-alice", "uses-bashir"})
    # Both hosts' cached calendars go too; a third user's stays.
    assert busy(cached, ALICE) is None
    assert busy(cached, BASHIR) is None
    assert busy(cached, "https://api.calendly.com/users/carol") == []


def test_a_calendly_event_type_change_drops_that_event_type(cached, event, lambda_context):
    body = fake.encode(fake.calendly_event_type(OTHER_TYPE))
    assert deliver(event, lambda_context, "calendly", body, fake.calendly_sign(KEYS["calendly"], body)) == 204
    assert_stale(cached, {OTHER_TYPE})


def test_a_calendly_no_show_is_accepted_and_drops_nothing(cached, event, lambda_context):
    body = fake.encode(fake.calendly_other("invitee_no_show.created"))
    assert deliver(event, lambda_context, "calendly", body, fake.calendly_sign(KEYS["calendly"], body)) == 204
    assert left(cached) == set(CACHED)


def test_a_calcom_team_booking_drops_the_organizer_s_and_every_member_s_event_types(cached, event, lambda_context):
    organizer = fake.calcom_person(7, "olga@example.com", "olga")
    body = fake.encode(fake.calcom_booking(42, organizer, [fake.calcom_person(8, "max@example.com")]))
    assert deliver(event, lambda_context, "calcom", body, fake.calcom_sign(KEYS["calcom"], body)) == 204
    assert_stale(cached, {"calcom:42", "uses-olga", "uses-max"})


def test_an_email_in_another_case_is_the_same_host(cached, event, lambda_context):
    """Providers and configurations differ in case; an address is one host whatever its case.
    Mutation check: without ``versions.fold`` in ``invalidation.changed``, nothing goes stale."""
    body = fake.encode(fake.calcom_ooo(fake.calcom_person(99, "MAX@Example.COM", "not-a-username-here")))
    assert deliver(event, lambda_context, "calcom", body, fake.calcom_sign(KEYS["calcom"], body)) == 204
    assert_stale(cached, {"uses-max"})


def test_a_calcom_out_of_office_entry_drops_its_user_s_event_types(cached, event, lambda_context):
    body = fake.encode(fake.calcom_ooo(fake.calcom_person(8, "max@example.com", "max")))
    assert deliver(event, lambda_context, "calcom", body, fake.calcom_sign(KEYS["calcom"], body)) == 204
    assert_stale(cached, {"uses-max"})


@pytest.mark.parametrize("header", [{"Content-Encoding": "gzip"}, {}], ids=["with its header", "by its magic"])
def test_a_compressed_nylas_delivery_is_read_and_drops_its_grant_s_event_types(cached, event, lambda_context, header):
    packed = fake.compressed(fake.encode(fake.nylas_notification("grant-9")))
    headers = {"Content-Type": "application/gzip", **header, **fake.nylas_sign(KEYS["nylas"], packed)}
    assert deliver(event, lambda_context, "nylas", packed, headers, binary=True) == 204
    assert_stale(cached, {"uses-nylas"})


def test_a_nylas_grant_expiry_drops_its_grant_s_event_types(cached, event, lambda_context):
    body = fake.encode(fake.nylas_grant("grant-max"))
    assert deliver(event, lambda_context, "nylas", body, fake.nylas_sign(KEYS["nylas"], body)) == 204
    assert_stale(cached, {"uses-max"})


UNREADABLE = {
    "calendly": b'{"event": "invitee.created", "payload": {"scheduled_event": {"event_type": "x"}}}',
    "calcom": b'{"triggerEvent": "BOOKING_CREATED", "payload": {"eventTypeId": 42}}',
    # A notification that would drop grant-9's answers, padded past the cap: only the cap refuses it.
    "nylas": gzip.compress(fake.encode(fake.nylas_notification("grant-9"))[:-1] + b" " * 3_000_000 + b"}"),
}


@pytest.mark.parametrize("provider", UNREADABLE)
def test_a_signed_body_that_cannot_be_read_is_400_and_drops_nothing(cached, event, lambda_context, provider):
    body = UNREADABLE[provider]
    signed = {
        "calendly": fake.calendly_sign(KEYS["calendly"], body),
        "calcom": fake.calcom_sign(KEYS["calcom"], body),
        "nylas": {"Content-Encoding": "gzip", **fake.nylas_sign(KEYS["nylas"], body)},
    }[provider]
    assert deliver(event, lambda_context, provider, body, signed, binary=True) == 400
    assert left(cached) == set(CACHED)
    assert busy(cached, ALICE) == []


def test_a_compressed_delivery_signed_over_its_json_is_401_and_drops_nothing(cached, event, lambda_context):
    plain = fake.encode(fake.nylas_notification("grant-9"))
    headers = {"Content-Encoding": "gzip", **fake.nylas_sign(KEYS["nylas"], plain)}
    assert deliver(event, lambda_context, "nylas", fake.compressed(plain), headers, binary=True) == 401
    assert left(cached) == set(CACHED)
