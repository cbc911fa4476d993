"""Configured event types against DynamoDB Local, through the API handler."""

from __future__ import annotations

import copy
import json

import pytest

from functions.api import app as api
from tests.helpers import answer, call_handler
from whofree.data import answers, host_data

TEAM = json.loads(json.loads(open("events/availability.json").read())["body"])  # noqa: SIM115
CONFIG = {
    "name": "Team sync",
    "duration_minutes": TEAM["duration_minutes"],
    "interval_minutes": TEAM["interval_minutes"],
    "timezone": TEAM["timezone"],
    "hosts": TEAM["participants"],
    "groups": TEAM["groups"],
}


def call(event, context, method: str, path: str, body=None, query=None, path_params=None) -> tuple[int, dict, str]:
    return call_handler(
        api.lambda_handler,
        event("openapi"),
        context,
        method=method,
        path=path,
        body=body,
        query=query,
        path_params=path_params,
    )


def put(event, context, event_type_id: str, config: dict) -> tuple[int, dict]:
    status, _, body = call(event, context, "PUT", f"/v1/event_types/{event_type_id}", config)
    return status, json.loads(body)


def times(event, context, event_type_id: str, **query) -> tuple[int, dict, dict]:
    params = {"event_type": event_type_id, "start_time": TEAM["start_time"], "end_time": TEAM["end_time"], **query}
    status, headers, body = call(event, context, "GET", "/v1/event_type_available_times", query=params)
    return status, headers, json.loads(body)


def test_create_read_replace_list_delete(table, event, lambda_context):
    status, body = put(event, lambda_context, "team-sync", CONFIG)
    assert status == 201
    resource = body["resource"]
    assert resource["id"] == "team-sync"
    assert resource["name"] == "Team sync"
    assert resource["created_at"] == resource["updated_at"]
    status, _, got = call(event, lambda_context, "GET", "/v1/event_types/team-sync")
    assert status == 200
    assert json.loads(got)["resource"]["hosts"][0]["id"] == "ana@example.com"
    status, body = put(event, lambda_context, "team-sync", {**CONFIG, "name": "Renamed"})
    assert status == 200
    assert body["resource"]["name"] == "Renamed"
    assert body["resource"]["created_at"] == resource["created_at"]
    for n in range(3):
        put(event, lambda_context, f"other-{n}", CONFIG)
    seen, token = [], None
    while True:
        status, _, page = call(
            event,
            lambda_context,
            "GET",
            "/v1/event_types",
            query={"count": "2", **({"page_token": token} if token else {})},
        )
        assert status == 200
        page = json.loads(page)
        seen += [r["id"] for r in page["collection"]]
        token = page["pagination"]["next_page_token"]
        if not token:
            break
        assert page["pagination"]["next_page"].startswith("http://127.0.0.1:3000/v1/event_types?")
    assert seen == ["other-0", "other-1", "other-2", "team-sync"]
    assert call(event, lambda_context, "DELETE", "/v1/event_types/team-sync")[0] == 204
    assert call(event, lambda_context, "GET", "/v1/event_types/team-sync")[0] == 404
    assert call(event, lambda_context, "DELETE", "/v1/event_types/team-sync")[0] == 404


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        (lambda c: c["hosts"].append(copy.deepcopy(c["hosts"][0])), "hosts[3].id"),
        (lambda c: c["groups"][0]["members"].append("nobody"), "groups[0].members[1]"),
        (lambda c: c["hosts"][1].update(timezone="Mars/Base"), "hosts[1].timezone"),
        (
            lambda c: c["hosts"][0].update(source={"provider": "calendly", "user": "not-a-uri"}),
            "hosts[0].source.calendly.user",
        ),
        (lambda c: c["hosts"][0].update(source={"provider": "carrier-pigeon"}), "hosts[0].source"),
        (lambda c: c.pop("name"), "name"),
        (lambda c: c.update(duration_minutes="30"), "duration_minutes"),
    ],
)
def test_bad_configs_are_400_with_host_paths(table, event, lambda_context, change, parameter):
    config = copy.deepcopy(CONFIG)
    change(config)
    status, body = put(event, lambda_context, "bad", config)
    assert status == 400
    assert parameter in [d["parameter"] for d in body["details"]]
    assert call(event, lambda_context, "GET", "/v1/event_types/bad")[0] == 404


def test_bad_ids_are_400(table, event, lambda_context):
    status, body = put(event, lambda_context, "no spaces!", CONFIG)
    assert status == 400
    assert body["details"][0]["parameter"] == "id"


def test_without_a_table_storing_routes_are_503_and_reads_still_work(event, lambda_context, monkeypatch, settings):
    settings.delenv("WHOFREE_TABLE_NAME", raising=False)
    status, body = put(event, lambda_context, "team-sync", CONFIG)
    assert status == 503
    assert body["title"] == "Service Unavailable"
    assert call(event, lambda_context, "GET", "/v1/event_types")[0] == 503
    assert call(event, lambda_context, "POST", "/v1/availability", TEAM)[0] == 200
    assert times(event, lambda_context, "team-sync")[0] == 404


