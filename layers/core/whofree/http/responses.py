"""Responses in the contract's shapes (API.md §1)."""

from __future__ import annotations

import json

from aws_lambda_powertools.event_handler import Response

from whofree.errors import ApiError

JSON = "application/json"


def json_response(status: int, body: str, headers: dict[str, str] | None = None) -> Response:
    return Response(status_code=status, content_type=JSON, body=body, headers=headers or {})


def error_response(error: ApiError, headers: dict[str, str] | None = None) -> Response:
    return json_response(error.status, json.dumps(error.body()), headers)
