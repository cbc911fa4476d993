"""Typed query, path and header parameters (Powertools' ``Query``/``Path``/``Header`` with pydantic).

Each type carries its OpenAPI schema and the check the contract asks for, with the message whofree
has always answered (API.md §1): the checks are whofree's own (one whole-number parser, the instant
parser, the zone database), run by pydantic so that Powertools validates every parameter before a
route runs, and a failure is a 400 naming the parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from whofree.engine import zones
from whofree.errors import Detail
from whofree.instants import InvalidInstant, parse_in_range
from whofree.models import EVENT_TYPE_ID_PATTERN
from whofree.params import whole_number


def refuse(message: str) -> PydanticCustomError:
    """A validation error whose message is ``message`` word for word (no context: nothing is formatted)."""
    return PydanticCustomError("whofree", message)


def _checked(check: Callable[[str], Any]) -> BeforeValidator:
    return BeforeValidator(lambda value: check(value) if isinstance(value, str) else value)


def _instant(text: str) -> str:
    if text:  # empty: the range check answers "Required." with the other end
        try:
            parse_in_range(text)
        except InvalidInstant as exc:
            raise refuse(str(exc)) from None
    return text


def _zone(name: str) -> str:
    if name and (message := zones.problem(name)) is not None:  # empty: the default zone
        raise refuse(message)
    return name


def _hosts(text: str) -> str:
    if not any(h.strip() for h in text.split(",")):
        raise refuse("List at least one host id, separated by commas.")
    return text


def _true_or_false(text: str) -> bool:
    if text not in ("true", "false"):
        raise refuse("true or false.")
    return text == "true"


def count(low: int, high: int) -> Any:
    """``count``: 1 to 9 ASCII digits within [low, high], read by whofree.params' one parser.

    In every type here the schema's constraints come before the check: Powertools writes the
    constraints of a type into the document only in that order.
    """

    def check(text: str) -> int:
        problems: list[Detail] = []
        value = whole_number({"count": text}, "count", low, low, high, problems)
        if problems:
            raise refuse(problems[0].message)
        return value

    return Annotated[int, Field(ge=low, le=high), _checked(check)]


def _event_type_id(text: str) -> str:
    if not re.match(EVENT_TYPE_ID_PATTERN, text):
        raise refuse("1 to 64 letters, digits, '-' or '_'.")
    return text


def _idempotency_key(text: str) -> str:
    if len(text) > MAX_IDEMPOTENCY_KEY:
        raise refuse(f"At most {MAX_IDEMPOTENCY_KEY} characters.")
    return text


def _present(text: str) -> str:
    if not text:
        raise refuse("Required.")
    return text


Instant = Annotated[str, _checked(_instant)]
Zone = Annotated[str, _checked(_zone)]
Hosts = Annotated[str, _checked(_hosts)]
TrueOrFalse = Annotated[bool, _checked(_true_or_false)]
EventTypeId = Annotated[str, Field(pattern=EVENT_TYPE_ID_PATTERN), _checked(_event_type_id)]
Present = Annotated[str, Field(min_length=1), _checked(_present)]
MAX_IDEMPOTENCY_KEY = 255
IdempotencyKey = Annotated[str, Field(max_length=MAX_IDEMPOTENCY_KEY), _checked(_idempotency_key)]


def strict(model: type[BaseModel]) -> Any:
    """A body of ``model``, read as whofree reads every body: strict JSON (numbers are JSON numbers,
    instants JSON strings, nothing coerced; API.md §1). Powertools validates the body it parsed in
    Python's lax mode; this writes it back to JSON for ``model_validate_json(strict=True)``, so the
    rules and messages are those of the use cases' own parse."""

    def check(value: object) -> object:
        return value if isinstance(value, model) else model.model_validate_json(json.dumps(value), strict=True)

    return Annotated[model, BeforeValidator(check)]
