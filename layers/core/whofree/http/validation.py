"""Powertools' RequestValidationError as API.md §1's details: each error's field path as
``parameter`` (``count``, ``Idempotency-Key``, ``hosts[0].id``), in the words whofree uses for the
same problem when it parses a body itself (whofree.availability.validation_details)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from whofree.errors import Detail

# pydantic puts the member of a union it tried into loc (e.g. "literal['all']", "int"); not a field.
_UNION_MEMBER = re.compile(r"int|str|float|bool|none|constrained-\w+|[\w-]+\[.*\]")
_WHERE = ("query", "path", "header", "cookie")


def field_path(loc: Sequence[str | int]) -> str:
    """("hosts", 1, "open_hours", 0, "end") -> "hosts[1].open_hours[0].end"; () -> "body"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


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
    return Detail(field_path([p for p in loc if isinstance(p, int) or not _UNION_MEMBER.fullmatch(p)]), error["msg"])


def details(errors: Iterable[dict]) -> list[Detail]:
    """One detail per parameter: a union ("all" or k) fails once per member, said once with both."""
    merged: dict[str, list[str]] = {}
    for detail in map(_detail, errors):
        merged.setdefault(detail.parameter, []).append(detail.message)
    return [
        Detail(parameter, " or ".join(m if i == 0 else m[:1].lower() + m[1:] for i, m in enumerate(dict.fromkeys(ms))))
        for parameter, ms in merged.items()
    ]
