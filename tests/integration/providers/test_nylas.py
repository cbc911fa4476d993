"""Nylas free/busy through whofree.sources on the fake Nylas served on 127.0.0.1."""

from __future__ import annotations

import asyncio

from tests.fakes.nylas import KEY, FakeNylas
from tests.helpers import context
from tests.unit.providers.test_nylas import DAY, START
from whofree import sources
from whofree.models import NylasSource


def test_25_microsoft_hosts_through_sources_on_a_served_fake(settings):
    fake = FakeNylas()
    fake.providers["grant-m"] = "microsoft"
    settings.setenv("WHOFREE_NYLAS_BASE_URL", fake.url)
    settings.setenv("WHOFREE_NYLAS_API_KEY", KEY)
    for i in range(25):
        fake.busy[("grant-m", f"p{i}@contoso.com")] = [(START + i * 3600, START + i * 3600 + 1800)]
    hosts = [
        sources.Sourced(
            f"p{i}@contoso.com", NylasSource(provider="nylas", grant_id="grant-m", email=f"p{i}@contoso.com"), "UTC"
        )
        for i in range(25)
    ]
    try:
        read = asyncio.run(sources.busy(hosts, START, START + 2 * DAY, context()))
        found, failed = read.busy, read.failed
    finally:
        fake.stop()
    assert failed == {}
    assert found["p24@contoso.com"] == [(START + 24 * 3600, START + 24 * 3600 + 1800)]
    assert sorted(len(c["emails"]) for c in fake.calls) == [5, 20]
