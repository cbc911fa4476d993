"""The OpenAPI document Powertools generates, compared operation by operation with the one the
hand-built generator served before (tests/fixtures/openapi-before.json): the same paths and methods,
the same statuses (plus 429 on every operation behind the API key, API.md §1), the same schema for
every answer and body, the same parameters with the same schemas, the same component schemas.

The differences, each on purpose or Powertools' own way of writing the same thing:
- 429 Too Many Requests (with Retry-After) on every operation that needs an API key;
- 405 Method Not Allowed (with Allow) on every operation: each path answers a method it does not serve 405;
- two operations more: the calendars' push notifications (POST /v1/notifications/google and
  /v1/notifications/microsoft, API.md §5);
- sequences (API.md §2b): POST /v1/availability/sequences and GET /v1/event_type_sequences, with
  their own component schemas (SEQUENCE_SCHEMAS);
- connections (API.md §7), with their tag and schemas (NEW_SCHEMAS);
- subscriptions (API.md §8): four operations more (POST and GET /v1/subscriptions, GET and DELETE
  /v1/subscriptions/{id}), their tag and the schemas of their bodies and answers;
- connections in use (API.md §7): each provider's webhooks per connection
  (POST /v1/webhooks/{provider}/{connection_id}), the optional ``connection`` query parameter of
  GET /v1/event_type_available_times, and the optional ``connection`` of the provider sources and of
  a reservation, so that PUT /v1/event_types/{id} and POST /v1/free_busy answer 404 for a connection
  the account does not have (NAMES_A_CONNECTION);
- 400 on the signed webhook POSTs (a signed body whofree cannot read), which their description says;
- the Idempotency-Key header is written ``idempotency-key`` (Powertools matches headers in lower case);
- ``"required": false`` is written out on optional parameters;
- ``"default": null`` is left out of the component schemas (Powertools writes the document without
  nulls), and integer bounds are written as numbers with a fraction (``480.0``);
- assignment order (API.md §3): configured event types' ``host_order`` and hosts' ``priority`` and
  ``weight``, every event-type answer's ``assignment`` (its own schema) and slots listed in it; holds
  completed in it, mirrored at Cal.com (``provider_reservation``, ``warnings``), read back with
  ``GET /v1/reservations/{uid}`` (API.md §4): the schemas and descriptions that say so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from functions.api import app as api
from tests.conftest import EVENTS, LambdaContext

BEFORE = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "openapi-before.json").read_text())


NEW_OPERATIONS = {
    ("/v1/notifications/google", "post"),
    ("/v1/notifications/microsoft", "post"),
    ("/v1/reservations/{uid}", "get"),
    # Subscriptions (API.md §8).
    ("/v1/subscriptions", "post"),
    ("/v1/subscriptions", "get"),
    ("/v1/subscriptions/{id}", "get"),
    ("/v1/subscriptions/{id}", "delete"),
}
NEW_TAGS = {"subscriptions", "connections"}
# Operations whose description now says more (assignment order, the reservation at the provider).
NEW_DESCRIPTIONS = {("/v1/reservations", "post"), ("/v1/reservations/{uid}", "delete")}
# Component schemas changed on purpose (assignment order, holds at the provider), and new ones.
CHANGED_SCHEMAS = {
    "ConfiguredHost",
    "EventTypeConfig",
    "EventTypeResource",
    "Reservation",
    "EventTypeSlot",
    "EventTypeAvailableTimes",
}
NEW_SCHEMAS = {"Assignment", "ProviderReservation", "ProviderWarning"} | {
    "SubscriptionRequest",
    "SubscriptionResource",
    "SubscriptionEnvelope",
    "SubscriptionPage",
}
# Connections (API.md §7): their operations, tag and schemas are new.
NEW_OPERATIONS |= {
    ("/v1/connections", "get"),
    ("/v1/connections", "post"),
    ("/v1/connections/oauth", "post"),
    ("/v1/connections/{id}", "get"),
    ("/v1/connections/{id}", "delete"),
    ("/v1/connections/{id}", "patch"),
    ("/v1/oauth/{provider}/callback", "get"),
}
NEW_SCHEMAS |= {
    "Authorization",
    "AuthorizationEnvelope",
    "CalcomKeyConnection",
    "CalendlyKeyConnection",
    "Connection",
    "ConnectionEnvelope",
    "ConnectionWebhook",
    "ConnectionWebhookSecret",
    "NewConnection",
    "NewConnectionEnvelope",
    "ConnectionPage",
    "KeyConnectionRequest",
    "NylasKeyConnection",
    "OAuthConnectionRequest",
}
NEW_OPERATIONS |= {(f"/v1/webhooks/{p}/{{connection_id}}", "post") for p in ("calendly", "calcom", "nylas")}
NEW_OPERATIONS.add(("/v1/webhooks/nylas/{connection_id}", "get"))  # Nylas' challenge of a connection's webhook
CONNECTION_PARAMETER = ("query", "connection")
SOURCES_WITH_A_CONNECTION = {"CalendlySource", "NylasSource", "GoogleSource", "MicrosoftSource", "ReservationRequest"}
SEQUENCE_OPERATIONS = {("/v1/availability/sequences", "post"), ("/v1/event_type_sequences", "get")}
SEQUENCE_SCHEMAS = {
    "GapMinutes",
    "Meeting",
    "SequenceRequest",
    "SequenceMeeting",
    "SequenceItem",
    "SequenceResponse",
    "EventTypeSequenceMeeting",
    "EventTypeSequenceItem",
    "EventTypeSequences",
}
SIGNED_WEBHOOKS = {(f"/v1/webhooks/{provider}", "post") for provider in ("calendly", "calcom", "nylas")}


@pytest.fixture(scope="module")
def doc() -> dict:
    """The document served now."""
    answer = api.lambda_handler(json.loads((EVENTS / "openapi.json").read_text()), LambdaContext())
    assert answer["statusCode"] == 200
    return json.loads(answer["body"])


def operations(document: dict) -> dict[tuple[str, str], dict]:
    return {(path, method): op for path, methods in document["paths"].items() for method, op in methods.items()}


def without_null_defaults(node):
    if isinstance(node, dict):
        return {k: without_null_defaults(v) for k, v in node.items() if not (k == "default" and v is None)}
    if isinstance(node, list):
        return [without_null_defaults(v) for v in node]
    return node


def parameters(op: dict) -> dict[tuple[str, str], tuple[bool, dict, str | None]]:
    return {
        (p["in"], p["name"].lower()): (p.get("required", False), p["schema"], p.get("description"))
        for p in op.get("parameters", [])
    }


def test_the_same_operations(doc):
    assert set(operations(doc)) == set(operations(BEFORE)) | NEW_OPERATIONS | SEQUENCE_OPERATIONS
    assert doc["info"] == BEFORE["info"]
    assert doc["security"] == BEFORE["security"]
    assert doc["components"]["securitySchemes"] == BEFORE["components"]["securitySchemes"]
    assert {t["name"] for t in doc["tags"]} == {t["name"] for t in BEFORE["tags"]} | NEW_TAGS


# Bodies whose sources may name a connection: one the account does not have is a 404.
NAMES_A_CONNECTION = {("/v1/event_types/{id}", "put"), ("/v1/free_busy", "post")}


@pytest.mark.parametrize("key", sorted(operations(BEFORE)))
def test_each_operation_answers_as_before(doc, key):
    before, now = operations(BEFORE)[key], operations(doc)[key]
    signed_webhook = key in SIGNED_WEBHOOKS
    for field in ("operationId", "tags", "summary", "security", "requestBody"):
        assert now.get(field) == before.get(field), field
    if signed_webhook:
        assert now["description"].startswith(before["description"])
        assert "is a 400" in now["description"]
    elif key in NEW_DESCRIPTIONS:
        assert now.get("description") != before.get("description")
    else:
        assert now.get("description") == before.get("description")
    behind_the_key = before.get("security") != []
    added = {"405"} | ({"429"} if behind_the_key else set()) | ({"400"} if signed_webhook else set())
    added |= {"404"} if key in NAMES_A_CONNECTION else set()
    assert set(now["responses"]) == set(before["responses"]) | added
    for status, answer in before["responses"].items():
        if key == ("/v1/reservations", "post") and status == "201":
            continue  # ReservationEnvelope: its Reservation changed (CHANGED_SCHEMAS)
        assert now["responses"][status] == answer, status
    found = parameters(now)
    if key == ("/v1/event_type_available_times", "get"):
        assert found.pop(CONNECTION_PARAMETER)[:2] == (False, {"type": "string"})
    assert found == parameters(before)


def test_every_component_schema_is_the_same(doc):
    assert set(doc["components"]["schemas"]) == set(BEFORE["components"]["schemas"]) | SEQUENCE_SCHEMAS | NEW_SCHEMAS
    for name, schema in BEFORE["components"]["schemas"].items():
        if name in CHANGED_SCHEMAS:
            continue
        now = json.loads(json.dumps(doc["components"]["schemas"][name]))
        if name in SOURCES_WITH_A_CONNECTION:
            assert now["properties"].pop("connection")["anyOf"][0]["pattern"].startswith("^con_")
        assert now == without_null_defaults(schema), name


def test_the_changed_schemas_only_add(doc):
    """Each changed schema keeps every property it had and adds (EventTypeSlot: only descriptions)."""
    for name in CHANGED_SCHEMAS:
        before = without_null_defaults(BEFORE["components"]["schemas"][name])
        now = doc["components"]["schemas"][name]
        assert set(before["properties"]) <= set(now["properties"]), name
        assert (set(before["properties"]) == set(now["properties"])) == (name == "EventTypeSlot"), name
        assert set(now.get("required", [])) - set(before.get("required", [])) <= {"assignment"}, name
