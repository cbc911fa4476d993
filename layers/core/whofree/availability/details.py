"""pydantic's validation errors as the contract's error details (API.md §1): one per parameter path."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import ValidationError

from whofree.errors import Detail


def parameter_path(loc: Sequence[str | int]) -> str:
    """("participants", 1, "open_hours", 0, "end") -> "participants[1].open_hours[0].end"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


_UNION_MEMBER = re.compile(r"int|str|float|bool|none|constrained-\w+|[\w-]+\[.*\]")


def validation_details(exc: ValidationError) -> list[Detail]:
    details = []
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        if error["type"] == "json_invalid":
            details.append(Detail("body", "The body is not valid JSON."))
            continue
        if error["type"] == "model_type" and not error["loc"]:
            details.append(Detail("body", "The body must be a JSON object."))
            continue
        # pydantic puts the member of a union it tried into loc (e.g. "literal['all']", "int"); drop it.
        loc = [p for p in error["loc"] if isinstance(p, int) or not _UNION_MEMBER.fullmatch(p)]
        details.append(Detail(parameter_path(loc), error["msg"]))
    # A union ("all" or k) fails once per member: say it once, with both expectations.
    merged: dict[str, list[str]] = {}
    for detail in details:
        merged.setdefault(detail.parameter, []).append(detail.message)
    return [
        Detail(
            parameter,
            " or ".join(m if i == 0 else m[:1].lower() + m[1:] for i, m in enumerate(dict.fromkeys(messages))),
        )
        for parameter, messages in merged.items()
    ]
