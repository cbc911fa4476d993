"""The warmer against DynamoDB Local: after a run, the popular event types answer from cache."""

from __future__ import annotations

import json

from functions.api import app as api
from functions.warmer import app as warmer
from tests.helpers import context
from tests.integration.test_configured_event_types import CONFIG, put, times
from whofree.data import answers, hits


def test_after_a_warm_run_popular_event_types_are_hits(table, event, lambda_context, monkeypatch, settings):
    for name in ("popular", "second", "cold"):
        put(event, lambda_context, name, CONFIG)
    # Requests count hits; the cold one is never asked for.
    for _ in range(3):
        times(event, lambda_context, "popular")
    times(event, lambda_context, "second")
    answers.drop(table, "popular")
    answers.drop(table, "second")
    hits.flush_hits(api.RUNTIME.context(10))  # as the API function does within a minute
    settings.setenv("WARM_TOP_N", "2")
    report = warmer.lambda_handler(json.loads(open("events/warmer.json").read()), lambda_context)  # noqa: SIM115
    assert sorted(report["warmed"]) == ["popular", "second"]
    assert report["failed"] == {}
    # The schedule's time is 2030-03-10: the team's Monday 2030-03-11 is inside the next 14 days.
    for name in ("popular", "second"):
        status, headers, _ = times(event, lambda_context, name)
        assert (status, headers["X-Cache"]) == (200, "hit")
    assert times(event, lambda_context, "cold")[1]["X-Cache"] == "miss"


def test_one_failing_event_type_does_not_stop_the_others(table, event, lambda_context, monkeypatch):
    put(event, lambda_context, "fine", CONFIG)
    times(event, lambda_context, "fine")
    hits.count_hit(context(table), "deleted-since")
    report = warmer.lambda_handler(json.loads(open("events/warmer.json").read()), lambda_context)  # noqa: SIM115
    assert report["warmed"] == ["fine"]
    assert list(report["failed"]) == ["deleted-since"]
