"""Cal.com end to end on the faithful fake (tests/fakes/calcom.py): per-host answers only where Cal.com
honours rrHostSubsetIds, every other round-robin host a warning and never free."""

from __future__ import annotations

import asyncio
from datetime import datetime

import httpx
import pytest

from tests.fakes.calcom import KEY, FakeCalcom
from tests.helpers import context
from whofree.errors import ExternalCalendarError, InvalidArgument, NotFound
from whofree.providers import calcom
from whofree.providers.http import Deadline, ProviderClient
from whofree.times import dispatch
from whofree.times.dispatch import read_request


def at(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


HOSTS = [
    {"userId": 101, "name": "Dana", "username": "dana"},
    {"userId": 102, "name": "Eli", "username": "eli"},
    {"userId": 103, "name": "Fay", "username": "fay"},
]
TRUTH = {
    101: {at("2030-03-11T09:00:00Z"), at("2030-03-11T09:30:00Z"), at("2030-03-11T10:00:00Z")},
    102: {at("2030-03-11T09:30:00Z"), at("2030-03-11T10:00:00Z"), at("2030-03-11T14:00:00Z")},
    # 23:45 ends after the range; the 12th is the extra day Cal.com adds for an end at 00:00:00Z.
    103: {at("2030-03-11T15:00:00Z"), at("2030-03-11T23:45:00Z"), at("2030-03-12T09:00:00Z")},
}
START, END = "2030-03-11T00:00:00Z", "2030-03-12T00:00:00Z"


@pytest.fixture(autouse=True)
def _env(settings):
    settings.setenv("WHOFREE_CALCOM_API_KEY", KEY)
    settings.setenv("WHOFREE_CALCOM_BASE_URL", "https://calcom.test")
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.001")


def faithful(hosts=HOSTS, **fields) -> FakeCalcom:
    fake = FakeCalcom()
    fake.add_event_type(42, [dict(h) for h in hosts], **fields)
    fake.free = {k: set(v) for k, v in TRUTH.items()}
    return fake


def run(fake: FakeCalcom, event_type: str = "calcom:42", **query):
    request = read_request({"event_type": event_type, "start_time": START, "end_time": END, **query})
    return asyncio.run(dispatch.times(request, context(transport=fake.transport())))


def ids(hosts) -> list[str]:
    return [h.id for h in hosts]


def truth(fake: FakeCalcom, start: int) -> list[str]:
    """Who the fake says could take ``start``: its per-host truth, not whofree's engine."""
    data = fake.event_types[42]
    return [h["username"] for h in data["hosts"] if h.get("mandatory") or start in fake.free[h["userId"]]]


def test_subset_enabled_each_slot_lists_the_hosts_cal_com_says_are_free():
    fake = faithful(rrHostSubsetEnabled=True)
    labelled = run(fake)
    assert labelled.warnings == []
    assert [s.start for s, _ in labelled.slots] == sorted(
        s for s in fake.offered(42) if at(START) <= s and s + 1800 <= at(END)
    )
    assert labelled.slots, "the fixture offers slots"
    for slot, hosts in labelled.slots:
        assert ids(hosts) == truth(fake, slot.start)
    subsets = sorted(r.url.params.get("rrHostSubsetIds") or "" for r in fake.requests if r.url.path == "/v2/slots")
    assert subsets == ["", "101", "102", "103"]


def test_subset_disabled_hosts_are_warnings_and_never_free():
    fake = faithful()  # rrHostSubsetEnabled defaults to false, as in Cal.com
    labelled = run(fake)
    assert [s.start for s, _ in labelled.slots] == sorted(
        s for s in fake.offered(42) if at(START) <= s and s + 1800 <= at(END)
    )
    assert all(hosts == [] for _, hosts in labelled.slots)
    assert [w["participant"] for w in labelled.warnings] == ["dana", "eli", "fay"]
    for warning in labelled.warnings:
        assert warning["title"] == "External Calendar Error"
        assert "PATCH /v2/teams/7/event-types/42" in warning["message"]
        assert '{"rrHostSubsetEnabled": true}' in warning["message"]
    # Asking per host would only repeat the pooled answer: whofree does not ask.
    assert all("rrHostSubsetIds" not in r.url.params for r in fake.requests)


def test_subset_disabled_narrowed_to_a_host_offers_nothing_and_warns():
    labelled = run(faithful(), hosts="eli")
    assert labelled.slots == []
    assert [w["participant"] for w in labelled.warnings] == ["eli"]


def test_the_fake_ignores_the_subset_unless_enabled():
    fake = faithful()
    assert fake.offered(42, {101}) == fake.offered(42)
    fake.event_types[42]["rrHostSubsetEnabled"] = True
    assert fake.offered(42, {101}) == TRUTH[101]


def test_mandatory_hosts_are_in_every_slot_and_the_others_follow_the_plan():
    hosts = [{**HOSTS[0], "mandatory": True}, *HOSTS[1:]]
    enabled = run(faithful(hosts, rrHostSubsetEnabled=True))
    assert enabled.slots
    assert all(ids(h)[0] == "dana" for _, h in enabled.slots)
    fake = faithful(hosts, rrHostSubsetEnabled=True)
    for slot, h in enabled.slots:
        assert ids(h) == truth(fake, slot.start)
    disabled = run(faithful(hosts))
    assert disabled.slots
    assert all(ids(h) == ["dana"] for _, h in disabled.slots)
    assert [w["participant"] for w in disabled.warnings] == ["eli", "fay"]


def test_collective_hosts_are_in_every_slot():
    fake = faithful(schedulingType="collective")
    fake.free = {
        101: {at("2030-03-11T10:00:00Z")},
        102: {at("2030-03-11T10:00:00Z")},
        103: {at("2030-03-11T10:00:00Z")},
    }
    labelled = run(fake)
    assert [(s.start, ids(h)) for s, h in labelled.slots] == [(at("2030-03-11T10:00:00Z"), ["dana", "eli", "fay"])]
    assert labelled.warnings == []


def test_managed_hosts_cannot_be_told_apart():
    labelled = run(faithful(schedulingType="managed"))
    assert all(h == [] for _, h in labelled.slots)
    assert [w["participant"] for w in labelled.warnings] == ["dana", "eli", "fay"]
    assert "managed" in labelled.warnings[0]["message"]


def test_an_end_at_midnight_does_not_bring_the_next_day():
    fake = faithful(rrHostSubsetEnabled=True)
    with httpx.Client(transport=fake.transport()) as client:
        raw = client.get(
            "https://calcom.test/v2/slots",
            params={"eventTypeId": "42", "start": START, "end": END},
            headers={"Authorization": f"Bearer {KEY}", "cal-api-version": "2024-09-04"},
        ).json()["data"]
    assert "2030-03-12" in raw  # Cal.com moved the end to 23:59:59 of the 12th
    labelled = run(fake)
    assert all(s.start + 1800 <= at(END) for s, _ in labelled.slots)
    assert at("2030-03-11T23:45:00Z") not in [s.start for s, _ in labelled.slots]


def test_the_hosts_filter_takes_cal_com_user_ids_and_usernames():
    fake = faithful(rrHostSubsetEnabled=True)
    by_id = run(fake, hosts="102")
    by_name = run(faithful(rrHostSubsetEnabled=True), hosts="eli")
    assert [(s.start, ids(h)) for s, h in by_id.slots] == [(s.start, ids(h)) for s, h in by_name.slots]
    assert by_id.slots
    assert all(ids(h) == ["eli"] for _, h in by_id.slots)
    with pytest.raises(InvalidArgument):
        run(faithful(), hosts="eli@example.com")  # Cal.com hosts carry no email


def test_versions_are_sent_per_endpoint():
    fake = faithful(rrHostSubsetEnabled=True)
    run(fake)
    versions = {(r.url.path, r.headers.get("cal-api-version")) for r in fake.requests}
    assert versions == {("/v2/event-types/42", "2024-06-14"), ("/v2/slots", "2024-09-04")}
    assert all(r.url.params["format"] == "range" for r in fake.requests if r.url.path == "/v2/slots")


def test_team_event_types_are_read_through_the_team_route_when_the_plain_route_says_404():
    fake = faithful(rrHostSubsetEnabled=True)
    fake.team_only = {42}
    labelled = run(fake)
    assert labelled.event_type.name == "Sales intro"
    assert labelled.slots
    assert ("/v2/teams/7/event-types/42") in [r.url.path for r in fake.requests]
    with pytest.raises(NotFound):
        run(fake, event_type="calcom:9")


def test_a_team_route_that_needs_an_admin_key_is_424_not_404():
    fake = faithful(rrHostSubsetEnabled=True)
    fake.team_only = {42}
    fake.not_admin_of = {7}
    with pytest.raises(ExternalCalendarError) as error:
        run(fake)
    assert "team admin" in error.value.message


def test_a_failing_host_is_a_warning_and_never_labelled():
    fake = faithful(rrHostSubsetEnabled=True)
    fake.broken_subsets = {102}
    labelled = run(fake)
    assert all("eli" not in ids(h) for _, h in labelled.slots)
    assert [w["participant"] for w in labelled.warnings] == ["eli"]
    fake.broken_subsets = {101, 102, 103}
    with pytest.raises(ExternalCalendarError):
        run(fake)


def test_a_429_waits_the_seconds_cal_com_says():
    clock = [13.0]
    fake = faithful(rrHostSubsetEnabled=True)
    fake.clock = lambda: clock[0]
    fake.limit = 1
    fake._window_started, fake._used = 0.0, 1  # another caller spent this window at t=0
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    async def go():
        async with ProviderClient(
            "calcom",
            "https://calcom.test",
            {"Authorization": f"Bearer {KEY}"},
            Deadline.after(120),
            transport=fake.transport(),
            sleep=sleep,
            clock=fake.clock,
        ) as client:
            return await calcom.Calcom(client).slots("calcom:42", at(START), at(END))

    slots = asyncio.run(go())
    assert slept == [47.0]  # X-RateLimit-Reset-Default: 47 seconds remaining, not a Unix time
    assert len(slots) == len([s for s in fake.offered(42) if at(START) <= s < at(END)])


def test_a_low_remaining_budget_waits_for_the_window_instead_of_a_429():
    clock = [0.0]
    fake = faithful(rrHostSubsetEnabled=True)
    fake.clock = lambda: clock[0]
    fake.limit = 2
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    async def go():
        async with ProviderClient(
            "calcom",
            "https://calcom.test",
            {"Authorization": f"Bearer {KEY}"},
            Deadline.after(120),
            transport=fake.transport(),
            sleep=sleep,
            clock=fake.clock,
            concurrency=1,
        ) as client:
            provider = calcom.Calcom(client)
            for _ in range(3):
                await provider.slots("calcom:42", at(START), at(END))

    asyncio.run(go())
    assert slept == [60.0]
    assert all(r.url.path == "/v2/slots" for r in fake.requests)
    assert len(fake.requests) == 3  # no call was refused: none was retried
