"""The served OpenAPI document is one a client generator can use:
every answer of every operation has its schema, operationIds are stable camelCase identifiers, every
operation is tagged by resource, and every status a route can answer is listed."""

from __future__ import annotations

import json
import re

import pytest

from functions.api import app as api
from tests.helpers import call_handler


@pytest.fixture(scope="module")
def doc():
    from tests.conftest import EVENTS, LambdaContext

    answer = call_handler(api.lambda_handler, json.loads((EVENTS / "openapi.json").read_text()), LambdaContext())
    assert answer.status == 200
    return answer.json()


def operations(doc):
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            yield path, method.upper(), operation


def test_every_operation_has_a_camel_case_id_and_a_resource_tag(doc):
    ids = [op["operationId"] for _, _, op in operations(doc)]
    assert len(ids) == len(set(ids))
    for identifier in ids:
        assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", identifier), identifier
    names = {t["name"] for t in doc["tags"]}
    for _, _, op in operations(doc):
        assert len(op["tags"]) == 1
        assert op["tags"][0] in names


def test_the_ids_a_client_is_built_on_stay_what_they_are(doc):
    found = {(path, method): op["operationId"] for path, method, op in operations(doc)}
    assert found == {
        ("/v1/availability", "POST"): "postAvailability",
        ("/v1/availability/sequences", "POST"): "postAvailabilitySequences",
        ("/v1/event_type_sequences", "GET"): "getEventTypeSequences",
        ("/v1/event_type_available_times", "GET"): "getEventTypeAvailableTimes",
        ("/v1/event_types/{id}", "PUT"): "putEventType",
        ("/v1/event_types/{id}", "GET"): "getEventType",
        ("/v1/event_types/{id}", "DELETE"): "deleteEventType",
        ("/v1/event_types", "GET"): "listEventTypes",
        ("/v1/free_busy", "POST"): "postFreeBusy",
        ("/v1/reservations", "POST"): "postReservation",
        ("/v1/connections", "GET"): "listConnections",
        ("/v1/connections", "POST"): "postConnection",
        ("/v1/connections/oauth", "POST"): "postOAuthConnection",
        ("/v1/connections/{id}", "GET"): "getConnection",
        ("/v1/connections/{id}", "DELETE"): "deleteConnection",
        ("/v1/connections/{id}", "PATCH"): "patchConnection",
        ("/v1/oauth/{provider}/callback", "GET"): "getOAuthCallback",
        ("/v1/reservations/{uid}", "GET"): "getReservation",
        ("/v1/reservations/{uid}", "DELETE"): "deleteReservation",
        ("/v1/openapi.json", "GET"): "getOpenApi",
        ("/v1/docs", "GET"): "getDocs",
        ("/v1/docs/{file}", "GET"): "getDocsFile",
        ("/v1/webhooks/calendly", "POST"): "postWebhooksCalendly",
        ("/v1/webhooks/calcom", "POST"): "postWebhooksCalcom",
        ("/v1/webhooks/nylas", "POST"): "postWebhooksNylas",
        ("/v1/webhooks/nylas", "GET"): "getWebhooksNylas",
        ("/v1/webhooks/calendly/{connection_id}", "POST"): "postWebhooksCalendlyConnection",
        ("/v1/webhooks/calcom/{connection_id}", "POST"): "postWebhooksCalcomConnection",
        ("/v1/webhooks/nylas/{connection_id}", "POST"): "postWebhooksNylasConnection",
        ("/v1/webhooks/nylas/{connection_id}", "GET"): "getWebhooksNylasConnection",
        ("/v1/notifications/google", "POST"): "postNotificationsGoogle",
        ("/v1/notifications/microsoft", "POST"): "postNotificationsMicrosoft",
        ("/v1/ui", "GET"): "getUi",
        ("/v1/subscriptions", "POST"): "postSubscription",
        ("/v1/subscriptions", "GET"): "listSubscriptions",
        ("/v1/subscriptions/{id}", "GET"): "getSubscription",
        ("/v1/subscriptions/{id}", "DELETE"): "deleteSubscription",
    }


def test_every_answer_has_a_schema_and_202_and_204_have_no_content(doc):
    for path, method, op in operations(doc):
        for status, answer in op["responses"].items():
            if status in ("202", "204", "302"):
                assert "content" not in answer, (path, method)
                continue
            (media,) = answer["content"].values()
            assert "schema" in media, (path, method, status)
            if int(status) >= 400:
                assert media["schema"] == {"$ref": "#/components/schemas/ErrorBody"}


def test_the_event_type_route_has_a_typed_answer(doc):
    op = doc["paths"]["/v1/event_type_available_times"]["get"]
    ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    schema = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"collection", "pagination"} <= set(schema["required"])
    slot = doc["components"]["schemas"]["EventTypeSlot"]
    assert {"start_time", "end_time", "available_hosts", "status", "invitees_remaining"} <= set(slot["required"])


