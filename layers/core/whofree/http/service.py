"""One HTTP service on Powertools' REST resolver with validation on, and everything API.md §1 asks
of every route: a request that fails validation a 400 naming each parameter, the contract's 404
and 405 (with ``Allow``), whofree's exceptions answered from the one error table, anything
unexpected a 500 that names the request id and nothing internal, and a body size limit. The API
and webhook functions are each one Service over their Routes.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestUnsupportedContentType, RequestValidationError
from aws_lambda_powertools.logging import correlation_paths

from whofree.errors import ApiError, Detail, InvalidArgument, NotFound, PayloadTooLarge
from whofree.http import cors as cors_policy
from whofree.http import errors, validation
from whofree.http.errors import MethodNotAllowed
from whofree.http.responses import error_response
from whofree.http.routes import Routes, RouteTable
from whofree.observability import logger, publish_metrics


class Service:
    def __init__(
        self, max_body_bytes: int, *routes: Routes, cors: Callable[[], cors_policy.Cors | None] = lambda: None
    ) -> None:
        self.max_body_bytes = max_body_bytes
        self.cors = cors  # the policy of the current settings; None: no CORS headers, OPTIONS is a 405
        self.app = APIGatewayRestResolver(enable_validation=True)
        self.routes = RouteTable()
        self.tags: list[str] = []
        for declared in routes:
            self.app.include_router(declared.router)
            for path, methods in declared.table.paths():
                for method in methods:
                    self.routes.add(method, path)
            self.tags += [t for t in declared.tags if t not in self.tags]
        self.app.not_found(self._not_found)
        self.app.exception_handler(RequestUnsupportedContentType)(self._not_json)
        self.app.exception_handler(ValueError)(self._value_error)
        self.app.exception_handler(RequestValidationError)(self._invalid)
        self.app.exception_handler(UnicodeDecodeError)(self._undecodable)
        self.app.exception_handler(ApiError)(self._api_error)
        self.app.exception_handler(Exception)(self._unexpected)

    def body(self) -> str:
        """The request body as text (Powertools decodes base64), within the size limit."""
        try:
            body = self.app.current_event.decoded_body or ""
        except UnicodeDecodeError:
            raise InvalidArgument(details=[Detail("body", "The body is not valid JSON (not UTF-8).")]) from None
        if len(body) > self.max_body_bytes:
            raise PayloadTooLarge(f"The request body is larger than {self.max_body_bytes} bytes.")
        return body

    def server_url(self) -> str | None:
        """The base URL the client used, for links (next_page, the OpenAPI servers)."""
        event = self.app.current_event
        host = event.headers.get("Host")
        if not host:
            return None
        proto = event.headers.get("X-Forwarded-Proto") or "https"
        stage = event.request_context.stage
        # The execute-api host serves under /<stage>; a custom domain maps the stage away.
        prefix = f"/{stage}" if stage and host.endswith(".amazonaws.com") else ""
        return f"{proto}://{host}{prefix}"

    def handler(self) -> Callable[[dict, object], dict]:
        @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
        @publish_metrics
        def lambda_handler(event: dict, context: object) -> dict:
            result = self.app.resolve(event, context)
            policy = self.cors()
            return policy.apply(event, result) if policy else result

        return lambda_handler

    # ------------------------------------------------------------ §1's errors
    def _not_found(self, _: Exception) -> Response:
        event = self.app.current_event
        allowed = self.routes.allowed(event.path)
        policy = self.cors()
        if allowed and policy and event.http_method == "OPTIONS":
            # A CORS preflight: the answer's Access-Control-Allow-Origin is added by the handler.
            headers = policy.preflight(cors_policy.origin_of(event.headers), allowed)
            return Response(status_code=204, content_type=None, headers=headers, body="")
        if allowed:
            return error_response(
                MethodNotAllowed(f"{event.http_method} is not allowed here; use {', '.join(sorted(allowed))}."),
                headers={"Allow": ", ".join(sorted(allowed))},
            )
        return error_response(NotFound(f"No route {event.path}."))

    def _invalid(self, error: RequestValidationError) -> Response:
        # Validation reads the whole body first: an over-size one is 413 whatever it says.
        try:
            self.body()
        except PayloadTooLarge as too_large:
            return self._api_error(too_large)
        return self._api_error(InvalidArgument(details=validation.details(error.errors())))

    def _not_json(self, _: Exception) -> Response:
        # Powertools reads a body only as JSON (or a form); another media type is the client's mistake.
        try:
            self.body()
        except PayloadTooLarge as too_large:
            return self._api_error(too_large)
        detail = Detail("Content-Type", "The body is JSON: send it with Content-Type: application/json.")
        return self._api_error(InvalidArgument(details=[detail]))

    def _value_error(self, error: ValueError) -> Response:
        # Powertools reads a multipart body itself, and a multipart Content-Type without its boundary
        # fails there with a ValueError: the client's mistake, like any body that is not JSON.
        frames = traceback.extract_tb(error.__traceback__)
        if any(frame.filename.endswith("openapi_validation.py") for frame in frames):
            return self._not_json(error)
        return self._unexpected(error)

    def _undecodable(self, error: UnicodeDecodeError) -> Response:
        # JSON is UTF-8 (RFC 8259 §8.1): a base64 body that is not is the client's, any other decode
        # error is whofree's own.
        try:
            self.body()
        except ApiError as refusal:
            return self._api_error(refusal)
        return self._unexpected(error)

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