def test_answers_follow_section_2_exactly(table, event, lambda_context):
    put(event, lambda_context, "team-sync", CONFIG)
    status, headers, body = times(event, lambda_context, "team-sync")
    assert status == 200
    assert headers["X-Cache"] in ("hit", "miss")
    expected = answer(TEAM)["collection"]
    assert [(s["start_time"], s["end_time"], [h["id"] for h in s["available_hosts"]]) for s in body["collection"]] == [
        (s["start_time"], s["end_time"], s["available"]) for s in expected
    ]
    status, _, body = times(event, lambda_context, "team-sync", hosts="chen@example.com")
    assert [s["start_time"] for s in body["collection"]] == [
        s["start_time"] for s in expected if "chen@example.com" in s["available"]
    ]
    assert times(event, lambda_context, "no-such-type")[0] == 404


def test_a_calendly_user_source_adds_busy_time_and_a_failing_one_is_a_warning(table, calendly, event, lambda_context):
    config = copy.deepcopy(CONFIG)
    config["groups"] = None
    del config["groups"]
    # Ana's calendar is Alice's in the fake: busy 14:00-15:00 UTC on 2030-03-11, as her inline block says too.
    config["hosts"][0]["source"] = {"provider": "calendly", "user": "https://api.calendly.com/users/alice"}
    config["hosts"][1]["source"] = {"provider": "calendly", "user": "https://api.calendly.com/users/bashir"}
    put(event, lambda_context, "mixed", config)
    status, _, body = times(event, lambda_context, "mixed")
    assert status == 200
    assert "warnings" not in body
    labels = {s["start_time"]: [h["id"] for h in s["available_hosts"]] for s in body["collection"]}
    # Bashir (ben's source) is busy 2030-03-11 09:00-10:30 UTC in the fake: Ben is not free then.
    assert all("ben@example.com" not in labels.get(t, []) for t in ("2030-03-11T09:00:00Z", "2030-03-11T09:30:00Z"))
    calendly.fail("/user_busy_times", "500", user="https://api.calendly.com/users/bashir", always=True)
    status, headers, _ = times(event, lambda_context, "mixed")
    assert headers["X-Cache"] == "hit"  # the answer above is still fresh
    answers.drop(table, "mixed")
    host_data.drop(table, "calendly", "https://api.calendly.com/users/bashir")  # as a webhook would
    status, headers, body = times(event, lambda_context, "mixed")
    assert headers["X-Cache"] == "miss"
    assert status == 200
    assert [w["participant"] for w in body["warnings"]] == ["ben@example.com"]
    assert all("ben@example.com" not in [h["id"] for h in s["available_hosts"]] for s in body["collection"])


def test_readme_demo_team_answer_is_real(table, ics_feed, event, lambda_context):
    import re
    from pathlib import Path

    from scripts import local_api

    local_api.seed_demo(ics_feed[0])
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("### An event type defined in whofree", 1)[1]
    shown = json.loads(re.search(r"```json\n(.*?)\n```", section, re.S).group(1))
    status, _, body = times(event, lambda_context, "demo-team")
    assert status == 200
    assert body == shown


def test_event_types_sharing_a_host_share_its_fetches(table, calendly, event, lambda_context):
    first, second = copy.deepcopy(CONFIG), copy.deepcopy(CONFIG)
    for config in (first, second):
        config.pop("groups")
        config["hosts"][1]["source"] = {"provider": "calendly", "user": "https://api.calendly.com/users/bashir"}
    second["name"] = "Another meeting with Ben"
    put(event, lambda_context, "first", first)
    put(event, lambda_context, "second", second)
    times(event, lambda_context, "first")
    fetched = len(calendly.calls("/user_busy_times"))
    assert fetched >= 1
    status, headers, _ = times(event, lambda_context, "second")
    assert (status, headers["X-Cache"]) == (200, "miss")  # another event type: its own answer...
    assert len(calendly.calls("/user_busy_times")) == fetched  # ...but Ben's busy time came from the cache


@pytest.fixture
def nylas(monkeypatch, settings):
    from tests.fakes.nylas import KEY, FakeNylas

    fake = FakeNylas()
    settings.setenv("WHOFREE_NYLAS_BASE_URL", fake.url)
    settings.setenv("WHOFREE_NYLAS_API_KEY", KEY)
    yield fake
    fake.stop()


