"""Minimum notice on cache hits (API.md §2 rule 1, §3): a GET answered from the cache still drops the
slots that have come closer than the notice since the answer was computed.

Mutation check: with cache.load's ``start >= earliest`` clause removed, this test fails.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.integration.test_configured_event_types import call, put
from whofree.instants import iso

pytestmark = pytest.mark.security

HOUR = 3600


def test_a_cached_answer_drops_slots_now_inside_the_notice(table, event, lambda_context, monkeypatch, settings):
    settings.setenv("WHOFREE_ANSWER_TTL", str(86_400))  # the cached answer outlives the clock moved below
    config = {
        "name": "Always open, an hour's notice",
        "duration_minutes": 30,
        "minimum_notice_minutes": 60,
        "hosts": [{"id": "ana"}],
    }
    assert put(event, lambda_context, "notice", config)[0] == 201
    first = (int(time.time()) // HOUR + 1) * HOUR + HOUR  # at least an hour's notice now
    query = {"event_type": "notice", "start_time": iso(first), "end_time": iso(first + 4 * HOUR)}

    def get() -> tuple[str, list[str]]:
        status, headers, body = call(event, lambda_context, "GET", "/v1/event_type_available_times", query=query)
        assert status == 200, body
        return headers["X-Cache"], [s["start_time"] for s in json.loads(body)["collection"]]

    hit, starts = get()
    assert hit == "miss"
    assert starts == [iso(first + n * 1800) for n in range(8)]

    # Half an hour after the first slot: slots before first + 90 min are inside the notice now.
    later = first + 1800
    from functions.api import app as api

    monkeypatch.setattr(api.RUNTIME, "clock", lambda: later)  # the function's clock, not its table's
    hit, starts = get()
    assert hit == "hit"
    assert starts == [iso(first + n * 1800) for n in range(3, 8)]
