"""The API function through API Gateway events (events/*.json), as Lambda would call it."""

from __future__ import annotations

import base64
import io
import json

import pytest

from functions.api import app as api
from tests.helpers import call_handler

ERROR_KEYS = {"title", "message", "details"}


def call(event: dict, context) -> tuple[int, dict, str]:
    return call_handler(api.lambda_handler, event, context)


def post(event, context, body) -> tuple[int, dict]:
    ev = event("availability")
    ev["body"] = body if isinstance(body, str) else json.dumps(body)
    status, _, text = call(ev, context)
    return status, json.loads(text)


# ---------------------------------------------------------------- happy paths


def test_sample_event_answers_the_team_example(event, lambda_context):
    status, headers, body = call(event("availability"), lambda_context)
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    page = json.loads(body)
    assert page["collection"][0] == {
        "start_time": "2030-03-11T13:00:00Z",
        "end_time": "2030-03-11T14:00:00Z",
        "available": ["ana@example.com", "ben@example.com", "chen@example.com"],
    }
    assert page["pagination"] == {"count": len(page["collection"]), "next_page_token": None}
    assert "warnings" not in page


def test_base64_bodies_are_decoded(event, lambda_context):
    ev = event("availability")
    ev["body"] = base64.b64encode(ev["body"].encode()).decode()
    ev["isBase64Encoded"] = True
    assert call(ev, lambda_context)[0] == 200


def test_openapi_document_describes_every_route_and_the_error_body(event, lambda_context):
    status, _headers, body = call(event("openapi"), lambda_context)
    assert status == 200
    doc = json.loads(body)
    assert doc["openapi"].startswith("3.1")
    operation = doc["paths"]["/v1/availability"]["post"]
    schema_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request = doc["components"]["schemas"][schema_ref.rsplit("/", 1)[1]]
    assert {"start_time", "end_time", "duration_minutes", "participants"} <= set(request["required"])
    assert {"200", "400", "401", "413", "500"} <= set(operation["responses"])
    error = doc["components"]["schemas"]["ErrorBody"]
    assert set(error["properties"]) == ERROR_KEYS
    assert doc["paths"]["/v1/docs"]["get"]["security"] == []
    assert doc["servers"] == [{"url": "http://127.0.0.1:3000"}]
    from functions.webhooks import app as hooks

    # Every route of both public functions, and nothing else.
    served = [*api.routes.paths(), *hooks.service.routes.paths()]
    assert {(p, m.upper()) for p, ms in doc["paths"].items() for m in ms} == {
        (path.replace("<", "{").replace(">", "}"), method)
        for path, methods in served
        for method in methods
        if path != "/v1/docs/"  # the same page as /v1/docs, not a second operation
    }
    assert doc["paths"]["/v1/webhooks/calendly"]["post"]["security"] == []


def test_docs_page_loads_swagger_ui_over_the_document(event, lambda_context):
    status, headers, body = call(event("docs"), lambda_context)
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert 'url: "openapi.json"' in body
    assert "cdn" not in body


# ---------------------------------------------------------------- errors of §1


def test_unknown_route_is_404_with_the_contract_body(event, lambda_context):
    ev = event("openapi")
    ev["path"] = "/v1/nope"
    status, _, body = call(ev, lambda_context)
    assert status == 404
    assert json.loads(body) == {"title": "Resource Not Found", "message": "No route /v1/nope.", "details": []}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
def test_wrong_method_is_405_with_allow(event, lambda_context, method):
    ev = event("availability")
    ev["httpMethod"] = method
    status, headers, body = call(ev, lambda_context)
    assert status == 405
    assert headers["Allow"] == "POST"
    assert set(json.loads(body)) == ERROR_KEYS
    assert json.loads(body)["title"] == "Method Not Allowed"


def test_oversized_body_is_413(event, lambda_context):
    ev = event("availability")
    ev["body"] = " " * (api.MAX_BODY_BYTES + 1)
    status, _, body = call(ev, lambda_context)
    assert status == 413
    assert json.loads(body) == {
        "title": "Payload Too Large",
        "message": f"The request body is larger than {api.MAX_BODY_BYTES} bytes.",
        "details": [],
    }


def test_unexpected_errors_are_500_with_the_request_id_and_nothing_internal(event, lambda_context, monkeypatch):
    def boom(*_):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api.availability, "answer", boom)
    status, _, body = call(event("availability"), lambda_context)
    assert status == 500
    error = json.loads(body)
    assert set(error) == ERROR_KEYS
    assert error["title"] == "Internal Server Error"
    assert lambda_context.aws_request_id in error["message"]
    assert "secret" not in body
    assert "Traceback" not in body