def test_a_nylas_source_adds_busy_time_is_shared_and_a_broken_calendar_is_a_warning(
    table, nylas, event, lambda_context
):
    from datetime import datetime

    def at(text: str) -> int:
        return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())

    # Ben's Nylas calendar: busy 2030-03-11 15:00-16:00 UTC.
    nylas.busy[("grant-9", "ben@example.com")] = [(at("2030-03-11T15:00:00Z"), at("2030-03-11T16:00:00Z"))]
    config = copy.deepcopy(CONFIG)
    config.pop("groups")
    config["hosts"][1]["source"] = {"provider": "nylas", "grant_id": "grant-9", "email": "ben@example.com"}
    put(event, lambda_context, "with-nylas", config)
    put(event, lambda_context, "also-nylas", {**config, "name": "Another"})
    status, _, body = times(event, lambda_context, "with-nylas")
    assert status == 200
    labels = {s["start_time"]: [h["id"] for h in s["available_hosts"]] for s in body["collection"]}
    assert "ben@example.com" not in labels["2030-03-11T15:00:00Z"]
    assert "ben@example.com" not in labels["2030-03-11T15:30:00Z"]
    assert "ben@example.com" in labels["2030-03-11T16:00:00Z"]
    calls = len(nylas.calls)
    assert calls == 1
    assert times(event, lambda_context, "also-nylas")[1]["X-Cache"] == "miss"
    assert len(nylas.calls) == calls  # the same calendar, from the host cache
    # A calendar Nylas cannot read: a warning, and Ben is never labelled.
    nylas.broken.add("chen@example.com")
    config["hosts"][2]["source"] = {"provider": "nylas", "grant_id": "grant-9", "email": "chen@example.com"}
    put(event, lambda_context, "broken", config)
    status, _, body = times(event, lambda_context, "broken")
    assert status == 200
    assert [w["participant"] for w in body["warnings"]] == ["chen@example.com"]
    assert all("chen@example.com" not in [h["id"] for h in s["available_hosts"]] for s in body["collection"])


@pytest.fixture
def ics_feed(monkeypatch, settings):
    """The fixture feed served over plain http on loopback, as the local runner's demo does."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from pathlib import Path

    feed = (Path(__file__).resolve().parents[1] / "fixtures" / "team.ics").read_bytes()
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", str(len(feed)))
            self.end_headers()
            self.wfile.write(feed)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.setenv("WHOFREE_ICS_ALLOW_LOOPBACK", "true")
    yield f"http://127.0.0.1:{server.server_address[1]}/team.ics", hits
    server.shutdown()


def test_an_ics_source_turns_recurring_meetings_into_labels(
    table, ics_feed, event, lambda_context, monkeypatch, settings
):
    url, hits = ics_feed
    config = copy.deepcopy(CONFIG)
    config.pop("groups")
    # Ana reads the fixture feed: her weekly 09:00 New York standup, on 2030-03-11 at 13:00 UTC (EDT).
    config["hosts"][0]["source"] = {"provider": "ics", "url": url}
    put(event, lambda_context, "with-ics", config)
    status, _, body = times(event, lambda_context, "with-ics")
    assert status == 200
    assert hits
    labels = {s["start_time"]: [h["id"] for h in s["available_hosts"]] for s in body["collection"]}
    assert "ana@example.com" not in labels.get("2030-03-11T13:00:00Z", [])  # the standup
    assert "ana@example.com" in labels["2030-03-11T15:00:00Z"]
    # A feed at a private address is refused: a warning, Ana never labelled, nothing fetched.
    settings.delenv("WHOFREE_ICS_ALLOW_LOOPBACK")
    config["hosts"][0]["source"] = {"provider": "ics", "url": "https://10.0.0.8/cal.ics"}
    put(event, lambda_context, "private-ics", config)
    status, _, body = times(event, lambda_context, "private-ics")
    assert status == 200
    assert body["warnings"][0]["participant"] == "ana@example.com"
    assert "not public" in body["warnings"][0]["message"]
    assert all("ana@example.com" not in [h["id"] for h in s["available_hosts"]] for s in body["collection"])


def test_a_microsoft_host_without_hours_takes_its_mailbox_working_hours(
    table, event, lambda_context, monkeypatch, settings
):
    from whofree.domain import Schedule
    from whofree.engine import Window
    from whofree.providers import microsoft

    async def mailbox(self, users, start, end):
        # Working 08:00-17:00 Pacific, Monday to Friday; nothing booked.
        return {
            u: microsoft.Busy([], hours=Schedule("America/Los_Angeles", [Window(frozenset(range(5)), 480, 1020)]))
            for u in users
        }

    monkeypatch.setattr(microsoft.Microsoft, "busy", mailbox)
    settings.setenv("WHOFREE_MICROSOFT_ACCESS_TOKEN", "m-token")
    config = {
        "name": "Graph",
        "duration_minutes": 60,
        "hosts": [{"id": "adele@contoso.com", "source": {"provider": "microsoft", "user": "adele@contoso.com"}}],
    }
    put(event, lambda_context, "graph", config)
    status, _, body = times(event, lambda_context, "graph")
    assert status == 200
    starts = [s["start_time"] for s in body["collection"]]
    # 2030-03-11 is after the US change: 08:00-17:00 PDT is 15:00-00:00 UTC, nine one-hour slots.
    assert starts == [f"2030-03-11T{h:02d}:00:00Z" for h in range(15, 24)]


def test_the_guides_mixed_sources_example_is_accepted(table, event, lambda_context):
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "GUIDE.md").read_text()
    section = guide.split("### One event type across Calendly, Google and an ICS feed", 1)[1]
    body = json.loads(re.search(r"<<'JSON'\n(.*?)\nJSON", section, re.S).group(1))
    status, created = put(event, lambda_context, "design-review", body)
    assert status == 201, created
    assert [h["source"]["provider"] for h in created["resource"]["hosts"]] == ["calendly", "google", "ics"]
