"""Nylas free/busy on the faithful fake (tests/fakes/nylas.py): batches per grant provider, 30-day
pieces, per-email errors, emails matched whatever their case."""

from __future__ import annotations

import asyncio

import pytest

from tests.fakes.nylas import KEY, FakeNylas
from whofree.providers import nylas
from whofree.providers.http import Deadline, ProviderClient
from whofree.providers.nylas import Nylas, NylasHost

START = 1_899_417_600  # 2030-03-11T00:00:00Z
DAY = 86_400


def busy(fake: FakeNylas, hosts, end=START + 7 * DAY, grants: dict[str, str] | None = None, batch: int | None = None):
    async def go():
        async with ProviderClient(
            "nylas",
            "https://nylas.test",
            {"Authorization": f"Bearer {KEY}"},
            Deadline.after(10),
            transport=fake.transport(),
            backoff=0.001,
        ) as client:
            return await Nylas(client, {} if grants is None else grants, batch).busy(hosts, START, end)

    return asyncio.run(go())


def test_120_hosts_on_a_google_grant_make_3_calls_and_the_provider_is_read_once():
    fake = FakeNylas(serve=False)
    hosts = [NylasHost(f"h{i}", "grant-a", f"p{i}@example.com") for i in range(120)]
    fake.busy[("grant-a", "p7@example.com")] = [(START + 3600, START + 7200)]
    grants: dict[str, str] = {}  # one container's
    result = busy(fake, hosts, grants=grants)
    assert [len(c["emails"]) for c in fake.calls] == [50, 50, 20]
    assert result["h7"].blocks == [(START + 3600.0, START + 7200.0)]
    assert all(b.error is None for b in result.values())
    busy(fake, hosts, grants=grants)
    assert fake.grant_lookups == ["grant-a"]  # kept for the container


def test_25_microsoft_hosts_go_20_and_5():
    fake = FakeNylas(serve=False)
    fake.providers["grant-m"] = "microsoft"
    hosts = [NylasHost(f"h{i}", "grant-m", f"p{i}@contoso.com") for i in range(25)]
    result = busy(fake, hosts)
    assert sorted(len(c["emails"]) for c in fake.calls) == [5, 20]
    assert all(b.error is None for b in result.values())


def test_the_fake_refuses_25_emails_on_a_microsoft_grant(monkeypatch):
    fake = FakeNylas(serve=False)
    fake.providers["grant-m"] = "microsoft"
    monkeypatch.setitem(nylas.BATCH, "microsoft", 50)  # what a single global batch size did
    hosts = [NylasHost(f"h{i}", "grant-m", f"p{i}@contoso.com") for i in range(25)]
    result = busy(fake, hosts)
    assert all("400" in b.error for b in result.values())


def test_the_batch_setting_caps_each_providers_size_and_never_raises_it(settings):
    cap = settings.setenv("WHOFREE_NYLAS_BATCH", "30").nylas_batch
    fake = FakeNylas(serve=False)
    fake.providers["grant-m"] = "microsoft"
    google = [NylasHost(f"g{i}", "grant-a", f"p{i}@example.com") for i in range(70)]
    microsoft = [NylasHost(f"m{i}", "grant-m", f"p{i}@contoso.com") for i in range(25)]
    result = busy(fake, google + microsoft, batch=cap)
    sizes = {
        grant: sorted(len(c["emails"]) for c in fake.calls if c["grant"] == grant) for grant in ("grant-a", "grant-m")
    }
    assert sizes == {"grant-a": [10, 30, 30], "grant-m": [5, 20]}
    assert all(b.error is None for b in result.values())
    settings.delenv("WHOFREE_NYLAS_BATCH")
    cap = settings.setenv("NYLAS_BATCH", "7").nylas_batch  # the old name, still read
    assert nylas.batch_size("google", cap) == 7


def test_an_unreadable_grant_gets_the_smallest_batch():
    fake = FakeNylas(serve=False)
    fake.unknown_grants.add("gone")
    hosts = [NylasHost(f"h{i}", "gone", f"p{i}@x.com") for i in range(25)]
    grants: dict[str, str] = {}
    result = busy(fake, hosts, grants=grants)
    assert all("404" in b.error or "no such" in b.error for b in result.values())
    assert grants == {}


