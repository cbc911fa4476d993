"""A client generated from the served OpenAPI document by openapi-python-client (pinned in
requirements-dev.txt) drives every route against the local runner and gets typed models back,
errors included: the document is one a generator can use."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = Path(sys.executable).parent / "openapi-python-client"
START = dt.datetime(2030, 3, 11, tzinfo=dt.UTC)
END = dt.datetime(2030, 3, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def gen(runner, tmp_path_factory):
    """The generated package, imported as ``whofree_client``."""
    out = tmp_path_factory.mktemp("client") / "whofree_client"
    subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--url",
            f"{runner.base}/v1/openapi.json",
            "--output-path",
            str(out),
            "--meta",
            "none",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    sys.path.insert(0, str(out.parent))
    try:
        package = importlib.import_module("whofree_client")
        yield package, package.Client(base_url=runner.base, raise_on_unexpected_status=True)
    finally:
        sys.path.remove(str(out.parent))


def api(name: str):
    return importlib.import_module(f"whofree_client.api.{name}")


def models():
    return importlib.import_module("whofree_client.models")


def team() -> dict:
    return json.loads(json.loads((ROOT / "events" / "availability.json").read_text())["body"])


def test_availability_answers_typed_slots_and_typed_errors(gen):
    _, client = gen
    m = models()
    post = api("availability.post_availability")
    answer = post.sync_detailed(client=client, body=m.AvailabilityRequest.from_dict(team()))
    assert answer.status_code == 200
    assert isinstance(answer.parsed, m.AvailabilityResponse)
    assert answer.parsed.collection[0].available == ["ana@example.com", "ben@example.com", "chen@example.com"]
    bad = m.AvailabilityRequest.from_dict({**team(), "duration_minutes": 3})
    refused = post.sync_detailed(client=client, body=bad)
    assert refused.status_code == 400
    assert isinstance(refused.parsed, m.ErrorBody)
    assert refused.parsed.details[0].parameter == "duration_minutes"


def test_event_type_times_are_typed_models(gen):
    _, client = gen
    m = models()
    times = api("event_types.get_event_type_available_times")
    answer = times.sync_detailed(client=client, event_type="demo-team", start_time=START, end_time=END)
    assert answer.status_code == 200
    assert isinstance(answer.parsed, m.EventTypeAvailableTimes)
    first = answer.parsed.collection[0]
    assert isinstance(first, m.EventTypeSlot)
    assert [h.id for h in first.available_hosts] == ["ana@example.com", "ben@example.com", "chen@example.com"]
    explained = times.sync_detailed(client=client, event_type="demo-team", start_time=START, end_time=END, explain=True)
    assert explained.status_code == 200
    first = explained.parsed.collection[0]
    (why,) = first.unavailable
    assert isinstance(why, m.Unavailable)
    assert (why.id, why.reason) == ("dev@example.com", m.UnavailableReason.BUSY)  # Dev's 09:00 standup
    missing = times.sync_detailed(client=client, event_type="no-such-type", start_time=START, end_time=END)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, m.ErrorBody)
    calcom = times.sync_detailed(client=client, event_type="calcom:123", start_time=START, end_time=END)
    assert calcom.status_code == 424
    assert "WHOFREE_CALCOM_API_KEY" in calcom.parsed.message


def test_configured_event_types_free_busy_and_holds_round_trip(gen):
    _, client = gen
    m = models()
    config = {
        "name": "Client team",
        "duration_minutes": 60,
        "interval_minutes": 30,
        "timezone": "America/New_York",
        "hosts": team()["participants"],
        "groups": team()["groups"],
    }
    put = api("event_types.put_event_type")
    created = put.sync_detailed("client-team", client=client, body=m.EventTypeConfig.from_dict(config))
    assert created.status_code == 201
    assert isinstance(created.parsed, m.EventTypeEnvelope)
    assert created.parsed.resource.id == "client-team"
    replaced = put.sync_detailed("client-team", client=client, body=m.EventTypeConfig.from_dict(config))
    assert replaced.status_code == 200
    got = api("event_types.get_event_type").sync_detailed("client-team", client=client)
    assert got.parsed.resource.name == "Client team"
    absent = api("event_types.get_event_type").sync_detailed("absent", client=client)
    assert absent.status_code == 404
    assert isinstance(absent.parsed, m.ErrorBody)
    page = api("event_types.list_event_types").sync_detailed(client=client, count=100)
    assert isinstance(page.parsed, m.EventTypePage)
    assert "client-team" in [e.id for e in page.parsed.collection]

    busy = api("free_busy.post_free_busy").sync_detailed(
        client=client,
        body=m.FreeBusyRequest.from_dict(
            {
                "start_time": "2030-03-11T00:00:00Z",
                "end_time": "2030-03-12T00:00:00Z",
                "participants": [
                    {
                        "id": "alice@example.com",  # the demo Calendly's Alice, served by the runner
                        "source": {"provider": "calendly", "user": "https://api.calendly.com/users/alice"},
                    }
                ],
            }
        ),
    )
    assert busy.status_code == 200
    assert isinstance(busy.parsed, m.FreeBusyResponse)
    assert busy.parsed.collection[0].busy[0].start_time == "2030-03-11T14:00:00Z"

    hold = api("reservations.post_reservation")
    request = m.ReservationRequest.from_dict(
        {"event_type": "client-team", "start_time": "2030-03-11T15:00:00Z", "host": "ben@example.com"}
    )
    held = hold.sync_detailed(client=client, body=request)
    assert held.status_code == 201
    assert isinstance(held.parsed, m.ReservationEnvelope)
    assert held.parsed.resource.hosts == ["ana@example.com", "ben@example.com"]  # the whole meeting
    again = hold.sync_detailed(client=client, body=request)
    assert again.status_code == 409
    assert isinstance(again.parsed, m.ErrorBody)
    release = api("reservations.delete_reservation")
    assert release.sync_detailed(held.parsed.resource.uid, client=client).status_code == 204
    gone = release.sync_detailed(held.parsed.resource.uid, client=client)
    assert gone.status_code == 404
    assert isinstance(gone.parsed, m.ErrorBody)
    named = m.ReservationRequest.from_dict(
        {"event_type": "client-team", "start_time": "2030-03-11T15:00:00Z", "hosts": ["chen@example.com"]}
    )
    held = hold.sync_detailed(client=client, body=named)
    assert held.status_code == 201
    assert held.parsed.resource.hosts == ["ana@example.com", "chen@example.com"]
    assert release.sync_detailed(held.parsed.resource.uid, client=client).status_code == 204

    delete = api("event_types.delete_event_type")
    assert delete.sync_detailed("client-team", client=client).status_code == 204
    assert delete.sync_detailed("client-team", client=client).status_code == 404


def test_documents_and_webhooks(gen):
    _, client = gen
    m = models()
    assert api("documents.get_open_api").sync_detailed(client=client).status_code == 200
    page = api("documents.get_docs").sync_detailed(client=client)
    assert page.status_code == 200
    assert "swagger-ui-bundle.js" in page.parsed
    css = api("documents.get_docs_file").sync_detailed("swagger-ui.css", client=client)
    assert css.status_code == 200
    assert ".swagger-ui" in css.parsed
    nothing = api("documents.get_docs_file").sync_detailed("nothing.js", client=client)
    assert nothing.status_code == 404
    assert isinstance(nothing.parsed, m.ErrorBody)
    for provider in ("calendly", "calcom", "nylas"):
        unsigned = api(f"webhooks.post_webhooks_{provider}").sync_detailed(client=client)
        assert unsigned.status_code == 401
        assert isinstance(unsigned.parsed, m.ErrorBody)
    ui = api("ui.get_ui").sync_detailed(client=client)
    assert ui.status_code == 200
    assert "<title>whofree: who is free</title>" in ui.parsed
    challenge = api("webhooks.get_webhooks_nylas").sync_detailed(client=client, challenge="abc123")
    assert challenge.status_code == 200
    assert challenge.parsed == "abc123"
