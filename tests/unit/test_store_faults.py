"""Store faults (API.md §1): a table that throttles or cannot be reached, or no table configured,
answers 503 with Retry-After and the contract's error body, on every route that reads or writes the
table."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from functions.api import app as api
from functions.webhooks import app as hooks
from tests.helpers import call_handler
from whofree.data import holds
from whofree.data import table as store

CONFIG = {
    "name": "Team",
    "duration_minutes": 30,
    "hosts": [{"id": "ana@example.com", "open_hours": [{"days": ["mon"], "start": "09:00", "end": "17:00"}]}],
}
THROTTLES = ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]


class Faulty:
    """A DynamoDB client whose every call fails with ``error``."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.calls: list[str] = []

    def __getattr__(self, operation: str):
        def call(**_):
            self.calls.append(operation)
            raise self.error

        return call


def throttled(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "Rate of requests exceeds the allowed throughput."}}, "X")


@pytest.fixture
def faulty(monkeypatch, settings):
    def install(error: Exception) -> Faulty:
        client = Faulty(error)
        settings.setenv("WHOFREE_TABLE_NAME", "whofree-test")
        monkeypatch.setattr(store, "_client", lambda endpoint: client)
        return client

    return install


def request(event, context, method: str, path: str, body=None, query=None, headers=None) -> dict:
    ev = event("openapi")
    headers = {**ev["headers"], **(headers or {})}
    return call_handler(
        api.lambda_handler, ev, context, method=method, path=path, body=body, query=query, headers=headers
    )


ROUTES = [
    ("PUT", "/v1/event_types/team", CONFIG, None, None),
    ("GET", "/v1/event_types/team", None, None, None),
    ("DELETE", "/v1/event_types/team", None, None, None),
    ("GET", "/v1/event_types", None, None, None),
    (
        "GET",
        "/v1/event_type_available_times",
        None,
        {"event_type": "team", "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"},
        None,
    ),
    ("POST", "/v1/reservations", {"event_type": "team", "start_time": "2030-03-11T09:00:00Z"}, None, None),
    (
        "POST",
        "/v1/reservations",
        {"event_type": "team", "start_time": "2030-03-11T09:00:00Z"},
        None,
        {"Idempotency-Key": "k-1"},
    ),
    ("DELETE", f"/v1/reservations/{holds.new_uid()}", None, None, None),
]


@pytest.mark.parametrize("code", THROTTLES)
@pytest.mark.parametrize(("method", "path", "body", "query", "extra"), ROUTES)
def test_throttling_is_503_with_retry_after(faulty, event, lambda_context, code, method, path, body, query, extra):
    client = faulty(throttled(code))
    reply = request(event, lambda_context, method, path, body, query, extra)
    assert client.calls  # the route did reach the table
    assert reply.status == 503, reply.body
    assert reply.headers["Retry-After"] == "1"
    error = json.loads(reply.body)
    assert error["title"] == "Service Unavailable"
    assert error["details"] == []
    assert "DynamoDB" not in error["message"]  # nothing internal: the detail goes to the log


def test_an_unreachable_table_is_503_with_retry_after(faulty, event, lambda_context):
    faulty(EndpointConnectionError(endpoint_url="http://127.0.0.1:1"))
    reply = request(event, lambda_context, "GET", "/v1/event_types/team")
    assert reply.status == 503
    assert reply.headers["Retry-After"] == "5"


# Every route above but the available times, which answer without a table (uncached, no configured types).
@pytest.mark.parametrize(("method", "path", "body", "query", "extra"), [r for r in ROUTES if "available" not in r[1]])
def test_no_table_is_503_with_retry_after_on_every_route_that_stores(
    event, lambda_context, settings, method, path, body, query, extra
):
    # A configuration fault: Retry-After is a minute (store.NO_TABLE_RETRY_AFTER), not the seconds of
    # a throttled table, as only a deployment with WHOFREE_TABLE_NAME mends it.
    settings.delenv("WHOFREE_TABLE_NAME", raising=False)
    reply = request(event, lambda_context, method, path, body, query, extra)
    assert reply.status == 503, reply.body
    assert reply.headers["Retry-After"] == "60"
    assert json.loads(reply.body)["title"] == "Service Unavailable"


def test_other_sdk_errors_stay_500_without_retry_after(faulty, event, lambda_context):
    faulty(throttled("ValidationException"))
    reply = request(event, lambda_context, "GET", "/v1/event_types/team")
    assert reply.status == 500
    assert "Retry-After" not in reply.headers


def test_a_webhook_whose_cache_drop_is_throttled_is_503_so_the_provider_retries(
    faulty, event, lambda_context, monkeypatch, settings
):
    faulty(throttled("ProvisionedThroughputExceededException"))
    settings.setenv("WHOFREE_CALCOM_WEBHOOK_SECRET", "calcom-secret")
    raw = json.dumps(
        {"triggerEvent": "BOOKING_CREATED", "payload": {"eventTypeId": 42, "organizer": {"email": "olga@example.com"}}}
    )
    ev = event("openapi")
    signature = hmac.new(b"calcom-secret", raw.encode(), hashlib.sha256).hexdigest()
    headers = {**ev["headers"], "X-Cal-Signature-256": signature}
    reply = call_handler(
        hooks.lambda_handler, ev, lambda_context, method="POST", path="/v1/webhooks/calcom", body=raw, headers=headers
    )
    assert reply.status == 503
    assert reply.headers["Retry-After"] == "1"
