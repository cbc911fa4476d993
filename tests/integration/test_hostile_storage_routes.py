"""Hostile counts and uids on the routes that need DynamoDB (Local): strict count with a table behind
it, and reservation uids that could name no hold answered 404 with §1's body, never 500."""

from __future__ import annotations

import base64
import json

import pytest

from tests.integration.test_configured_event_types import call

pytestmark = pytest.mark.security


def uid(payload: str) -> str:
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=") + ".x"


@pytest.mark.parametrize(
    "text",
    [
        "WyJ4IiwxZTQwMCwiaCJd.x",  # ["x", 1e400, "h"]
        uid(json.dumps(["e" * 3000, 1, "h"])),  # over DynamoDB's partition key
        uid(json.dumps(["e", 1, "😀" * 254])),  # over DynamoDB's sort key
        uid('["e", 1, "\\ud800"]'),  # a lone surrogate
        uid(json.dumps(["e", 1, "h"])),  # well formed, but no such hold
        "not-a-uid",
    ],
)
def test_a_uid_that_names_no_hold_is_404(text, table, event, lambda_context):
    status, _, body = call(event, lambda_context, "DELETE", f"/v1/reservations/{text}", path_params={"uid": text})
    assert status == 404, body
    assert json.loads(body)["title"] == "Resource Not Found"


@pytest.mark.parametrize(("count", "status"), [("²", 400), ("1" * 5000, 400), ("١٠", 400), ("100", 200), ("101", 400)])
def test_the_event_type_list_reads_count_strictly(count, status, table, event, lambda_context):
    got, _, body = call(event, lambda_context, "GET", "/v1/event_types", query={"count": count})
    assert got == status, body
    if status == 400:
        assert json.loads(body)["details"] == [
            {"parameter": "count", "message": "A whole number from 1 to 100, in ASCII digits."}
        ]
