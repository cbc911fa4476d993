"""Google freeBusy: batching into as few calls as possible, per-calendar errors, token refresh."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from whofree.providers import google
from whofree.providers.http import Deadline, ProviderClient

START, END = 1_899_417_600, 1_899_417_600 + 7 * 86_400  # 2030-03-11, a week


def fake(calls: list, errors: dict[str, str] | None = None):
    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        calls.append(body)
        assert request.url.path == "/calendar/v3/freeBusy"
        assert request.headers["Authorization"] == "Bearer g-token"
        calendars = {}
        for item in body["items"]:
            cid = item["id"]
            if cid in (errors or {}):
                calendars[cid] = {"errors": [{"domain": "global", "reason": errors[cid]}], "busy": []}
            else:
                calendars[cid] = {
                    "errors": [],
                    "busy": [{"start": "2030-03-11T09:00:00Z", "end": "2030-03-11T10:00:00Z"}],
                }
        return httpx.Response(
            200,
            json={
                "kind": "calendar#freeBusy",
                "timeMin": body["timeMin"],
                "timeMax": body["timeMax"],
                "calendars": calendars,
            },
        )

    return httpx.MockTransport(handle)


def busy(calendars, transport):
    async def go():
        async with ProviderClient(
            "google",
            "https://google.test",
            {"Authorization": "Bearer g-token"},
            Deadline.after(10),
            transport=transport,
            backoff=0.001,
        ) as client:
            return await google.Google(client).busy(calendars, START, END)

    return asyncio.run(go())


def test_120_calendars_make_3_calls():
    calls: list = []
    result = busy([f"person{n}@example.com" for n in range(120)], fake(calls))
    assert [len(c["items"]) for c in calls] == [50, 50, 20]
    assert calls[0]["timeMin"] == "2030-03-11T00:00:00Z"
    assert calls[0]["timeZone"] == "UTC"
    assert result["person7@example.com"].blocks == [(START + 9 * 3600, START + 10 * 3600)]


def test_a_calendar_error_fails_only_that_calendar():
    calls: list = []
    result = busy(["a@example.com", "b@example.com"], fake(calls, {"b@example.com": "notFound"}))
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
    settings.setenv("WHOFREE_GOOGLE_CLIENT_SECRET", "s")
    monkeypatch.setattr(httpx, "post", token_endpoint)
    monkeypatch.setattr(google, "_token", google._token.emptied())
    assert google.access_token() == "fresh"
    assert google.access_token() == "fresh"
    assert len(posts) == 1
    assert posts[0]["grant_type"] == "refresh_token"


def test_without_credentials_it_is_a_provider_error(monkeypatch):
    for name in ("WHOFREE_GOOGLE_ACCESS_TOKEN", "WHOFREE_GOOGLE_REFRESH_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(google, "_token", google._token.emptied())
    with pytest.raises(google.ProviderError):
        google.access_token()
