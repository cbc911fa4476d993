"""Cached answers and hit counters against DynamoDB Local."""

from __future__ import annotations

import json
import os
import time

from functions.api import app as api
from tests.helpers import context
from tests.integration.test_configured_event_types import CONFIG, put, times
from whofree.data import answers, hits
from whofree.domain import EventType, Host, ProviderSlot
from whofree.times import cache
from whofree.times.dispatch import read_request
from whofree.times.types import Labelled


def save(table, request, labelled) -> None:
    """Cache ``labelled`` as a computation that began now would."""
    now = context(table)
    cache.save(now, request, labelled, cache.begin(now, request))


def test_a_second_request_is_a_hit_with_the_same_body(table, event, lambda_context):
    put(event, lambda_context, "team", CONFIG)
    status, headers, first = times(event, lambda_context, "team")
    assert (status, headers["X-Cache"]) == (200, "miss")
    status, headers, second = times(event, lambda_context, "team")
    assert (status, headers["X-Cache"]) == (200, "hit")
    assert second == first


def test_a_shorter_range_inside_a_cached_one_is_a_hit_and_exact(table, event, lambda_context):
    put(event, lambda_context, "team", CONFIG)
    _, _, whole = times(event, lambda_context, "team")
    status, headers, part = times(
        event, lambda_context, "team", start_time="2030-03-11T15:00:00Z", end_time="2030-03-11T17:00:00Z"
    )
    assert status == 200
    assert headers["X-Cache"] == "hit"
    assert [s["start_time"] for s in part["collection"]] == [
        "2030-03-11T15:00:00Z",
        "2030-03-11T15:30:00Z",
        "2030-03-11T16:00:00Z",
    ]
    assert part["collection"] == [
        s
        for s in whole["collection"]
        if s["start_time"] in ("2030-03-11T15:00:00Z", "2030-03-11T15:30:00Z", "2030-03-11T16:00:00Z")
    ]
    # Outside the cached range: computed again.
    _, headers, _ = times(event, lambda_context, "team", end_time="2030-03-13T00:00:00Z")
    assert headers["X-Cache"] == "miss"
    # Another hosts filter is another answer.
    _, headers, _ = times(event, lambda_context, "team", hosts="ben@example.com")
    assert headers["X-Cache"] == "miss"


def test_expired_answers_are_never_served(table, event, lambda_context):
    put(event, lambda_context, "team", CONFIG)
    times(event, lambda_context, "team")
    request = read_request(
        {"event_type": "team", "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
    )
    assert cache.load(context(table), request) is not None
    assert cache.load(context(table, at=time.time() + context(table).settings.answer_ttl + 1), request) is None


def test_answers_with_warnings_are_not_cached(table):
    request = read_request(
        {"event_type": "x", "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
    )
    labelled = Labelled(EventType("x", None, 30, None, []), [], [{"participant": "a", "title": "t", "message": "m"}])
    save(table, request, labelled)
    assert cache.load(context(table), request) is None


def test_an_answer_larger_than_an_item_round_trips(table):
    request = read_request(
        {"event_type": "big", "start_time": "2030-03-01T00:00:00Z", "end_time": "2030-05-31T00:00:00Z"}
    )
    start = 1_898_553_600  # 2030-03-01
    # Random ids, so that compression cannot make it fit one item.
    slots = [
        (ProviderSlot(start + n * 900, 1, None), [Host(id=os.urandom(48).hex()) for _ in range(2)]) for n in range(8000)
    ]
    labelled = Labelled(EventType("big", "Big", 15, None, []), slots, [])
    save(table, request, labelled)
    head = table.get("ANSWER#big", f"{cache.variant(request)}#head")
    assert head["parts"] > 1  # it did not fit one item
    got = cache.load(context(table), request)
    assert got.starts() == [s.start for s, _ in slots]
    assert got.texts() == labelled.texts()  # what a hit serves: every slot exactly as first written


def test_requests_count_hits_per_hour_and_rank_event_types(table, event, lambda_context):
    put(event, lambda_context, "popular", CONFIG)
    put(event, lambda_context, "quiet", CONFIG)
    for _ in range(3):
        times(event, lambda_context, "popular")
    times(event, lambda_context, "quiet")
    counted = api.RUNTIME.context(10)  # the function that counted them (its counts not yet written)
    assert hits.popular(counted, hours=2, top=5) == ["popular", "quiet"]
    assert hits.popular(counted, hours=2, top=1) == ["popular"]
    assert json.dumps(hits.popular(context(table, at=time.time() + 3 * 86_400), hours=1, top=5)) == "[]"


def test_a_large_answer_is_cached_as_bitsets_and_served_exactly(table):
    """Above cache.RENDERED_LIMIT an answer is stored as its hosts and per-slot bitsets (not each slot's
    JSON): a hit writes the same slots, provider fields and explain reasons included."""
    request = read_request(
        {
            "event_type": "wide",
            "start_time": "2030-03-01T00:00:00Z",
            "end_time": "2030-03-31T00:00:00Z",
            "explain": "true",
        }
    )
    start = 1_898_553_600  # 2030-03-01
    hosts = [Host(id=f"{n:03d}-{'h' * 60}@example.com", name=f"H{n}") for n in range(60)]
    slots = [
        (ProviderSlot(start + n * 900, n % 3 or None, f"https://x.test/{n}" if n % 2 else None), hosts[n % 5 :: 2])
        for n in range(2000)
    ]
    why = [[(h.id, "busy" if n % 2 else "held") for h in hosts if h not in free] for n, (_, free) in enumerate(slots)]
    labelled = Labelled(EventType("wide", "Wide", 15, None, hosts), slots, [], unavailable=why)
    save(table, request, labelled)
    data = answers.get(table, "wide", cache.variant(request)).data
    header, _, written = data.partition(b"\n")
    assert b'"roster"' in header
    assert not written  # no slot's JSON
    got = cache.load(context(table), request)
    assert got.texts() == labelled.texts()
