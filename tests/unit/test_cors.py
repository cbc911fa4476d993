"""Opt-in CORS (WHOFREE_CORS_ORIGINS): off by default (OPTIONS is a 405, no CORS header); on, an
allowed origin's answers carry Access-Control-Allow-Origin and OPTIONS is a 204 preflight, and any
other origin gets no Access-Control-* header at all."""

from __future__ import annotations

import json

import pytest

from functions.api import app
from tests.conftest import EVENTS, LambdaContext
from whofree import settings as whofree_settings

ALLOWED = "https://app.example.com"
OTHER = "https://evil.example.net"


def call(method: str, origin: str | None, name: str = "availability", path: str | None = None) -> tuple[int, dict, str]:
    event = json.loads((EVENTS / f"{name}.json").read_text())
    event["httpMethod"] = method
    if path:
        event["path"] = path
    event["headers"] = dict(event.get("headers") or {})
    if origin:
        event["headers"]["Origin"] = origin
    answer = app.lambda_handler(event, LambdaContext())
    headers = {k: v[-1] for k, v in (answer.get("multiValueHeaders") or {}).items()} | (answer.get("headers") or {})
    return answer["statusCode"], headers, answer.get("body") or ""


def cors_headers(headers: dict) -> dict:
    return {k: v for k, v in headers.items() if k.lower().startswith("access-control-")}


@pytest.fixture
def cors_on(settings):
    settings.setenv("WHOFREE_CORS_ORIGINS", f"{ALLOWED}, http://localhost:5173")


def test_off_by_default_options_is_405_and_no_cors_header():
    status, headers, body = call("OPTIONS", ALLOWED)
    assert status == 405
    assert headers["Allow"] == "POST"
    assert json.loads(body)["title"] == "Method Not Allowed"
    assert cors_headers(headers) == {}
    assert "Vary" not in headers
    status, headers, _ = call("POST", ALLOWED)
    assert status == 200
    assert cors_headers(headers) == {}


def test_on_the_preflight_is_204_with_the_path_s_methods_and_the_api_s_headers(cors_on):
    status, headers, body = call("OPTIONS", ALLOWED)
    assert status == 204
    assert body == ""
    assert headers["Access-Control-Allow-Origin"] == ALLOWED
    assert headers["Access-Control-Allow-Methods"] == "OPTIONS, POST"
    allowed = {h.strip().lower() for h in headers["Access-Control-Allow-Headers"].split(",")}
    assert {"x-api-key", "content-type", "idempotency-key"} <= allowed
    assert headers["Vary"] == "Origin"
    # A path with several methods lists them all.
    status, headers, _ = call("OPTIONS", ALLOWED, path="/v1/event_types/team")
    assert status == 204
    assert headers["Access-Control-Allow-Methods"] == "DELETE, GET, OPTIONS, PUT"


def test_on_an_allowed_origin_s_answers_carry_the_origin_and_the_readable_headers(cors_on):
    status, headers, _ = call("POST", "http://localhost:5173")
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    exposed = {h.strip() for h in headers["Access-Control-Expose-Headers"].split(",")}
    assert {"Retry-After", "X-Cache"} <= exposed
    assert headers["Vary"] == "Origin"
    # Errors too: a page must be able to read why it was refused.
    status, headers, _ = call("GET", ALLOWED)
    assert status == 405
    assert headers["Access-Control-Allow-Origin"] == ALLOWED


def test_on_another_origin_gets_no_access_control_header(cors_on):
    for method in ("OPTIONS", "POST"):
        status, headers, _ = call(method, OTHER)
        assert status == (204 if method == "OPTIONS" else 200)
        assert cors_headers(headers) == {}, method
        assert headers["Vary"] == "Origin"  # a shared cache keeps the origins' answers apart
    # No Origin at all (a server, curl): no CORS header either.
    _, headers, _ = call("POST", None)
    assert cors_headers(headers) == {}
    # Origins match whole: no prefix, no other scheme or port.
    for near in (ALLOWED + ".evil.net", "http://app.example.com", ALLOWED + ":444", ALLOWED + "/"):
        _, headers, _ = call("POST", near)
        assert cors_headers(headers) == {}, near


def test_on_a_path_that_does_not_exist_is_still_404(cors_on):
    status, _, body = call("OPTIONS", ALLOWED, path="/v1/nothing")
    assert status == 404
    assert json.loads(body)["title"] == "Resource Not Found"


@pytest.mark.parametrize("value", ["app.example.com", "https://app.example.com/path", "ftp://x.example", "https://"])
def test_an_origin_that_is_not_one_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("WHOFREE_CORS_ORIGINS", value)
    with pytest.raises(whofree_settings.SettingsError, match="WHOFREE_CORS_ORIGINS"):
        whofree_settings.load()
