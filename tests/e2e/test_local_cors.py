"""The local runner answers CORS as API Gateway and the function do: OPTIONS reaches the function
(the template's keyless OPTIONS methods), 204 for an allowed origin when WHOFREE_CORS_ORIGINS is set,
405 without it."""

from __future__ import annotations

import threading

import pytest

from scripts import local_api
from tests.e2e.test_local_api import request

ORIGIN = "http://localhost:5173"


@pytest.fixture(scope="module")
def server():
    srv = local_api.make_server(0, local_api.load_routes())
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def test_the_template_s_preflight_routes_are_served():
    routes = {(r.method, r.template) for r in local_api.load_routes()}
    assert ("OPTIONS", "/v1/availability") in routes
    assert ("OPTIONS", "/{proxy+}") in routes


def test_off_options_is_405_without_cors_headers(server):
    status, headers, _ = request(server, "OPTIONS", "/v1/availability", headers={"Origin": ORIGIN})
    assert status == 405
    assert not [h for h in headers if h.lower().startswith("access-control-")]


def test_on_the_preflight_is_204_and_answers_carry_the_origin(server, settings):
    settings.setenv("WHOFREE_CORS_ORIGINS", ORIGIN)
    preflight = {
        "Origin": ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-api-key",
    }
    status, headers, body = request(server, "OPTIONS", "/v1/availability", headers=preflight)
    assert status == 204
    assert body == ""
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in headers["Access-Control-Allow-Methods"]
    status, headers, _ = request(server, "GET", "/v1/availability", headers={"Origin": ORIGIN})
    assert status == 405
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    status, headers, _ = request(server, "OPTIONS", "/v1/availability", headers={"Origin": "https://other.example"})
    assert status == 204
    assert "Access-Control-Allow-Origin" not in headers
