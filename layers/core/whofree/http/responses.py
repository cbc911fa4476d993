"""Responses in the contract's shapes (API.md §1), all written as compact JSON."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import Response

from whofree.errors import ApiError
from whofree.http import errors

JSON = "application/json"


def compact(value: Any) -> str:
    """The one JSON style of every answer: no spaces after separators."""
    return json.dumps(value, separators=(",", ":"))


def json_response(status: int, body: str | dict | list, headers: dict[str, str] | None = None) -> Response:
    """``body``: JSON text already written (the hot paths write it themselves), or a value to write."""
    text = body if isinstance(body, str) else compact(body)
    return Response(status_code=status, content_type=JSON, body=text, headers=headers or {})


def error_response(error: ApiError, headers: dict[str, str] | None = None) -> Response:
    """The error's status, §1 body and headers (``Retry-After``) from the one table, plus ``headers``."""
    return json_response(errors.status(error).code, errors.body(error), {**errors.headers(error), **(headers or {})})
