"""One HTTP service on Powertools' REST resolver, with everything API.md §1 asks of every route:
the contract's 404 and 405 (with ``Allow``), ApiError mapped to its status and body, anything
unexpected a 500 that names the request id and nothing internal, a body size limit, and a route
table that also feeds the OpenAPI document. The API and webhook functions are each one Service.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.logging import correlation_paths

from whofree.errors import ApiError, NotFound, PayloadTooLarge
from whofree.http import errors
from whofree.http.errors import MethodNotAllowed
from whofree.http.openapi import Operation
from whofree.http.responses import error_response
from whofree.http.routes import RouteTable
from whofree.observability import logger, publish_metrics


class Service:
    def __init__(self, max_body_bytes: int) -> None:
        self.max_body_bytes = max_body_bytes
        self.app = APIGatewayRestResolver()
        self.routes = RouteTable()
        self.operations: list[Operation] = []
        self.app.not_found(self._not_found)
        self.app.exception_handler(ApiError)(self._api_error)
        self.app.exception_handler(Exception)(self._unexpected)

    def route(self, operation: Operation) -> Callable:
        """Register a route with Powertools, the 404/405 table and the OpenAPI document at once."""
        self.routes.add(operation.method, operation.path)
        self.operations.append(operation)
        return self.app.route(operation.path, method=operation.method)

    def body(self) -> str:
        event = self.app.current_event
        body = event.body or ""
        if event.is_base64_encoded:
            body = base64.b64decode(body).decode("utf-8", errors="replace")
        if len(body) > self.max_body_bytes:
            raise PayloadTooLarge(f"The request body is larger than {self.max_body_bytes} bytes.")
        return body

    def server_url(self) -> str | None:
        """The base URL the client used, for links (next_page, the OpenAPI servers)."""
        event = self.app.current_event
        host = event.headers.get("Host") or event.headers.get("host")
        if not host:
            return None
        proto = event.headers.get("X-Forwarded-Proto") or event.headers.get("x-forwarded-proto") or "https"
        stage = event.request_context.stage
        # The execute-api host serves under /<stage>; a custom domain maps the stage away.
        prefix = f"/{stage}" if stage and host.endswith(".amazonaws.com") else ""
        return f"{proto}://{host}{prefix}"

    def handler(self) -> Callable[[dict, object], dict]:
        @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
        @publish_metrics
        def lambda_handler(event: dict, context: object) -> dict:
            return self.app.resolve(event, context)

        return lambda_handler

    # ------------------------------------------------------------ §1's errors
    def _not_found(self, _: Exception) -> Response:
        event = self.app.current_event
        allowed = self.routes.allowed(event.path)
        if allowed:
            return error_response(
                MethodNotAllowed(f"{event.http_method} is not allowed here; use {', '.join(sorted(allowed))}."),
                headers={"Allow": ", ".join(sorted(allowed))},
            )
        return error_response(NotFound(f"No route {event.path}."))

    def _api_error(self, error: ApiError) -> Response:
        # Parameter paths only: messages may quote ids from the request.
        code = errors.status(error).code
        extra = {"status": code, "parameters": [d.parameter for d in error.details]}
        if code >= 500:
            extra["error"] = str(error)  # e.g. which store call failed, and how
        logger.info("request refused", extra=extra)
        return error_response(error)

    def _unexpected(self, error: Exception) -> Response:
        logger.exception("unexpected error")
        context = self.app.lambda_context
        request_id = context.aws_request_id if context else "unknown"
        return error_response(ApiError(f"An unexpected error occurred (request id {request_id})."))
