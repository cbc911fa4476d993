"""Powertools' RequestValidationError as API.md §1's details: each error's field path as
``parameter`` (``count``, ``Idempotency-Key``, ``hosts[0].id``), in the words whofree uses for the
same problem when it parses a body itself (whofree.availability.validation_details)."""

from __future__ import annotations

from collections.abc import Iterable

from whofree.errors import Detail, field_path, one_per_parameter

_WHERE = ("query", "path", "header", "cookie")


def _detail(error: dict) -> Detail:
    where, *loc = error["loc"] or ("body",)
    kind = error["type"]
    if where in _WHERE:
        name = str(loc[-1])
        if where == "header":  # Powertools matches headers in lower case; the contract names them
            name = "-".join(word.capitalize() for word in name.split("-"))
        return Detail(name, "Required." if kind == "missing" else error["msg"])
    # The body: one parameter, its field path inside the JSON.
    if kind == "json_invalid" or (kind == "missing" and not loc):
        return Detail("body", "The body is not valid JSON.")
    if kind in ("model_type", "model_attributes_type", "dict_type") and not loc:
        return Detail("body", "The body must be a JSON object.")
    return Detail(field_path(loc), error["msg"])


def details(errors: Iterable[dict]) -> list[Detail]:
    """One detail per parameter (a union's members said once)."""
    return one_per_parameter(map(_detail, errors))
