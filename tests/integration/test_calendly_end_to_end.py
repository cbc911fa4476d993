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
from tests.fakes.calendly import TOKEN, FakeCalendly, _ts
from tests.reference import reference

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
SHORT = {"monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri"}
START, END = "2030-03-08T00:00:00Z", "2030-03-18T00:00:00Z"
HOSTS = [
    # uuid, name, email, zone, weekday intervals, date overrides
    (
        "alice",
        "Alice Adams",
        "alice@example.com",
        "America/New_York",
        [("09:00", "17:00")],
        {"2030-03-12": [("13:00", "15:00")]},
    ),
    ("bashir", "Bashir Bello", "bashir@example.com", "Europe/London", [("08:00", "12:00"), ("13:00", "16:00")], {}),
    ("chiyo", "Chiyo Chiba", "chiyo@example.com", "Asia/Tokyo", [("18:00", "23:00")], {"2030-03-13": []}),
]
BUSY = {  # uuid -> (start, end, Calendly buffer before, after)
    "alice": [
        ("2030-03-11T14:00:00Z", "2030-03-11T15:00:00Z", 0, 0),
        ("2030-03-14T18:00:00Z", "2030-03-14T18:30:00Z", 900, 900),
    ],
    "bashir": [
        ("2030-03-11T09:00:00Z", "2030-03-11T10:30:00Z", 0, 0),
        ("2030-03-15T13:00:00Z", "2030-03-15T14:00:00Z", 0, 0),
    ],
    "chiyo": [
        ("2030-03-11T10:00:00Z", "2030-03-11T11:00:00Z", 0, 0),
        ("2030-03-17T23:00:00Z", "2030-03-18T02:00:00Z", 0, 0),
    ],
}
DURATION, AFTER_BUFFER = 30, 10


def reference_request() -> dict:
    """The same team as a §2 request, for the reference implementation."""
    people = []
    for uuid, _, email, tz, intervals, overrides in HOSTS:
        people.append(
            {
                "id": email,
                "timezone": tz,
                "open_hours": [{"days": [SHORT[d] for d in WEEKDAYS], "start": a, "end": b} for a, b in intervals],
                "date_overrides": [
                    {"date": d, "intervals": [{"start": a, "end": b} for a, b in iv]} for d, iv in overrides.items()
                ],
                "busy": [
                    {
                        "start_time": datetime.fromtimestamp(_ts(s) - bb, UTC).isoformat(),
                        "end_time": datetime.fromtimestamp(_ts(e) + ba, UTC).isoformat(),
                    }
                    for s, e, bb, ba in BUSY[uuid]
                ],
            }
        )
    return {
        "start_time": START,
        "end_time": END,
        "duration_minutes": DURATION,
        "interval_minutes": 30,
        "buffer_after_minutes": AFTER_BUFFER,
        "participants": people,
    }


@pytest.fixture
def calendly(monkeypatch):
    fake = FakeCalendly(page_size=2)
    event_type = fake.add_event_type("AAAAAAAAAAAAAAAA", DURATION, after_buffer=AFTER_BUFFER, start_time_increment=30)
    for uuid, name, email, tz, intervals, overrides in HOSTS:
        rules = [
            {"type": "wday", "wday": d, "intervals": [{"from": a, "to": b} for a, b in intervals]} for d in WEEKDAYS
        ]
        rules += [{"type": "wday", "wday": d, "intervals": []} for d in ("saturday", "sunday")]
        rules += [
            {"type": "date", "date": d, "intervals": [{"from": a, "to": b} for a, b in iv]}
            for d, iv in overrides.items()
        ]
        user = fake.add_host(event_type, uuid, name, email, tz, rules)
        for s, e, bb, ba in BUSY[uuid]:
            fake.add_busy(user, _ts(s), _ts(e), bb, ba)
    # Calendly's own pooled slots: wherever any host is free (round robin).
    fake.available[event_type] = [t for t, _ in reference(reference_request(), 0)]
    url = fake.start()
    monkeypatch.setenv("WHOFREE_CALENDLY_BASE_URL", url)
    monkeypatch.setenv("WHOFREE_CALENDLY_TOKEN", TOKEN)
    monkeypatch.setenv("WHOFREE_PROVIDER_TIMEOUT", "1")
    monkeypatch.setenv("WHOFREE_PROVIDER_BACKOFF", "0.01")
    yield fake
    fake.stop()


def get(event, context, **query) -> tuple[int, dict, dict]:
    ev = event("event_type_available_times")
    ev["queryStringParameters"] = {**ev["queryStringParameters"], **query}
    ev["queryStringParameters"] = {k: v for k, v in ev["queryStringParameters"].items() if v is not None}
    result = api.lambda_handler(ev, context)
    headers = {k: v[-1] for k, v in (result.get("multiValueHeaders") or {}).items()} | (result.get("headers") or {})
    return result["statusCode"], headers, json.loads(result["body"])


def expected() -> list[tuple[str, list[str]]]:
    return [
        (datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), ids)
        for t, ids in reference(reference_request(), 0)
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


def test_timeouts_become_warnings(calendly, event, lambda_context, monkeypatch):
    monkeypatch.setenv("WHOFREE_PROVIDER_RETRIES", "1")
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


def test_bad_credentials_are_424_and_the_token_never_leaks(calendly, event, lambda_context, monkeypatch):
    monkeypatch.setenv("WHOFREE_CALENDLY_TOKEN", "wrong-secret-value")
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
