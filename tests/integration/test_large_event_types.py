"""A large configured event type (500 hosts with long ids, 5-minute slots): a page writes only the slots
it serves, computed or from the cache, and its memory stays bounded whatever the range holds."""

from __future__ import annotations

import tracemalloc
from urllib.parse import parse_qs, urlparse

import pytest

from tests.integration.test_configured_event_types import put, times
from whofree.times import types

HOSTS = 500
LARGE = {
    "name": "All hands",
    "duration_minutes": 5,
    "interval_minutes": 5,
    "timezone": "UTC",
    "hosts": [
        {
            "id": f"{n:03d}-{'x' * 238}@example.com",  # 254 characters
            "name": f"Host {n}",
            "timezone": "UTC",
            "open_hours": [
                {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "00:00", "end": "24:00"}
            ],
            "busy": [{"start_time": "2030-03-11T10:00:00Z", "end_time": "2030-03-11T11:00:00Z"}] if n % 2 else [],
        }
        for n in range(HOSTS)
    ],
}
SPAN = {"start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-14T00:00:00Z"}  # 864 slots


@pytest.fixture
def rendered(monkeypatch):
    """How many slots were written as JSON."""
    written = []
    render = types.render

    def counting(*args, **kwargs):
        written.append(args[0].start)
        return render(*args, **kwargs)

    monkeypatch.setattr(types, "render", counting)
    return written


@pytest.mark.parametrize("explain", ["false", "true"])
def test_a_small_page_of_a_large_event_type_writes_only_its_slots(table, event, lambda_context, rendered, explain):
    assert put(event, lambda_context, "all-hands", LARGE)[0] == 201
    tracemalloc.start()
    try:
        status, headers, first = times(event, lambda_context, "all-hands", count="5", explain=explain, **SPAN)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (status, headers["X-Cache"]) == (200, "miss")
    assert len(first["collection"]) == 5
    assert len(first["collection"][0]["available_hosts"]) == HOSTS
    # Every slot written would be 864 slots x 500 hosts x ~290 bytes: over 120 MB (this page: ~6 MB).
    assert peak < 30_000_000, peak
    assert len(rendered) <= 5

    # The next page continues exactly where the first stopped, from the cache, and writes 5 slots more.
    token = first["pagination"]["next_page_token"]
    assert parse_qs(urlparse(first["pagination"]["next_page"]).query)["page_token"] == [token]
    rendered.clear()
    tracemalloc.start()
    try:
        status, headers, second = times(
            event, lambda_context, "all-hands", count="5", explain=explain, page_token=token, **SPAN
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (status, headers["X-Cache"]) == (200, "hit")
    assert peak < 30_000_000, peak
    assert len(rendered) <= 5
    _, _, ten = times(event, lambda_context, "all-hands", count="10", explain=explain, **SPAN)
    assert first["collection"] + second["collection"] == ten["collection"]
    assert [s["start_time"] for s in ten["collection"]][:2] == ["2030-03-11T00:00:00Z", "2030-03-11T00:05:00Z"]
    busy = next(s for s in ten["collection"] if s["start_time"] == "2030-03-11T00:00:00Z")
    if explain == "true":
        assert busy["unavailable"] == []
        _, _, ten_am = times(
            event,
            lambda_context,
            "all-hands",
            count="1",
            explain="true",
            start_time="2030-03-11T10:00:00Z",
            end_time="2030-03-11T10:05:00Z",
        )
        (slot,) = ten_am["collection"]
        assert [h["id"] for h in slot["unavailable"]] == [LARGE["hosts"][n]["id"] for n in range(1, HOSTS, 2)]
        assert {h["reason"] for h in slot["unavailable"]} == {"busy"}
        assert [h["id"] for h in slot["available_hosts"]] == [LARGE["hosts"][n]["id"] for n in range(0, HOSTS, 2)]
