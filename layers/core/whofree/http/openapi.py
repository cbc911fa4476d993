"""The OpenAPI 3.1 document, generated from the route table and the pydantic models (API.md §6).

Built only when /v1/openapi.json is asked for, so no other route pays for JSON-schema generation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from whofree.models import ErrorBody

_REF = "#/components/schemas/{model}"

ERROR_DESCRIPTIONS = {
    400: "Invalid Argument: malformed JSON, wrong types, bad values, violated limits or a bad page_token.",
    401: "Unauthenticated: missing or invalid API key (API Gateway answers it).",
    404: "Resource Not Found.",
    405: "Method Not Allowed.",
    409: "Conflict: the reservation cannot be made (not free, already held, or an Idempotency-Key in progress).",
    413: "Payload Too Large.",
    424: "External Calendar Error: every host's calendar failed.",
    500: "Internal Server Error: the message carries the request id.",
    503: "Service Unavailable: no table is configured, or the table is unavailable or throttling (see Retry-After).",
}
SIGNATURE_401 = "Unauthenticated: the provider's signature is missing, wrong or stale; nothing changes."
SUCCESS_DESCRIPTIONS = {200: "OK", 201: "Created", 204: "No Content"}


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
    operation_id: str = ""  # stable camelCase; derived from method and path when empty
    tags: tuple[str, ...] = ()  # the resource; derived from the path when empty
    also: tuple[int, ...] = ()  # more success statuses with the same body (PUT: 200 and 201)


def operation_id(op: Operation) -> str:
    """``op.operation_id``, or e.g. POST /v1/webhooks/calendly -> postWebhooksCalendly."""
    if op.operation_id:
        return op.operation_id
    words = [w for w in re.split(r"[^A-Za-z0-9]+", op.path.removeprefix("/v1/")) if w]
    return op.method.lower() + "".join(w[:1].upper() + w[1:] for w in words)


def tags(op: Operation) -> list[str]:
    """``op.tags``, or the path's first segment after /v1/ (its resource)."""
    return list(op.tags) or [op.path.removeprefix("/v1/").split("/")[0].split(".")[0]]


def _success(op: Operation, status: int, ref: dict[Any, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": SUCCESS_DESCRIPTIONS.get(status, "OK")}
    if status == 204:
        return answer  # no body at all
    if op.response is not None:
        answer["content"] = {op.response_media: {"schema": ref[op.response]}}
    elif op.response_media == "text/html":
        answer["content"] = {"text/html": {"schema": {"type": "string"}}}
    else:
        answer["content"] = {op.response_media: {"schema": {"type": "string"}}}
    return answer


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
    seen_ids: set[str] = set()
    for op in operations:
        responses: dict[str, Any] = {}
        for status in (op.response_status, *op.also):
            responses[str(status)] = _success(op, status, ref)
        for status in op.errors:
            error: dict[str, Any] = {
                "description": SIGNATURE_401 if (op.public and status == 401) else ERROR_DESCRIPTIONS[status],
                "content": {"application/json": {"schema": ref[ErrorBody]}},
            }
            if status == 503:
                error["headers"] = {
                    "Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}
                }
            responses[str(status)] = error
        identifier = operation_id(op)
        if identifier in seen_ids:
            raise ValueError(f"two operations are called {identifier}")
        seen_ids.add(identifier)
        operation: dict[str, Any] = {
            "operationId": identifier,
            "tags": tags(op),
            "summary": op.summary,
            "responses": dict(sorted(responses.items())),
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

    return _enum_for_const(
        {
            "openapi": "3.1.0",
            "info": {"title": "whofree", "version": "1.0.0", "description": description},
            "servers": [{"url": server_url or "/"}],
            "security": [{"ApiKey": []}],
            "tags": [{"name": name} for name in dict.fromkeys(t for op in operations for t in tags(op))],
            "paths": paths,
            "components": {
                "schemas": schemas.get("$defs", {}),
                "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"}},
            },
        }
    )


def _enum_for_const(node: Any) -> Any:
    """``{"const": "all"}`` (pydantic's Literal) as the equivalent ``{"enum": ["all"]}``: client
    generators handle a one-value enum inside anyOf (``"all"`` or k), but not every one handles const."""
    if isinstance(node, dict):
        out = {k: _enum_for_const(v) for k, v in node.items() if k != "const"}
        if "const" in node and not isinstance(node["const"], (dict, list)):
            out["enum"] = [node["const"]]
        return out
    if isinstance(node, list):
        return [_enum_for_const(v) for v in node]
    return node
