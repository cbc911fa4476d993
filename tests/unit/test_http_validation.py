"""Powertools validates every route but POST /v1/availability before it runs: a request that fails
is API.md §1's 400 naming each parameter, in whofree's words, never Powertools' 422; the body limit
and a body that is not UTF-8 keep their answers."""

from __future__ import annotations

import base64
import json

import pytest

from functions.api import app as api

RANGE = {"start_time": "2030-01-07T00:00:00Z", "end_time": "2030-01-08T00:00:00Z"}
CONFIG = {"name": "Team", "duration_minutes": 30, "hosts": [{"id": "a"}]}


def call(event, context, method: str, path: str, body=None, query=None, headers=None) -> tuple[int, dict]:
    ev = event("openapi")
    ev["httpMethod"], ev["path"] = method, path
    ev["body"] = body if body is None or isinstance(body, str) else json.dumps(body)
    ev["queryStringParameters"] = query
    ev["headers"] = {**ev["headers"], **(headers or {})}
    ev["multiValueHeaders"] = {**ev["multiValueHeaders"], **{k: [v] for k, v in (headers or {}).items()}}
    result = api.lambda_handler(ev, context)
    return result["statusCode"], json.loads(result["body"]) if result["body"] else {}


def test_missing_query_parameters_are_required_each_by_name(event, lambda_context):
    status, body = call(event, lambda_context, "GET", "/v1/event_type_available_times", query={"end_time": "x"})
    assert status == 400
    assert body["title"] == "Invalid Argument"
    named = {d["parameter"]: d["message"] for d in body["details"]}
    assert named["event_type"] == named["start_time"] == "Required."
    assert "end_time" in named


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ({"explain": "yes"}, "explain", "true or false."),
        ({"count": "0"}, "count", "A whole number from 1 to 10000, in ASCII digits."),
        ({"hosts": " , "}, "hosts", "List at least one host id, separated by commas."),
    ],
)
def test_a_bad_query_value_keeps_whofrees_message(event, lambda_context, query, parameter, message):
    status, body = call(
        event, lambda_context, "GET", "/v1/event_type_available_times", query={"event_type": "x", **RANGE, **query}
    )
    assert status == 400
    assert body["details"] == [{"parameter": parameter, "message": message}]


def test_a_bad_path_id_keeps_whofrees_message(event, lambda_context):
    status, body = call(event, lambda_context, "GET", "/v1/event_types/a.b")
    assert status == 400
    assert body["details"] == [{"parameter": "id", "message": "1 to 64 letters, digits, '-' or '_'."}]


def test_an_idempotency_key_over_255_characters_is_named_as_the_contract_spells_it(event, lambda_context):
    hold = {"event_type": "x", "start_time": "2030-01-07T10:00:00Z"}
    status, body = call(event, lambda_context, "POST", "/v1/reservations", hold, headers={"Idempotency-Key": "k" * 256})
    assert status == 400
    assert body["details"] == [{"parameter": "Idempotency-Key", "message": "At most 255 characters."}]


@pytest.mark.parametrize(
    ("text", "parameter", "message"),
    [
        ("{", "body", "The body is not valid JSON."),
        ("", "body", "The body is not valid JSON."),
        ("[]", "body", "The body must be a JSON object."),
    ],
)
def test_a_body_that_is_no_object_is_named_body(event, lambda_context, text, parameter, message):
    status, body = call(event, lambda_context, "PUT", "/v1/event_types/team", text)
    assert status == 400
    assert body["details"] == [{"parameter": parameter, "message": message}]


def test_a_body_field_is_named_by_its_path(event, lambda_context):
    config = {**CONFIG, "hosts": [{"id": "a", "open_hours": [{"days": ["mon"], "start": "9", "end": "17:00"}]}]}
    status, body = call(event, lambda_context, "PUT", "/v1/event_types/team", config)
    assert status == 400
    assert [d["parameter"] for d in body["details"]] == ["hosts[0].open_hours[0].start"]


def test_a_group_requirement_that_is_neither_all_nor_a_number_is_said_once(event, lambda_context):
    config = {**CONFIG, "groups": [{"members": ["a"], "required": "some"}]}
    status, body = call(event, lambda_context, "PUT", "/v1/event_types/team", config)
    assert status == 400
    (detail,) = body["details"]
    assert detail["parameter"] == "groups[0].required"


