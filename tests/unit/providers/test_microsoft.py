"""Microsoft Graph getSchedule on the faithful fake (tests/fakes/microsoft.py): batching and splitting,
statuses, working hours, the URL mailbox."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tests.fakes.microsoft import TOKEN, FakeGraph
from whofree.providers import microsoft
from whofree.providers.http import Deadline, ProviderClient

START = 1_899_417_600  # 2030-03-11T00:00:00Z
H = 3600


@pytest.fixture(autouse=True)
def _no_service_mailbox(settings):
    settings.delenv("WHOFREE_MICROSOFT_MAILBOX", raising=False)


def test_45_users_over_70_days_make_3_by_2_calls():
    users = [f"u{n}@contoso.com" for n in range(45)]
    fake = graph(*users)
    on_fake(fake, users, days=70)
    calls = [(r.url.path, json.loads(r.content)) for r in fake.requests]
    assert len(calls) == 6
    assert sorted(len(body["schedules"]) for _, body in calls) == [5, 5, 20, 20, 20, 20]
    spans = {(body["startTime"]["dateTime"], body["endTime"]["dateTime"]) for _, body in calls}
    assert spans == {("2030-03-11T00:00:00", "2030-05-11T00:00:00"), ("2030-05-11T00:00:00", "2030-05-20T00:00:00")}
    assert all(path == f"/v1.0/users/{body['schedules'][0]}/calendar/getSchedule" for path, body in calls)


def test_tentative_is_busy_free_and_working_elsewhere_are_not():
    fake = graph("adele@contoso.com")
    fake.items["adele@contoso.com"] = [
        (START + 14 * H, START + 15 * H, "Busy"),
        (START + 16 * H, START + 16.5 * H, "tentative"),
        (START + 17 * H, START + 18 * H, "free"),
        (START + 18 * H, START + 19 * H, "workingElsewhere"),
        (START + 20 * H, START + 21 * H, "oof"),
    ]
    result = on_fake(fake, ["adele@contoso.com"])["adele@contoso.com"]
    assert result.error is None
    assert result.blocks == [
        (START + 14 * H, START + 15 * H),
        (START + 16 * H, START + 16.5 * H),
        (START + 20 * H, START + 21 * H),
    ]


def test_working_hours_map_windows_zone_names_to_iana():
    hours = on_fake(graph("adele@contoso.com"), ["adele@contoso.com"])["adele@contoso.com"].hours
    assert hours.timezone == "America/Los_Angeles"
    assert [(sorted(w.weekdays), w.start, w.end) for w in hours.open_hours] == [([0, 1, 2, 3, 4], 480, 1020)]
    assert microsoft.iana("W. Europe Standard Time") == "Europe/Berlin"
    assert microsoft.iana("Europe/Paris") == "Europe/Paris"
    assert microsoft.iana("Custom Zone 42") is None
    for not_a_zone in ("America", "localtime", "posixrules"):  # files and folders of the zone database
        assert microsoft.iana(not_a_zone) is None


def test_an_unresolvable_user_fails_only_that_host():
    result = on_fake(graph("ok@contoso.com"), ["ok@contoso.com", "gone@contoso.com"])
    assert result["ok@contoso.com"].error is None
    assert "could not be resolved" in result["gone@contoso.com"].error


# ---------------------------------------------------------------- on the faithful fake (tests/fakes/microsoft.py)


def on_fake(fake: FakeGraph, users, days=7, mailbox=None):
    async def go():
        async with ProviderClient(
            "microsoft",
            "https://graph.test",
            {"Authorization": f"Bearer {TOKEN}"},
            Deadline.after(10),
            transport=fake.transport(),
            backoff=0.001,
        ) as client:
            return await microsoft.Microsoft(client, mailbox=mailbox).busy(users, START, START + days * 86_400)

    return asyncio.run(go())


def graph(*known: str) -> FakeGraph:
    fake = FakeGraph()
    fake.mailboxes = set(known)
    for user in known:
        fake.items[user] = [(START + 9 * 3600, START + 10 * 3600, "Busy")]
    return fake


def test_a_batch_whose_first_mailbox_is_unknown_fails_only_that_host(settings):
    settings.delenv("WHOFREE_MICROSOFT_MAILBOX", raising=False)
    users = ["gone@contoso.com", *[f"u{n}@contoso.com" for n in range(19)]]
    fake = graph(*users[1:])
    result = on_fake(fake, users)
    assert "could not resolve this host's mailbox" in result["gone@contoso.com"].error
    assert all(result[u].error is None for u in users[1:])
    assert result["u0@contoso.com"].blocks == [(START + 9 * 3600, START + 10 * 3600)]
    paths = [r.url.path for r in fake.requests]
    assert paths == [
        "/v1.0/users/gone@contoso.com/calendar/getSchedule",
        "/v1.0/users/u0@contoso.com/calendar/getSchedule",
    ]


def test_the_fake_fails_the_whole_call_for_an_unknown_url_mailbox():
    fake = graph("a@contoso.com")
    with httpx.Client(transport=fake.transport()) as client:
        answer = client.post(
            "https://graph.test/v1.0/users/nobody@contoso.com/calendar/getSchedule",
            json={
                "schedules": ["a@contoso.com"],
                "startTime": {"dateTime": "2030-03-11T00:00:00", "timeZone": "UTC"},
                "endTime": {"dateTime": "2030-03-12T00:00:00", "timeZone": "UTC"},
            },
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert answer.status_code == 404


def test_a_configured_service_mailbox_is_the_url_mailbox(settings):
    current = settings.setenv("WHOFREE_MICROSOFT_MAILBOX", "scheduler@contoso.com")
    users = ["gone@contoso.com", "a@contoso.com"]
    fake = graph("a@contoso.com", "scheduler@contoso.com")
    result = on_fake(fake, users, mailbox=current.microsoft_mailbox)
    calls = [r.url.path for r in fake.requests if r.method == "POST"]  # (plus one look-up of the unread address)
    assert calls == ["/v1.0/users/scheduler@contoso.com/calendar/getSchedule"]
    assert result["a@contoso.com"].error is None
    assert "could not be resolved" in result["gone@contoso.com"].error


def test_an_unknown_configured_mailbox_is_said_plainly():
    fake = graph("a@contoso.com")
    result = on_fake(fake, ["a@contoso.com"], mailbox="typo@contoso.com")
    assert "WHOFREE_MICROSOFT_MAILBOX" in result["a@contoso.com"].error


def test_45_users_over_70_days_on_the_faithful_fake(settings):
    settings.delenv("WHOFREE_MICROSOFT_MAILBOX", raising=False)
    users = [f"u{n}@contoso.com" for n in range(45)]
    fake = graph(*users)
    result = on_fake(fake, users, days=70)
    assert all(b.error is None for b in result.values())
    assert len(fake.requests) == 6


# ---------------------------------------------------------------- answers of another shape (200)

OK, ODD = "ok@contoso.com", "odd@contoso.com"
WHEN = {"dateTime": "2030-03-11T09:00:00.0000000", "timeZone": "UTC"}


@pytest.mark.parametrize(
    "item",
    [
        {"scheduleId": ODD, "availabilityView": ""},  # neither scheduleItems nor error: not free
        {"scheduleId": ODD, "scheduleItems": ["x"]},
        {"scheduleId": ODD, "scheduleItems": "busy"},
        {"scheduleId": ODD, "scheduleItems": {"status": "busy", "start": WHEN, "end": WHEN}},
        {"scheduleId": ODD, "scheduleItems": [{"status": "busy", "start": WHEN}]},
        {"scheduleId": ODD, "scheduleItems": [{"status": "busy", "start": "2030-03-11T09:00:00Z", "end": WHEN}]},
        {"scheduleId": ODD, "scheduleItems": [{"start": {"dateTime": "2030-02-31T09:00:00"}, "end": WHEN}]},
        {"scheduleId": ODD, "scheduleItems": [{"start": {"dateTime": "soon"}, "end": WHEN}]},
        {"scheduleId": ODD, "scheduleItems": [], "workingHours": {"daysOfWeek": ["monday"], "startTime": 8}},
        {"scheduleId": ODD, "scheduleItems": [], "workingHours": "nine to five"},
        {"scheduleId": ODD, "error": "broken"},
        {"scheduleId": 7, "scheduleItems": []},  # whose it is cannot be read: unanswered
        "x",
    ],
)
def test_a_schedule_of_another_shape_fails_that_host_only(item):
    fake = graph(OK, ODD)
    fake.malformed[ODD] = item
    result = on_fake(fake, [OK, ODD], mailbox=OK)
    assert result[OK].error is None
    assert result[OK].blocks == [(START + 9 * 3600, START + 10 * 3600)]
    assert result[ODD].error
    assert result[ODD].blocks == []


@pytest.mark.parametrize("envelope", [{}, {"value": {}}, {"value": "x"}, {"error": "backend unavailable"}, []])
def test_an_envelope_of_another_shape_fails_every_host_of_the_call(envelope):
    fake = graph(OK)
    fake.envelope = envelope
    result = on_fake(fake, [OK], mailbox=OK)
    assert "Microsoft sent a schedule whofree could not read" in result[OK].error


def test_a_token_answer_of_another_shape_is_a_provider_error(monkeypatch, settings):
    def token_endpoint(url, data, timeout):
        return httpx.Response(200, json={"token_type": "Bearer"}, request=httpx.Request("POST", url))

    current = settings.delenv("WHOFREE_MICROSOFT_ACCESS_TOKEN", raising=False)
    for name in ("TENANT_ID", "CLIENT_ID", "CLIENT_SECRET"):
        current = settings.setenv(f"WHOFREE_MICROSOFT_{name}", "x")
    monkeypatch.setattr(httpx, "post", token_endpoint)
    with pytest.raises(microsoft.ProviderError, match="could not read"):
        microsoft.access_token({}, current)