def test_logs_are_json_with_the_request_id_and_never_the_calendar(event, lambda_context):
    stream = io.StringIO()
    handler = api.logger.registered_handler
    previous = handler.setStream(stream)
    try:
        call(event("availability"), lambda_context)
    finally:
        handler.setStream(previous)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    answered = next(line for line in lines if line.get("message") == "availability answered")
    assert answered["correlation_id"] == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    assert answered["slots"] > 0
    text = json.dumps(lines)
    assert "ana@example.com" not in text
    assert "2030-03-11T10:00:00-04:00" not in text


# ---------------------------------------------------------------- 400s

BASE = {
    "start_time": "2030-01-07T09:00:00Z",
    "end_time": "2030-01-07T17:00:00Z",
    "duration_minutes": 30,
    "participants": [{"id": "a"}, {"id": "b"}],
}


def with_(**changes) -> dict:
    out = json.loads(json.dumps(BASE))
    for key, value in changes.items():
        if value is ...:
            out.pop(key)
        else:
            out[key] = value
    return out


def person(**fields) -> dict:
    return {"id": "a", **fields}


def window(**fields) -> dict:
    return {"days": ["mon"], "start": "09:00", "end": "17:00", **fields}


def busy(start="2030-01-07T10:00:00Z", end="2030-01-07T11:00:00Z", **extra) -> dict:
    return {"start_time": start, "end_time": end, **extra}


MALFORMED = {
    "malformed JSON": ("{", "body"),
    "not an object": ("[]", "body"),
    "empty body": ("", "body"),
    "trailing garbage": (json.dumps(BASE) + "x", "body"),
    "missing start_time": (with_(start_time=...), "start_time"),
    "missing end_time": (with_(end_time=...), "end_time"),
    "missing duration": (with_(duration_minutes=...), "duration_minutes"),
    "missing participants": (with_(participants=...), "participants"),
    "duration as string": (with_(duration_minutes="30"), "duration_minutes"),
    "duration as float": (with_(duration_minutes=30.5), "duration_minutes"),
    "duration too short": (with_(duration_minutes=4), "duration_minutes"),
    "duration too long": (with_(duration_minutes=1441), "duration_minutes"),
    "interval too short": (with_(interval_minutes=4), "interval_minutes"),
    "start without offset": (with_(start_time="2030-01-07T09:00:00"), "start_time"),
    "end without offset": (with_(end_time="2030-01-07T17:00"), "end_time"),
    "start as a number": (with_(start_time=1893920400), "start_time"),
    "not a real date": (with_(start_time="2030-02-30T09:00:00Z"), "start_time"),
    "date only": (with_(end_time="2030-01-08"), "end_time"),
    "unknown zone": (with_(timezone="Mars/Olympus_Mons"), "timezone"),
    "zone path trick": (with_(timezone="../../etc/passwd"), "timezone"),
    "unknown participant zone": (with_(participants=[person(timezone="Europe/Atlantis")]), "participants[0].timezone"),
    "end before start": (with_(end_time="2030-01-07T08:00:00Z"), "end_time"),
    "end equals start": (with_(end_time="2030-01-07T09:00:00Z"), "end_time"),
    "span over 92 days": (with_(end_time="2030-04-09T09:00:01Z"), "end_time"),
    "no participants": (with_(participants=[]), "participants"),
    "501 participants": (with_(participants=[{"id": str(i)} for i in range(501)]), "participants"),
    "participants not a list": (with_(participants={"id": "a"}), "participants"),
    "duplicate ids": (with_(participants=[{"id": "a"}, {"id": "a"}]), "participants[1].id"),
    "empty id": (with_(participants=[{"id": ""}]), "participants[0].id"),
    "id too long": (with_(participants=[{"id": "x" * 255}]), "participants[0].id"),
    "unknown group member": (with_(groups=[{"members": ["a", "zz"], "required": 1}]), "groups[0].members[1]"),
    "member listed twice": (with_(groups=[{"members": ["a", "a"], "required": 1}]), "groups[0].members[1]"),
    "k is zero": (with_(groups=[{"members": ["a", "b"], "required": 0}]), "groups[0].required"),
    "k above members": (with_(groups=[{"members": ["a", "b"], "required": 3}]), "groups[0].required"),
    "required is a word": (with_(groups=[{"members": ["a"], "required": "some"}]), "groups[0].required"),
    "empty groups": (with_(groups=[]), "groups"),
    "51 groups": (with_(groups=[{"members": ["a"], "required": 1}] * 51), "groups"),
    "empty members": (with_(groups=[{"members": [], "required": 1}]), "groups[0].members"),
    "weekday spelt out": (
        with_(participants=[person(open_hours=[window(days=["monday"])])]),
        "participants[0].open_hours[0].days[0]",
    ),
    "no weekdays": (with_(participants=[person(open_hours=[window(days=[])])]), "participants[0].open_hours[0].days"),
    "hour 25": (
        with_(participants=[person(open_hours=[window(start="25:00")])]),
        "participants[0].open_hours[0].start",
    ),
    "24:00 as a start": (
        with_(participants=[person(open_hours=[window(start="24:00")])]),
        "participants[0].open_hours[0].start",
    ),
    "time without colon": (
        with_(participants=[person(open_hours=[window(end="1700")])]),
        "participants[0].open_hours[0].end",
    ),
    "bad override date": (
        with_(participants=[person(date_overrides=[{"date": "2030-13-01", "intervals": []}])]),
        "participants[0].date_overrides[0].date",
    ),
    "two overrides one date": (
        with_(participants=[person(date_overrides=[{"date": "2030-01-07", "intervals": []}] * 2)]),
        "participants[0].date_overrides[1].date",
    ),
    "busy ends before it starts": (
        with_(participants=[person(busy=[busy(end="2030-01-07T09:00:00Z")])]),
        "participants[0].busy[0].end_time",
    ),
    "busy without offset": (
        with_(participants=[person(busy=[busy(start="2030-01-07T10:00:00")])]),
        "participants[0].busy[0].start_time",
    ),
    "busy with an extra field": (
        with_(participants=[person(busy=[busy(title="Dentist")])]),
        "participants[0].busy[0].title",
    ),
    "busy block missing a field": (
        with_(participants=[person(busy=[{"start_time": "2030-01-07T10:00:00Z"}])]),
        "participants[0].busy[0].end_time",
    ),
    "10001 busy blocks": (with_(participants=[person(busy=[busy()] * 10_001)]), "participants[0].busy"),
    "misspelt field": (with_(buffer_before=15), "buffer_before"),
    "buffer too long": (with_(buffer_before_minutes=481), "buffer_before_minutes"),
    "negative notice": (with_(minimum_notice_minutes=-1), "minimum_notice_minutes"),
    "count zero": (with_(count=0), "count"),
    "count too big": (with_(count=10_001), "count"),
    "garbage page token": (with_(page_token="garbage"), "page_token"),
    "boolean as int": (with_(buffer_after_minutes=True), "buffer_after_minutes"),
    "null duration": (with_(duration_minutes=None), "duration_minutes"),
}