def test_hosts_group_by_grant_and_long_ranges_split_at_30_days():
    fake = FakeNylas(serve=False)
    hosts = [NylasHost("a", "grant-a", "a@x.com"), NylasHost("b", "grant-b", "b@x.com")]
    fake.busy[("grant-a", "a@x.com")] = [(START + 40 * DAY, START + 40 * DAY + 3600)]
    result = busy(fake, hosts, end=START + 70 * DAY)
    assert sorted((c["grant"], c["end_time"] - c["start_time"]) for c in fake.calls) == [
        ("grant-a", 10 * DAY),
        ("grant-a", 30 * DAY),
        ("grant-a", 30 * DAY),
        ("grant-b", 10 * DAY),
        ("grant-b", 30 * DAY),
        ("grant-b", 30 * DAY),
    ]
    assert result["a"].blocks == [(START + 40 * DAY, START + 40 * DAY + 3600)]


def test_emails_match_whatever_their_case():
    fake = FakeNylas(serve=False)
    fake.busy[("g", "ana@example.com")] = [(START + 3600, START + 7200)]
    fake.spelling["Ana@Example.com"] = "ana@example.com"  # the provider answers in its own spelling
    result = busy(fake, [NylasHost("ana", "g", "Ana@Example.com"), NylasHost("ana2", "g", "ANA@example.com")])
    assert result["ana"].error is None
    assert result["ana"].blocks == [(START + 3600.0, START + 7200.0)]
    assert result["ana2"].blocks == result["ana"].blocks
    assert [c["emails"] for c in fake.calls] == [["Ana@Example.com"]]  # one address asked once


def test_a_per_email_error_fails_only_that_host():
    fake = FakeNylas(serve=False)
    fake.broken.add("b@x.com")
    result = busy(fake, [NylasHost("a", "g", "a@x.com"), NylasHost("b", "g", "b@x.com")])
    assert result["a"].error is None
    assert "Unable to resolve" in result["b"].error
    assert result["b"].blocks == []


def test_a_failing_grant_fails_its_hosts_only():
    fake = FakeNylas(serve=False)
    fake.unknown_grants.add("bad")
    result = busy(fake, [NylasHost("a", "good", "a@x.com"), NylasHost("b", "bad", "b@x.com")])
    assert result["a"].error is None
    assert result["b"].error


# ---------------------------------------------------------------- answers of another shape (200)

OK, ODD = "ok@example.com", "odd@example.com"
HOSTS = [NylasHost("ok", "grant-a", OK), NylasHost("odd", "grant-a", ODD)]


@pytest.mark.parametrize(
    "item",
    [
        {"object": "free_busy", "email": ODD},  # no busy list: not free
        {"object": "free_busy", "email": ODD, "time_slots": "busy"},
        {"object": "free_busy", "email": ODD, "time_slots": ["x"]},
        {"object": "free_busy", "email": ODD, "time_slots": {"start_time": START, "end_time": START + 60}},
        {"object": "free_busy", "email": ODD, "time_slots": [{"start_time": START + 3600}]},
        {"object": "free_busy", "email": ODD, "time_slots": [{"start_time": "soon", "end_time": START}]},
        {"object": "free_busy", "email": ODD, "time_slots": [{"start_time": START, "end_time": float("inf")}]},
        {"email": ODD, "time_slots": []},  # no object: neither free_busy nor error
        {"object": "calendar", "email": ODD, "time_slots": []},
        {"object": "error", "email": ODD, "error": {"nested": True}},
        {"object": "free_busy", "email": 7, "time_slots": []},  # whose it is cannot be read: unanswered
        "x",
    ],
)
def test_an_item_of_another_shape_fails_that_host_only(item):
    fake = FakeNylas(serve=False)
    fake.busy[("grant-a", OK)] = [(START + 3600, START + 7200)]
    fake.malformed[ODD] = item
    result = busy(fake, HOSTS)
    assert result["ok"].error is None
    assert result["ok"].blocks == [(START + 3600.0, START + 7200.0)]
    assert result["odd"].error
    assert result["odd"].blocks == []


@pytest.mark.parametrize("envelope", [{}, {"data": {}}, {"data": "x"}, {"error": "backend unavailable"}, []])
def test_an_envelope_of_another_shape_fails_every_host_of_the_call(envelope):
    fake = FakeNylas(serve=False)
    fake.envelope = envelope
    result = busy(fake, HOSTS)
    assert all("Nylas sent free/busy whofree could not read" in b.error for b in result.values())


def test_a_grant_of_another_shape_gets_the_smallest_batch():
    fake = FakeNylas(serve=False)
    fake.grant_answer = {"data": {"provider": ["google"]}}
    hosts = [NylasHost(f"h{i}", "grant-a", f"p{i}@example.com") for i in range(25)]
    result = busy(fake, hosts)
    assert [len(c["emails"]) for c in fake.calls] == [20, 5]
    assert all(b.error is None for b in result.values())
