"""Nylas free/busy: batching, range splitting, per-email errors (shapes from providers.md §3.2)."""

from __future__ import annotations

import asyncio
import json

import httpx

from whofree.providers.http import Deadline, ProviderClient
from whofree.providers.nylas import Nylas, NylasHost

START = 1_899_417_600  # 2030-03-11T00:00:00Z


def fake(calls: list, broken: set[str] = frozenset(), failing_grant: str | None = None):
    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        grant = request.url.path.split("/")[3]
        calls.append((grant, body))
        assert request.headers["Authorization"] == "Bearer nyk_test"
        if grant == failing_grant:
            return httpx.Response(
                401, json={"request_id": "r", "error": {"type": "unauthorized", "message": "bad grant"}}
            )
        data = []
        for email in body["emails"]:
            if email in broken:
                data.append({"object": "error", "email": email, "error": "Unable to resolve e-mail address"})
            else:
                data.append(
                    {
                        "object": "free_busy",
                        "email": email,
                        "time_slots": [
                            {
                                "object": "time_slot",
                                "status": "busy",
                                "start_time": body["start_time"] + 3600,
                                "end_time": body["start_time"] + 7200,
                            },
                        ],
                    }
                )
        return httpx.Response(200, json={"request_id": "r", "data": data})

    return httpx.MockTransport(handle)


def busy(hosts, transport, end=START + 7 * 86_400):
    async def go():
        async with ProviderClient(
            "nylas",
            "https://nylas.test",
            {"Authorization": "Bearer nyk_test"},
            Deadline.after(10),
            transport=transport,
            backoff=0.001,
        ) as client:
            return await Nylas(client).busy(hosts, START, end)

    return asyncio.run(go())


def test_120_hosts_on_one_grant_make_3_calls():
    calls: list = []
    hosts = [NylasHost(f"h{i}", "grant-a", f"p{i}@example.com") for i in range(120)]
    result = busy(hosts, fake(calls))
    assert [len(body["emails"]) for _, body in calls] == [50, 50, 20]
    assert all(body["start_time"] == START and isinstance(body["end_time"], int) for _, body in calls)
    assert result["h7"].blocks == [(START + 3600.0, START + 7200.0)]
    assert all(b.error is None for b in result.values())


def test_hosts_group_by_grant_and_long_ranges_split_at_62_days():
    calls: list = []
    hosts = [NylasHost("a", "grant-a", "a@x.com"), NylasHost("b", "grant-b", "b@x.com")]
    result = busy(hosts, fake(calls), end=START + 70 * 86_400)
    assert sorted((g, b["end_time"] - b["start_time"]) for g, b in calls) == [
        ("grant-a", 8 * 86_400),
        ("grant-a", 62 * 86_400),
        ("grant-b", 8 * 86_400),
        ("grant-b", 62 * 86_400),
    ]
    assert len(result["a"].blocks) == 2  # one block per window in this fake


def test_a_per_email_error_fails_only_that_host():
    calls: list = []
    hosts = [NylasHost("a", "g", "a@x.com"), NylasHost("b", "g", "b@x.com")]
    result = busy(hosts, fake(calls, broken={"b@x.com"}))
    assert result["a"].error is None
    assert "Unable to resolve" in result["b"].error
    assert result["b"].blocks == []


def test_a_failing_grant_fails_its_hosts_only():
    calls: list = []
    hosts = [NylasHost("a", "good", "a@x.com"), NylasHost("b", "bad", "b@x.com")]
    result = busy(hosts, fake(calls, failing_grant="bad"))
    assert result["a"].error is None
    assert "401" in result["b"].error
