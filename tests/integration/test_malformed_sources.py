"""Busy sources whose provider answers 200 in another shape than it documents (API.md §1 "Partial
failure"), through the API handler on DynamoDB Local with the fakes served on loopback: a configured
event type's host read from such an answer is a warning and never free; every host so is 424; a hold
on a healthy host follows the rules (201 when free, 409 when not) and one on the unreadable host is
409. Cal.com, whose hosts come from the provider, is held the same way. Never a 5xx."""

from __future__ import annotations

import copy

import pytest

from tests.fakes.calcom_scripted import fake as scripted_calcom
from tests.fakes.google import TOKEN as GOOGLE_TOKEN
from tests.fakes.google import FakeGoogle
from tests.fakes.microsoft import TOKEN as GRAPH_TOKEN
from tests.fakes.microsoft import FakeGraph
from tests.fakes.nylas import KEY, FakeNylas
from tests.helpers import context
from tests.integration.test_configured_event_types import CONFIG, put, times
from tests.integration.test_reservations import hold
from whofree import reservations
from whofree.errors import Conflict
from whofree.models import ReservationRequest

SLOT = "2030-03-11T15:00:00Z"  # offered to Ana, Ben and Chen in the team example
ANA, BEN, CHEN = "ana@example.com", "ben@example.com", "chen@example.com"


def google(settings, odd: set[str]):
    fake = FakeGoogle()
    for who in (ANA, BEN, CHEN):
        fake.busy[who] = []
    fake.malformed = {who: {} for who in odd}  # neither busy nor errors
    settings.setenv("WHOFREE_GOOGLE_BASE_URL", fake.serve())
    settings.setenv("WHOFREE_GOOGLE_ACCESS_TOKEN", GOOGLE_TOKEN)
    return fake, lambda who: {"provider": "google", "calendar_id": who}


def microsoft(settings, odd: set[str]):
    fake = FakeGraph()
    fake.mailboxes = {ANA, BEN, CHEN}
    fake.working_hours = None
    fake.malformed = {who: {"scheduleId": who, "scheduleItems": ["x"]} for who in odd}
    settings.setenv("WHOFREE_MICROSOFT_BASE_URL", fake.serve())
    settings.setenv("WHOFREE_MICROSOFT_ACCESS_TOKEN", GRAPH_TOKEN)
    return fake, lambda who: {"provider": "microsoft", "user": who}


def nylas(settings, odd: set[str]):
    fake = FakeNylas()
    fake.malformed = {who: {"object": "free_busy", "email": who} for who in odd}  # no time_slots
    settings.setenv("WHOFREE_NYLAS_BASE_URL", fake.url)
    settings.setenv("WHOFREE_NYLAS_API_KEY", KEY)
    return fake, lambda who: {"provider": "nylas", "grant_id": "grant-1", "email": who}


PROVIDERS = {"google": google, "microsoft": microsoft, "nylas": nylas}


@pytest.fixture
def served(settings):
    started = []

    def start(provider: str, odd: set[str], sourced: tuple[str, ...] = (ANA, BEN, CHEN)) -> dict:
        fake, source = PROVIDERS[provider](settings, odd)
        settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.001")
        started.append(fake)
        config = copy.deepcopy(CONFIG)
        config.pop("groups")  # one host a meeting
        for host in config["hosts"]:
            if host["id"] in sourced:
                host["source"] = source(host["id"])
        return config

    yield start
    for fake in started:
        fake.stop()


def labels(body: dict) -> list[list[str]]:
    return [[h["id"] for h in s["available_hosts"]] for s in body["collection"]]


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_a_host_answered_in_another_shape_is_a_warning_and_holds_follow_the_rules(
    provider, table, served, event, lambda_context
):
    assert put(event, lambda_context, "team", served(provider, {BEN}))[0] == 201
    status, _, body = times(event, lambda_context, "team")
    assert status == 200, body
    assert [w["participant"] for w in body["warnings"]] == [BEN]
    assert all(BEN not in ids for ids in labels(body))
    assert any(ANA in ids for ids in labels(body))
    assert hold(event, lambda_context, {"event_type": "team", "start_time": SLOT, "host": BEN})[0] == 409
    status, made = hold(event, lambda_context, {"event_type": "team", "start_time": SLOT, "host": ANA})
    assert status == 201, made
    assert made["resource"]["hosts"] == [ANA]
    assert hold(event, lambda_context, {"event_type": "team", "start_time": SLOT, "host": ANA})[0] == 409


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_every_host_answered_in_another_shape_is_424(provider, table, served, event, lambda_context):
    assert put(event, lambda_context, "team", served(provider, {ANA, BEN, CHEN}))[0] == 201
    status, _, body = times(event, lambda_context, "team")
    assert status == 424, body
    assert hold(event, lambda_context, {"event_type": "team", "start_time": SLOT, "host": ANA})[0] == 424


def test_a_calcom_hold_on_the_healthy_host_follows_the_rules(table, settings):
    settings.setenv("WHOFREE_CALCOM_API_KEY", "cal_test_key")
    settings.setenv("WHOFREE_CALCOM_BASE_URL", "https://calcom.test")
    transport = scripted_calcom(malformed={"102": {"status": "success", "data": {"2030-03-11": ["09:30"]}}})
    at = "2030-03-11T08:30:00Z"  # 09:30+01:00: offered to Dana and Eli, whose own answer is malformed

    def make(host: str) -> str:
        request = ReservationRequest(event_type="calcom:42", start_time=at, host=host)
        try:
            reservations.create(request, context(table, transport=transport, at=1_899_360_000))
        except Conflict:
            return "409"
        return "201"

    assert make("eli") == "409"
    assert make("dana") == "201"
    assert make("dana") == "409"
