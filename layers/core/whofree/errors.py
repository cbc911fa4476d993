"""The project's exceptions, each carrying the HTTP status and title of API.md §1."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Detail:
    parameter: str
    message: str


class ApiError(Exception):
    status = 500
    title = "Internal Server Error"
    default_message = "An unexpected error occurred."
    retry_after: int | None = None  # seconds, sent as ``Retry-After`` (503s the client may retry)

    def __init__(self, message: str | None = None, details: list[Detail] | None = None) -> None:
        self.message = message or self.default_message
        self.details = details or []
        super().__init__(self.message)

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}

    def body(self) -> dict:
        # Always the same three keys (API.md §1), details empty when no parameter is at fault.
        return {
            "title": self.title,
            "message": self.message,
            "details": [{"parameter": d.parameter, "message": d.message} for d in self.details],
        }


class InvalidArgument(ApiError):
    status = 400
    title = "Invalid Argument"
    default_message = "The supplied parameters are invalid."


class Unauthenticated(ApiError):
    status = 401
    title = "Unauthenticated"
    default_message = "The request could not be authenticated."


class NotFound(ApiError):
    status = 404
    title = "Resource Not Found"
    default_message = "The resource was not found."


class MethodNotAllowed(ApiError):
    status = 405
    title = "Method Not Allowed"
    default_message = "The method is not allowed for this resource."


class Conflict(ApiError):
    status = 409
    title = "Conflict"
    default_message = "The request conflicts with the current state."


class PayloadTooLarge(ApiError):
    status = 413
    title = "Payload Too Large"
    default_message = "The request body is too large."


class ExternalCalendarError(ApiError):
    status = 424
    title = "External Calendar Error"
    default_message = "No host's calendar could be read."


class ServiceUnavailable(ApiError):
    status = 503
    title = "Service Unavailable"
    default_message = "This route needs storage, and no table is configured."


def calendar_warnings(failed: dict[str, str], total: int, who: str = "host") -> list[dict]:
    """API.md §1's partial failure: a warning for each participant whose calendar could not be read
    (id -> why), in order; 424 when that is all ``total`` of them."""
    if failed and len(failed) == total:
        raise ExternalCalendarError(f"No {who}'s calendar could be read: {next(iter(failed.values()))}")
    return [{"participant": p, "title": ExternalCalendarError.title, "message": m} for p, m in failed.items()]


def invalid(parameter: str, message: str) -> InvalidArgument:
    return InvalidArgument(details=[Detail(parameter, message)])
