"""GET /v1/event_type_available_times end to end: the API handler against a fake Calendly on loopback.

Three round-robin hosts in New York, London and Tokyo; memberships come in two pages; the 10-day range
crosses New York's clock change and needs two busy-time calls per host. The expected labels come from
the reference implementation (tests/reference.py), not from the engine.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from functions.api import app as api
from tests.fakes import calendly_demo
from tests.fakes.calendly import TOKEN
from tests.helpers import call_handler
from tests.reference import reference


@pytest.fixture
def calendly(monkeypatch, settings):
    fake, _ = calendly_demo.build(page_size=2)
    url = fake.start()
    settings.setenv("WHOFREE_CALENDLY_BASE_URL", url)
    settings.setenv("WHOFREE_CALENDLY_TOKEN", TOKEN)
    settings.setenv("WHOFREE_PROVIDER_TIMEOUT", "1")
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.01")
    yield fake
    fake.stop()


def get(event, context, **query) -> tuple[int, dict, dict]:
    ev = event("event_type_available_times")
    params = {k: v for k, v in {**ev["queryStringParameters"], **query}.items() if v is not None}
    status, headers, body = call_handler(api.lambda_handler, ev, context, query=params)
    return status, headers, json.loads(body)


def expected() -> list[tuple[str, list[str]]]:
    return [
        (datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), ids)
        for t, ids in reference(calendly_demo.reference_request(), 0)
    ]


def test_every_slot_is_labelled_with_exactly_the_free_hosts(calendly, event, lambda_context):
    status, headers, body = get(event, lambda_context)
    assert status == 200, body
    assert headers["X-Cache"] == "miss"
    got = [(s["start_time"], [h["id"] for h in s["available_hosts"]]) for s in body["collection"]]
    assert got == expected()
    assert len(got) > 100
    assert {len(ids) for _, ids in got} == {1, 2, 3}  # the fixture has slots for one, two and three hosts
    first = body["collection"][0]
    assert first["status"] == "available"
    assert first["invitees_remaining"] == 1
    assert first["scheduling_url"].startswith("https://calendly.com/acme/")
    assert first["available_hosts"][0].keys() == {"id", "name", "email", "uri"}
    assert "warnings" not in body


def test_provider_limits_are_split_and_pages_followed(calendly, event, lambda_context):
    get(event, lambda_context)
    assert len(calendly.calls("/event_type_memberships")) == 2  # 3 hosts, 2 per page
    busy = calendly.calls("/user_busy_times")
    assert len(busy) == 2 * 3  # 10 days = 7 + 3, for each host
    assert len(calendly.calls("/event_type_available_times")) == 1


def test_hosts_filter_narrows_slots_and_labels(calendly, event, lambda_context):
    status, _, body = get(event, lambda_context, hosts="chiyo@example.com")
    assert status == 200
    want = [(s, ["chiyo@example.com"]) for s, ids in expected() if "chiyo@example.com" in ids]
    assert [(s["start_time"], [h["id"] for h in s["available_hosts"]]) for s in body["collection"]] == want
    status, _, body = get(event, lambda_context, hosts="nobody@example.com")
    assert status == 400
    assert body["details"][0]["parameter"] == "hosts"


def test_pages_follow_with_next_page(calendly, event, lambda_context):
    status, _, first = get(event, lambda_context, count="50")
    assert status == 200
    assert first["pagination"]["count"] == 50
    assert first["pagination"]["next_page"].startswith("http://127.0.0.1:3000/v1/event_type_available_times?")
    status, _, second = get(event, lambda_context, count="50", page_token=first["pagination"]["next_page_token"])
    assert [s["start_time"] for s in second["collection"]] == [s for s, _ in expected()[50:100]]
    status, _, _ = get(
        event,
        lambda_context,
        count="50",
        page_token=first["pagination"]["next_page_token"],
        end_time="2030-03-17T00:00:00Z",
    )
    assert status == 400


# ---------------------------------------------------------------- faults


def test_rate_limits_and_server_errors_are_retried(calendly, event, lambda_context):
    calendly.fail("/user_busy_times", "429", user="https://api.calendly.com/users/alice")
    calendly.fail("/event_types/", "500")
    calendly.fail("/user_availability_schedules", "garbage", user="https://api.calendly.com/users/bashir")
    status, _, body = get(event, lambda_context)
    assert status == 200
    assert "warnings" not in body
    assert [(s["start_time"], [h["id"] for h in s["available_hosts"]]) for s in body["collection"]] == expected()


def test_a_failing_host_is_a_warning_and_never_labelled(calendly, event, lambda_context):
    calendly.fail("/user_busy_times", "500", user="https://api.calendly.com/users/bashir", always=True)
    status, _, body = get(event, lambda_context)
    assert status == 200
    assert body["warnings"] == [
        {
            "participant": "bashir@example.com",
            "title": "External Calendar Error",
            "message": body["warnings"][0]["message"],
        }
    ]
    assert "500" in body["warnings"][0]["message"]
    labels = [[h["id"] for h in s["available_hosts"]] for s in body["collection"]]
    assert all("bashir@example.com" not in ids for ids in labels)
    # The others are still answered exactly as the reference says.
    want = [[i for i in ids if i != "bashir@example.com"] for _, ids in expected()]
    assert labels == want
    # Bounded: at most the first call and four retries per busy window; the others untouched.
    calls = calendly.calls("/user_busy_times")
    assert 5 <= sum(c["user"].endswith("/bashir") for c in calls) <= 2 * 5
    assert sum(c["user"].endswith("/alice") for c in calls) == 2


def test_a_host_outside_the_organization_is_not_retried(calendly, event, lambda_context):
    calendly.fail("/user_availability_schedules", "403", user="https://api.calendly.com/users/chiyo", always=True)
    status, _, body = get(event, lambda_context)
    assert status == 200
    assert body["warnings"][0]["participant"] == "chiyo@example.com"
    assert len(calendly.calls("/user_availability_schedules")) == 3


def test_timeouts_become_warnings(calendly, event, lambda_context, monkeypatch, settings):
    settings.setenv("WHOFREE_PROVIDER_RETRIES", "1")
    calendly.fail("/user_busy_times", "timeout", user="https://api.calendly.com/users/alice", always=True)
    status, _, body = get(event, lambda_context)
    assert status == 200
    assert body["warnings"][0]["participant"] == "alice@example.com"
    assert "could not be reached" in body["warnings"][0]["message"]


def test_every_host_failing_is_424(calendly, event, lambda_context):
    calendly.fail("/user_busy_times", "500", always=True)
    status, _, body = get(event, lambda_context)
    assert status == 424
    assert body["title"] == "External Calendar Error"
    assert set(body) == {"title", "message", "details"}


def test_unknown_event_type_is_404(calendly, event, lambda_context):
    status, _, body = get(event, lambda_context, event_type="https://api.calendly.com/event_types/NOPE")
    assert status == 404
    assert body["title"] == "Resource Not Found"
    status, _, body = get(event, lambda_context, event_type="not-an-event-type")
    assert status == 404


def test_bad_credentials_are_424_and_the_token_never_leaks(calendly, event, lambda_context, monkeypatch, settings):
    settings.setenv("WHOFREE_CALENDLY_TOKEN", "wrong-secret-value")
    status, _, body = get(event, lambda_context)
    assert status == 424
    assert "wrong-secret-value" not in json.dumps(body)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"start_time": None}, "start_time"),
        ({"end_time": "2030-03-07T00:00:00Z"}, "end_time"),
        ({"end_time": "2030-07-01T00:00:00Z"}, "end_time"),
        ({"start_time": "2030-03-08T00:00:00"}, "start_time"),
        ({"timezone": "Mars/Base"}, "timezone"),
        ({"count": "0"}, "count"),
        ({"count": "ten"}, "count"),
        ({"colour": "blue"}, "colour"),
        ({"event_type": None}, "event_type"),
        ({"page_token": "bogus"}, "page_token"),
    ],
)
def test_bad_queries_are_400(calendly, event, lambda_context, query, parameter):
    status, _, body = get(event, lambda_context, **query)
    assert status == 400
    assert parameter in [d["parameter"] for d in body["details"]]


def test_readme_example_is_what_the_service_answers(calendly, event, lambda_context):
    import re
    from pathlib import Path
    from urllib.parse import parse_qs, urlsplit

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("### Who is free in a Calendly event type?", 1)[1]
    url = re.search(r"curl -s '([^']+)'", section).group(1)
    shown = json.loads(re.search(r"```json\n(.*?)\n```", section, re.S).group(1))
    query = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
    reply = call_handler(api.lambda_handler, event("event_type_available_times"), lambda_context, query=query)
    assert json.loads(reply.body) == shown


def test_provider_calls_are_counted_in_metrics(calendly, event, lambda_context, monkeypatch, capsys):
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED")
    calendly.fail("/user_busy_times", "429", user="https://api.calendly.com/users/alice")
    get(event, lambda_context)
    emf = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    names = {m["Name"] for blob in emf for m in blob["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert {
        "CalendlyCalls",
        "CalendlyRetries",
        "CalendlyFailures",
        "CalendlyLatencyMean",
        "CalendlyLatencyMax",
        "ProviderFailures",  # every provider's together, for the template's alarm
    } <= names
    values = {k: v for blob in emf for k, v in blob.items() if k.startswith("Calendly")}
    assert values["CalendlyRetries"] in (1.0, [1.0])
    assert values["CalendlyCalls"] in (len(calendly.requests), [float(len(calendly.requests))])
