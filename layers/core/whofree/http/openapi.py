"""The OpenAPI 3.1 document, generated from the route table and the pydantic models (API.md §6).

Built only when /v1/openapi.json is asked for, so no other route pays for JSON-schema generation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from whofree.models import ErrorBody

_REF = "#/components/schemas/{model}"

ERROR_DESCRIPTIONS = {
    400: "Invalid Argument: malformed JSON, wrong types, bad values, violated limits or a bad page_token.",
    401: "Unauthenticated: missing or invalid API key.",
    404: "Resource Not Found.",
    405: "Method Not Allowed.",
    409: "Conflict: the reservation cannot be made (not free, already held, or an Idempotency-Key in progress).",
    413: "Payload Too Large.",
    424: "External Calendar Error: every host's calendar failed.",
    500: "Internal Server Error: the message carries the request id.",
    503: "Service Unavailable: no table is configured.",
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str = ""
    request: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    response_status: int = 200
    response_media: str = "application/json"
    errors: tuple[int, ...] = (400, 401, 413, 500)
    public: bool = False  # no API key
    parameters: list[dict[str, Any]] = field(default_factory=list)


def build(operations: list[Operation], server_url: str | None, description: str) -> dict[str, Any]:
    models: list[type[BaseModel]] = [ErrorBody]
    for op in operations:
        models += [m for m in (op.request, op.response) if m is not None]
    unique = list(dict.fromkeys(models))
    refs, schemas = models_json_schema(
        [(m, "validation") for m in unique], ref_template=_REF, title="whofree components"
    )
    ref = {model: refs[(model, "validation")] for model in unique}

    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        responses: dict[str, Any] = {}
        if op.response is not None:
            responses[str(op.response_status)] = {
                "description": "OK",
                "content": {op.response_media: {"schema": ref[op.response]}},
            }
        else:
            responses[str(op.response_status)] = {"description": "OK", "content": {op.response_media: {}}}
        for status in op.errors:
            if op.public and status == 401:
                continue
            responses[str(status)] = {
                "description": ERROR_DESCRIPTIONS[status],
                "content": {"application/json": {"schema": ref[ErrorBody]}},
            }
        operation: dict[str, Any] = {
            "operationId": f"{op.method.lower()}_{op.path.strip('/').replace('/', '_').replace('.', '_')}",
            "summary": op.summary,
            "responses": responses,
        }
        if op.description:
            operation["description"] = op.description
        if op.parameters:
            operation["parameters"] = op.parameters
        if op.request is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ref[op.request]}},
            }
        if op.public:
            operation["security"] = []
        openapi_path = op.path.replace("<", "{").replace(">", "}")
        paths.setdefault(openapi_path, {})[op.method.lower()] = operation

    return {
        "openapi": "3.1.0",
        "info": {"title": "whofree", "version": "1.0.0", "description": description},
        "servers": [{"url": server_url or "/"}],
        "security": [{"ApiKey": []}],
        "paths": paths,
        "components": {
            "schemas": schemas.get("$defs", {}),
            "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"}},
        },
    }


SWAGGER_UI = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>whofree API</title>
<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({url: "openapi.json", dom_id: "#swagger-ui"});
</script>
</body>
</html>
"""
