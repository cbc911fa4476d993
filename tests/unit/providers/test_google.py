"""Google freeBusy on the faithful fake (tests/fakes/google.py): batching, 90-day pieces, per-calendar
errors, rate-limit 403s, token refresh."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tests.fakes.google import TOKEN, FakeGoogle
from whofree.providers import google
from whofree.providers.http import Deadline, ProviderClient

START, END = 1_899_417_600, 1_899_417_600 + 7 * 86_400  # 2030-03-11, a week


def test_120_calendars_make_3_calls():
    fake = FakeGoogle()
    calendars = [f"person{n}@example.com" for n in range(120)]
    for cid in calendars:
        fake.busy[cid] = [(START + 9 * 3600, START + 10 * 3600)]
    result = on_fake(fake, calendars, START, END)
    calls = [json.loads(r.content) for r in fake.requests]
    assert [len(c["items"]) for c in calls] == [50, 50, 20]
    assert calls[0]["timeMin"] == "2030-03-11T00:00:00Z"
    assert calls[0]["timeZone"] == "UTC"
    assert result["person7@example.com"].blocks == [(START + 9 * 3600, START + 10 * 3600)]


def test_a_calendar_error_fails_only_that_calendar():
    fake = FakeGoogle()
    fake.busy["a@example.com"] = []
    result = on_fake(fake, ["a@example.com", "b@example.com"], START, END)  # b is unknown to Google
    assert result["a@example.com"].error is None
    assert "notFound" in result["b@example.com"].error


def test_the_refresh_token_is_exchanged_once_and_the_access_token_kept(monkeypatch, settings):
    posts = []

    def token_endpoint(url, data, timeout):
        posts.append(data)
        return httpx.Response(
            200,
            json={"access_token": "fresh", "expires_in": 3600, "token_type": "Bearer"},
            request=httpx.Request("POST", url),
        )

    settings.delenv("WHOFREE_GOOGLE_ACCESS_TOKEN", raising=False)
    settings.setenv("WHOFREE_GOOGLE_REFRESH_TOKEN", "r")
    settings.setenv("WHOFREE_GOOGLE_CLIENT_ID", "c")
    current = settings.setenv("WHOFREE_GOOGLE_CLIENT_SECRET", "s")
    monkeypatch.setattr(httpx, "post", token_endpoint)
    tokens: dict = {}  # a new container's
    assert google.access_token(tokens, current) == "fresh"
    assert google.access_token(tokens, current) == "fresh"
    assert len(posts) == 1
    assert posts[0]["grant_type"] == "refresh_token"


def test_without_credentials_it_is_a_provider_error(monkeypatch, settings):
    for name in ("WHOFREE_GOOGLE_ACCESS_TOKEN", "WHOFREE_GOOGLE_REFRESH_TOKEN"):
        current = settings.delenv(name, raising=False)
    with pytest.raises(google.ProviderError):
        google.access_token({}, current)


# ---------------------------------------------------------------- on the faithful fake (tests/fakes/google.py)


DAY = 86_400


def on_fake(fake: FakeGoogle, calendars, start, end):
    async def go():
        async with ProviderClient(
            "google",
            "https://google.test",
            {"Authorization": f"Bearer {TOKEN}"},
            Deadline.after(10),
            transport=fake.transport(),
            backoff=0.001,
        ) as client:
            return await google.Google(client).busy(calendars, start, end)

    return asyncio.run(go())


def test_the_fake_refuses_a_range_over_90_days():
    fake = FakeGoogle()
    fake.busy["a@example.com"] = []
    with httpx.Client(transport=fake.transport()) as client:
        answer = client.post(
            "https://google.test/calendar/v3/freeBusy",
            json={
                "timeMin": "2030-03-11T00:00:00Z",
                "timeMax": "2030-06-11T00:00:00Z",
                "items": [{"id": "a@example.com"}],
            },
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert answer.status_code == 400
    assert answer.json()["error"]["errors"][0]["reason"] == "timeRangeTooLong"


def test_a_92_day_request_with_buffers_is_split_into_pieces_google_accepts():
    fake = FakeGoogle()
    calendars = [f"p{n}@example.com" for n in range(60)]
    start, end = START - 3600, START + 92 * DAY + 1800  # whofree's longest range plus buffers
    for n, cid in enumerate(calendars):
        fake.busy[cid] = [(START + n * 3600, START + n * 3600 + 1800), (START + 91 * DAY, START + 91 * DAY + 3600)]
    result = on_fake(fake, calendars, start, end)
    assert all(b.error is None for b in result.values())
    assert result["p3@example.com"].blocks == [
        (START + 3 * 3600, START + 3 * 3600 + 1800),
        (START + 91 * DAY, START + 91 * DAY + 3600),
    ]
    sent = [json.loads(r.content) for r in fake.requests]
    assert len(sent) == 4  # 2 batches (50 + 10) x 2 pieces

    pieces = sorted({(b["timeMin"], b["timeMax"]) for b in sent})
    assert pieces == [
        ("2030-03-10T23:00:00Z", "2030-06-08T23:00:00Z"),
        ("2030-06-08T23:00:00Z", "2030-06-11T00:30:00Z"),
    ]


def test_rate_limit_403s_from_google_are_retried_and_the_answer_arrives():
    fake = FakeGoogle()
    fake.busy["a@example.com"] = [(START + 3600, START + 7200)]
    fake.rate_limited = 2
    result = on_fake(fake, ["a@example.com"], START, END)
    assert result["a@example.com"].error is None
    assert result["a@example.com"].blocks == [(START + 3600, START + 7200)]
    assert len(fake.requests) == 3


# ---------------------------------------------------------------- answers of another shape (200)

GOOD, ODD = "good@example.com", "odd@example.com"


@pytest.mark.parametrize(
    "entry",
    [
        {},  # neither busy nor errors: unreadable, not free
        {"busy": "all day"},
        {"busy": [{"start": "2030-03-11T09:00:00Z"}]},
        {"busy": ["2030-03-11T09:00:00Z"]},
        {"busy": [{"start": "2030-03-11T09:00:00", "end": "2030-03-11T10:00:00"}]},  # no offset
        {"busy": {"start": "2030-03-11T09:00:00Z", "end": "2030-03-11T10:00:00Z"}},
        {"errors": "broken"},
        "busy",
        [],
    ],
)
def test_a_calendar_entry_of_another_shape_fails_that_calendar_only(entry):
    fake = FakeGoogle()
    fake.busy[GOOD] = [(START + 3600, START + 7200)]
    fake.malformed[ODD] = entry
    result = on_fake(fake, [GOOD, ODD], START, END)
    assert result[GOOD].error is None
    assert result[GOOD].blocks == [(START + 3600, START + 7200)]
    assert "Google sent busy times for this calendar whofree could not read" in result[ODD].error
    assert result[ODD].blocks == []


@pytest.mark.parametrize("envelope", [{"kind": "calendar#freeBusy"}, {"calendars": []}, {"calendars": "x"}, ["x"], "x"])
def test_an_envelope_of_another_shape_fails_every_calendar_of_the_call(envelope):
    fake = FakeGoogle()
    fake.busy[GOOD] = []
    fake.envelope = envelope
    result = on_fake(fake, [GOOD], START, END)
    assert "Google sent free/busy whofree could not read" in result[GOOD].error
    assert result[GOOD].blocks == []


def test_the_decoding_failure_is_logged_without_the_body(caplog):
    fake = FakeGoogle()
    fake.malformed[ODD] = {"busy": [{"start": "secret-looking-value"}]}
    on_fake(fake, [ODD], START, END)
    logged = [r for r in caplog.records if r.getMessage() == "provider answer of another shape"]
    assert logged
    assert logged[0].exc_info is not None
    assert "secret-looking-value" not in caplog.text


def test_a_token_answer_of_another_shape_is_a_provider_error(monkeypatch, settings):
    def token_endpoint(url, data, timeout):
        return httpx.Response(200, json={"access_token": 42}, request=httpx.Request("POST", url))

    current = settings.delenv("WHOFREE_GOOGLE_ACCESS_TOKEN", raising=False)
    for name in ("REFRESH_TOKEN", "CLIENT_ID", "CLIENT_SECRET"):
        current = settings.setenv(f"WHOFREE_GOOGLE_{name}", "x")
    monkeypatch.setattr(httpx, "post", token_endpoint)
    with pytest.raises(google.ProviderError, match="could not read"):
        google.access_token({}, current)


def test_a_call_that_fails_is_logged_when_it_becomes_each_calendars_error(caplog):
    fake = FakeGoogle()
    fake.envelope = {"error": "backend unavailable"}
    result = on_fake(fake, [GOOD], START, END)
    logged = [r for r in caplog.records if r.getMessage() == "provider error made a warning"]
    assert [r.error for r in logged] == ["ProviderError"]
    assert logged[0].why == result[GOOD].error