@pytest.mark.parametrize(("body", "parameter"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_requests_get_400_with_the_contract_body(event, lambda_context, body, parameter):
    status, error = post(event, lambda_context, body)
    assert status == 400
    assert set(error) == ERROR_KEYS
    assert error["title"] == "Invalid Argument"
    assert error["message"] == "The supplied parameters are invalid."
    assert error["details"], "a 400 says what is wrong"
    for detail in error["details"]:
        assert set(detail) == {"parameter", "message"}
        assert detail["message"]
    assert parameter in [d["parameter"] for d in error["details"]]


def test_a_page_token_from_another_request_is_400(event, lambda_context):
    status, first = post(event, lambda_context, with_(count=2))
    assert status == 200
    token = first["pagination"]["next_page_token"]
    assert post(event, lambda_context, with_(count=2, page_token=token))[0] == 200
    status, error = post(event, lambda_context, with_(count=2, page_token=token, duration_minutes=60))
    assert status == 400
    assert error["details"][0]["parameter"] == "page_token"


def test_every_problem_is_reported_at_once(event, lambda_context):
    body = with_(timezone="Nowhere/Land", participants=[{"id": "a"}, {"id": "a"}], end_time="2030-01-07T08:00:00Z")
    status, error = post(event, lambda_context, body)
    assert status == 400
    assert {d["parameter"] for d in error["details"]} == {"timezone", "participants[1].id", "end_time"}


def test_there_are_at_least_thirty_distinct_malformed_cases():
    assert len({json.dumps(b, sort_keys=True) if not isinstance(b, str) else b for b, _ in MALFORMED.values()}) >= 30


def test_metrics_are_emitted_as_emf_and_never_pile_up(event, lambda_context, monkeypatch, capsys):
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED")
    call(event("availability"), lambda_context)
    emf = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    assert len(emf) == 1
    names = {m["Name"] for m in emf[0]["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert names == {"SlotsComputed", "Participants", "AvailabilityLatency"}
    assert emf[0]["Participants"] in (3.0, [3.0])
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    for _ in range(3):
        call(event("availability"), lambda_context)
    assert not api.metrics.metric_set
