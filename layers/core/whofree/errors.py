"""The project's exceptions: what went wrong, in words a client may read, with the parameters at
fault and, for a refusal the client may retry, how long to wait.

None of them knows HTTP: whofree.http.errors maps each class to its status, title and headers
(API.md §1), and is the only place that does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The title of a partial-failure warning in a 200 answer (API.md §1): the same words as the 424's.
CALENDAR_WARNING_TITLE = "External Calendar Error"


@dataclass(frozen=True, slots=True)
class Detail:
    parameter: str
    message: str


# pydantic puts the member of a union it tried into loc (e.g. "literal['all']", "int"): not a field.
_UNION_MEMBER = re.compile(r"int|str|float|bool|none|constrained-\w+|[\w-]+\[.*\]")


def field_path(loc: Sequence[str | int]) -> str:
    """A validation error's location as a Detail's parameter: ("participants", 1, "open_hours", 0,
    "end") -> "participants[1].open_hours[0].end", union members left out; () -> "body"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _UNION_MEMBER.fullmatch(part):
            out += f".{part}" if out else str(part)
    return out or "body"


def one_per_parameter(details: Iterable[Detail]) -> list[Detail]:
    """One detail per parameter: a union ("all" or k) fails once per member, said once with both."""
    merged: dict[str, list[str]] = {}
    for detail in details:
        merged.setdefault(detail.parameter, []).append(detail.message)
    return [
        Detail(parameter, " or ".join(m if i == 0 else m[:1].lower() + m[1:] for i, m in enumerate(dict.fromkeys(ms))))
        for parameter, ms in merged.items()
    ]


class ApiError(Exception):
    """A request answered with an error; as such (not a subclass), an unexpected one."""

    default_message = "An unexpected error occurred."

    def __init__(
        self, message: str | None = None, details: list[Detail] | None = None, retry_after: int | None = None
    ) -> None:
        self.message = message or self.default_message
        self.details = details or []
        self.retry_after = retry_after  # seconds the client should wait before retrying, when it may
        super().__init__(self.message)


class InvalidArgument(ApiError):
    default_message = "The supplied parameters are invalid."


class Unauthenticated(ApiError):
    default_message = "The request could not be authenticated."


class NotFound(ApiError):
    default_message = "The resource was not found."


class Conflict(ApiError):
    default_message = "The request conflicts with the current state."


class PayloadTooLarge(ApiError):
    default_message = "The request body is too large."


class ExternalCalendarError(ApiError):
    default_message = "No host's calendar could be read."


class ServiceUnavailable(ApiError):
    """Something the request needs is missing or not answering; ``retry_after`` says when to retry."""

    default_message = "This route needs storage, and no table is configured."


def calendar_warnings(failed: dict[str, str], total: int, who: str = "host") -> list[dict]:
    """API.md §1's partial failure: a warning for each participant whose calendar could not be read
    (id -> why), in order; ExternalCalendarError when that is all ``total`` of them."""
    if failed and len(failed) == total:
        raise ExternalCalendarError(f"No {who}'s calendar could be read: {next(iter(failed.values()))}")
    return [{"participant": p, "title": CALENDAR_WARNING_TITLE, "message": m} for p, m in failed.items()]


def invalid(parameter: str, message: str) -> InvalidArgument:
    return InvalidArgument(details=[Detail(parameter, message)])
