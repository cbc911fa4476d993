"""The local runner with many accounts (``--accounts multi``): an ``X-Api-Key`` becomes the key id of
the proxy event, as API Gateway makes it, and a missing or unknown key gets the template's
INVALID_API_KEY gateway response. One account (the default): keys are not looked at."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import yaml

from scripts import local_api

KEYS = {"the-value-of-a-key": "key1"}


def _capturing(seen: list[dict]):
    def handler(event, context):
        seen.append(event)
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}

    return handler


@contextmanager
def serving(api_keys) -> Iterator[tuple[int, list[dict]]]:
    seen: list[dict] = []
    routes = [
        local_api.Route("GET", "/v1/keyed", local_api._pattern("/v1/keyed"), "F", _capturing(seen), True),
        local_api.Route("GET", "/v1/open", local_api._pattern("/v1/open"), "F", _capturing(seen), False),
    ]
    srv = local_api.make_server(0, routes, api_keys)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        yield srv.server_address[1], seen
    finally:
        srv.shutdown()
        srv.server_close()


def get(port: int, path: str, key: str | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"x-api-key": key} if key is not None else {})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, body


def invalid_api_key() -> tuple[int, dict]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    template = yaml.load((local_api.ROOT / "template.yaml").read_text(), Loader=Loader)  # noqa: S506
    found = template["Resources"]["WhofreeApi"]["Properties"]["GatewayResponses"]["INVALID_API_KEY"]
    return found["StatusCode"], json.loads(found["ResponseTemplates"]["application/json"])


def test_a_known_key_becomes_the_events_api_key_id():
    with serving(KEYS.get) as (port, seen):
        assert get(port, "/v1/keyed", "the-value-of-a-key")[0] == 200
    assert seen[0]["requestContext"]["identity"]["apiKeyId"] == "key1"
    assert "the-value-of-a-key" not in json.dumps(seen[0]["requestContext"])  # the id, never the value


def test_no_key_or_an_unknown_one_gets_the_gateway_response_and_no_handler_runs():
    status, body = invalid_api_key()
    assert (status, body["title"]) == (401, "Unauthenticated")
    with serving(KEYS.get) as (port, seen):
        for key in (None, "", "another-value", "THE-VALUE-OF-A-KEY"):
            answer = get(port, "/v1/keyed", key)
            assert (answer[0], json.loads(answer[1])) == (status, body), key
    assert seen == []


def test_a_route_without_a_key_needs_none():
    with serving(KEYS.get) as (port, seen):
        assert get(port, "/v1/open")[0] == 200
    assert "apiKeyId" not in seen[0]["requestContext"]["identity"]


def test_with_one_account_keys_are_not_looked_at():
    with serving(None) as (port, seen):
        assert get(port, "/v1/keyed")[0] == 200
        assert get(port, "/v1/keyed", "the-value-of-a-key")[0] == 200
    assert all("apiKeyId" not in event["requestContext"]["identity"] for event in seen)


def test_which_routes_need_a_key_comes_from_the_template():
    needs = {(r.method, r.template): r.key_required for r in local_api.load_routes()}
    assert needs[("ANY", "/v1/availability")] is True
    assert needs[("ANY", "/v1/event_type_available_times")] is True
    assert needs[("ANY", "/v1/openapi.json")] is False
    assert needs[("ANY", "/v1/webhooks/calendly")] is False