@pytest.mark.parametrize(
    ("path", "method", "statuses"),
    [
        ("/v1/availability", "post", {"200", "400", "401", "405", "413", "429", "500"}),
        ("/v1/event_type_available_times", "get", {"200", "400", "401", "404", "405", "424", "429", "500", "503"}),
        ("/v1/event_types/{id}", "put", {"200", "201", "400", "401", "404", "405", "413", "429", "500", "503"}),
        ("/v1/event_types/{id}", "get", {"200", "400", "401", "404", "405", "429", "500", "503"}),
        ("/v1/event_types/{id}", "delete", {"204", "400", "401", "404", "405", "429", "500", "503"}),
        ("/v1/event_types", "get", {"200", "400", "401", "405", "429", "500", "503"}),
        ("/v1/free_busy", "post", {"200", "400", "401", "404", "405", "413", "424", "429", "500", "503"}),
        ("/v1/reservations", "post", {"201", "400", "401", "404", "405", "409", "413", "424", "429", "500", "503"}),
        ("/v1/reservations/{uid}", "delete", {"204", "401", "404", "405", "429", "500", "503"}),
        ("/v1/webhooks/calendly", "post", {"204", "400", "401", "405", "413", "500", "503"}),
        ("/v1/webhooks/calcom", "post", {"204", "400", "401", "405", "413", "500", "503"}),
        ("/v1/webhooks/nylas", "post", {"204", "400", "401", "405", "413", "500", "503"}),
        ("/v1/docs/{file}", "get", {"200", "404", "405", "500"}),
        ("/v1/ui", "get", {"200", "405", "500"}),
    ],
)
def test_every_status_a_route_can_answer_is_listed(doc, path, method, statuses):
    # 429 (API Gateway's usage plan, API.md §1) on every operation behind the API key, and only there;
    # 405 on every operation (every path answers another method 405).
    assert set(doc["paths"][path][method]["responses"]) == statuses


def test_405_is_listed_with_allow_on_every_operation(doc):
    for path, method, op in operations(doc):
        answer = op["responses"]["405"]
        assert "Allow" in answer["headers"], (path, method)
        assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")


def test_429_is_listed_with_retry_after_on_every_operation_behind_the_api_key_only(doc):
    for path, method, op in operations(doc):
        public = op.get("security") == []
        assert ("429" in op["responses"]) is not public, (path, method)
        if not public:
            assert "Retry-After" in op["responses"]["429"]["headers"]


def test_explain_is_typed_for_a_generator(doc):
    op = doc["paths"]["/v1/event_type_available_times"]["get"]
    (explain,) = [p for p in op["parameters"] if p["name"] == "explain"]
    assert explain["schema"] == {"type": "boolean", "default": False}
    schemas = doc["components"]["schemas"]
    unavailable = schemas["EventTypeSlot"]["properties"]["unavailable"]
    assert {"type": "array", "items": {"$ref": "#/components/schemas/Unavailable"}} in unavailable["anyOf"]
    assert schemas["Unavailable"]["required"] == ["id", "reason"]
    assert schemas["Unavailable"]["properties"]["reason"]["enum"] == ["held", "busy", "outside_hours", "unknown"]


def test_a_hold_names_hosts_in_the_request_and_answers_every_host(doc):
    op = doc["paths"]["/v1/reservations"]["post"]
    request = doc["components"]["schemas"][op["requestBody"]["content"]["application/json"]["schema"]["$ref"][21:]]
    hosts = request["properties"]["hosts"]["anyOf"]
    assert any(h.get("type") == "array" and h["items"]["type"] == "string" for h in hosts)
    assert "host" in request["properties"]  # the shorthand for one host
    assert request.get("additionalProperties") is False
    envelope = op["responses"]["201"]["content"]["application/json"]["schema"]["$ref"][21:]
    resource = doc["components"]["schemas"][envelope]["properties"]["resource"]["$ref"][21:]
    reservation = doc["components"]["schemas"][resource]
    assert reservation["properties"]["hosts"]["type"] == "array"
    assert "host" not in reservation["properties"]
    assert {"uid", "event_type", "hosts", "start_time", "end_time", "expires_at"} <= set(reservation["required"])


def test_webhook_401_is_the_signature_and_503_says_when_to_retry(doc):
    hook = doc["paths"]["/v1/webhooks/calcom"]["post"]
    assert "signature" in hook["responses"]["401"]["description"]
    put = doc["paths"]["/v1/event_types/{id}"]["put"]
    assert "Retry-After" in put["responses"]["503"]["headers"]


def call_docs(path: str):
    from tests.conftest import EVENTS, LambdaContext

    event = json.loads((EVENTS / "docs.json").read_text())
    event["path"] = event["requestContext"]["path"] = path
    return call_handler(api.lambda_handler, event, LambdaContext())


@pytest.mark.parametrize(
    ("path", "css", "spec"),
    [("/v1/docs", "docs/swagger-ui.css", "openapi.json"), ("/v1/docs/", "swagger-ui.css", "../openapi.json")],
)
def test_swagger_ui_is_served_by_the_function_without_a_cdn(path, css, spec):
    status, headers, page = call_docs(path)
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "://" not in page  # every link is relative: nothing is fetched from elsewhere
    assert f'href="{css}"' in page
    assert f'url: "{spec}"' in page
    status, headers, bundle = call_docs("/v1/docs/swagger-ui-bundle.js")
    assert status == 200
    assert headers["Content-Type"].startswith("text/javascript") or "javascript" in headers["Content-Type"]
    assert "SwaggerUIBundle" in bundle
    status, headers, css_text = call_docs("/v1/docs/swagger-ui.css")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert ".swagger-ui" in css_text


def test_a_file_that_is_not_swagger_uis_is_404():
    for name in ("package.json", "..%2Fapp.py", "index.html"):
        status, _, body = call_docs(f"/v1/docs/{name}")
        assert status == 404
        assert json.loads(body)["title"] == "Resource Not Found"


def test_the_pinned_swagger_ui_is_the_one_served():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pinned = json.loads((root / "package.json").read_text())["devDependencies"]["swagger-ui-dist"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)  # an exact version, never a range
    installed = json.loads((root / "node_modules" / "swagger-ui-dist" / "package.json").read_text())["version"]
    assert installed == pinned
