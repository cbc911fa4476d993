"""The one table from whofree's exceptions to HTTP (API.md §1): status, title and headers.

Only the HTTP layer imports this module (an import-linter contract says so): nothing below it
knows a status.
"""

from __future__ import annotations

from dataclasses import dataclass

from whofree.errors import (
    ApiError,
    Conflict,
    ExternalCalendarError,
    InvalidArgument,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    Unauthenticated,
)


class MethodNotAllowed(ApiError):
    """The path exists under other methods: only the route table can tell, so only HTTP raises it."""

    default_message = "The method is not allowed for this resource."


@dataclass(frozen=True, slots=True)
class Status:
    code: int
    title: str
    retry_after: bool = False  # sends the error's hint as ``Retry-After``


TABLE: dict[type[ApiError], Status] = {
    InvalidArgument: Status(400, "Invalid Argument"),
    Unauthenticated: Status(401, "Unauthenticated"),
    NotFound: Status(404, "Resource Not Found"),
    MethodNotAllowed: Status(405, "Method Not Allowed"),
    Conflict: Status(409, "Conflict"),
    PayloadTooLarge: Status(413, "Payload Too Large"),
    ExternalCalendarError: Status(424, "External Calendar Error"),
    ServiceUnavailable: Status(503, "Service Unavailable", retry_after=True),
    ApiError: Status(500, "Internal Server Error"),
}


def status(error: ApiError) -> Status:
    """The entry of the error's nearest class in the table (ApiError's at worst)."""
    return next(TABLE[cls] for cls in type(error).__mro__ if cls in TABLE)


def body(error: ApiError) -> dict:
    """Always the same three keys (API.md §1), details empty when no parameter is at fault."""
    return {
        "title": status(error).title,
        "message": error.message,
        "details": [{"parameter": d.parameter, "message": d.message} for d in error.details],
    }


def headers(error: ApiError) -> dict[str, str]:
    if status(error).retry_after and error.retry_after is not None:
        return {"Retry-After": str(error.retry_after)}
    return {}
