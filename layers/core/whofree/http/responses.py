"""Responses in the contract's shapes (API.md §1), all written as compact JSON."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import Response

from whofree.errors import ApiError

JSON = "application/json"


def compact(value: Any) -> str:
    """The one JSON style of every answer: no spaces after separators."""
    return json.dumps(value, separators=(",", ":"))


def json_response(status: int, body: str | dict | list, headers: dict[str, str] | None = None) -> Response:
    """``body``: JSON text already written (the hot paths write it themselves), or a value to write."""
    text = body if isinstance(body, str) else compact(body)
    return Response(status_code=status, content_type=JSON, body=text, headers=headers or {})


def error_response(error: ApiError, headers: dict[str, str] | None = None) -> Response:
    return json_response(error.status, error.body(), headers)