def test_an_over_size_body_is_413_even_when_it_is_no_json(event, lambda_context):
    status, body = call(event, lambda_context, "PUT", "/v1/event_types/team", "x" * (api.MAX_BODY_BYTES + 1))
    assert status == 413
    assert body["title"] == "Payload Too Large"


def test_a_base64_body_that_is_not_utf8_is_400_never_500(event, lambda_context):
    ev = event("openapi")
    ev["httpMethod"], ev["path"] = "POST", "/v1/free_busy"
    ev["body"], ev["isBase64Encoded"] = base64.b64encode(b'{"start_time": "\xff"}').decode(), True
    result = api.lambda_handler(ev, lambda_context)
    assert result["statusCode"] == 400
    assert json.loads(result["body"])["details"][0]["parameter"] == "body"


def test_no_route_answers_powertools_422(event, lambda_context):
    status, _ = call(event, lambda_context, "POST", "/v1/free_busy", {"participants": "none"})
    assert status == 400


@pytest.mark.parametrize(
    ("path", "method", "body", "parameter"),
    [
        ("/v1/event_types/team", "PUT", {**CONFIG, "duration_minutes": "30"}, "duration_minutes"),
        ("/v1/reservations", "POST", {"event_type": "x", "start_time": 1_900_000_000}, "start_time"),
        (
            "/v1/free_busy",
            "POST",
            {**RANGE, "participants": [{"id": "a", "source": {"provider": "ics", "url": 1}}]},
            "participants[0].source.ics.url",
        ),
    ],
)
def test_bodies_are_read_as_strict_json_nothing_coerced(event, lambda_context, path, method, body, parameter):
    status, answer = call(event, lambda_context, method, path, body)
    assert status == 400
    assert [d["parameter"] for d in answer["details"]] == [parameter]
    assert answer["details"][0]["message"] in ("Input should be a valid integer", "Input should be a valid string")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/v1/event_types/team"),
        ("POST", "/v1/free_busy"),
        ("POST", "/v1/reservations"),
        ("POST", "/v1/subscriptions"),
        ("POST", "/v1/connections"),
        ("POST", "/v1/connections/oauth"),
        ("PATCH", "/v1/connections/con_aaaaaaaaaaaaaaaaaaaaaaaa"),
    ],
)
@pytest.mark.parametrize("media", ["text/plain", "multipart/form-data"])
def test_a_body_of_another_media_type_is_a_400_naming_content_type(event, lambda_context, method, path, media):
    # Found by the fuzzer: Powertools refuses to read a text/plain body, and fails on a multipart one
    # without its boundary: both were 500s.
    status, body = call(event, lambda_context, method, path, body=CONFIG, headers={"Content-Type": media})
    assert status == 400, body
    assert body["title"] == "Invalid Argument"
    assert [d["parameter"] for d in body["details"]] == ["Content-Type"]


@pytest.mark.parametrize("key", ["cl\u00e9", "two words", "tab\tinside", "\u0000"])
def test_a_provider_key_that_cannot_be_a_header_value_is_a_400(event, lambda_context, key):
    # Found by the fuzzer: a key with non-ASCII characters reached httpx as a header value, a 500.
    status, body = call(event, lambda_context, "POST", "/v1/connections", body={"provider": "nylas", "api_key": key})
    assert status == 400, body
    assert [d["parameter"] for d in body["details"]] == ["nylas.api_key"]
    assert key not in json.dumps(body)  # a secret is never echoed


def test_a_path_declared_as_it_is_lists_only_its_own_methods(event, lambda_context):
    # /v1/connections/oauth also fits /v1/connections/<id>: its Allow is its own (POST), as documented.
    ev = event("openapi")
    ev["httpMethod"], ev["path"], ev["body"] = "PUT", "/v1/connections/oauth", None
    result = api.lambda_handler(ev, lambda_context)
    assert result["statusCode"] == 405
    headers = {**result.get("headers", {}), **{k: v[-1] for k, v in (result.get("multiValueHeaders") or {}).items()}}
    assert headers["Allow"] == "POST"
