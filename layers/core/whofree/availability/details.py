"""pydantic's validation errors as the contract's error details (API.md §1): one per parameter path."""

from __future__ import annotations

from pydantic import ValidationError

from whofree.errors import Detail, field_path, one_per_parameter


def validation_details(exc: ValidationError) -> list[Detail]:
    details = []
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        if error["type"] == "json_invalid":
            details.append(Detail("body", "The body is not valid JSON."))
            continue
        if error["type"] == "model_type" and not error["loc"]:
            details.append(Detail("body", "The body must be a JSON object."))
            continue
        details.append(Detail(field_path(error["loc"]), error["msg"]))
    return one_per_parameter(details)
