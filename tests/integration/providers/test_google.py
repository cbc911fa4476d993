"""Google freeBusy through whofree.sources on the fake Google served on 127.0.0.1."""

from __future__ import annotations

import asyncio

from tests.fakes.google import TOKEN, FakeGoogle
from tests.helpers import context
from tests.unit.providers.test_google import DAY, START
from whofree import sources
from whofree.models import GoogleSource


def test_92_days_through_sources_on_a_served_fake(settings):
    fake = FakeGoogle()
    fake.busy["a@example.com"] = [(START + 91 * DAY, START + 91 * DAY + 3600)]
    settings.setenv("WHOFREE_GOOGLE_BASE_URL", fake.serve())
    settings.setenv("WHOFREE_GOOGLE_ACCESS_TOKEN", TOKEN)
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.001")
    try:
        source = GoogleSource(provider="google", calendar_id="a@example.com")
        read = asyncio.run(
            sources.busy([sources.Sourced("a", source, "UTC")], START - 3600, START + 92 * DAY + 3600, context())
        )
        busy, failed = read.busy, read.failed
    finally:
        fake.stop()
    assert failed == {}
    assert busy["a"] == [(START + 91 * DAY, START + 91 * DAY + 3600)]
