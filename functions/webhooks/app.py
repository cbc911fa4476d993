"""Provider webhooks (API.md §5): no API key, a signature instead; a valid booking drops cache."""

from __future__ import annotations

import base64

from aws_lambda_powertools.event_handler import Response

from whofree import runtime, settings, webhooks
from whofree.data.table import required_table
from whofree.errors import Detail, InvalidArgument
from whofree.http.service import Service
from whofree.http.webhooks import operations
from whofree.observability import logger, metrics

OPERATIONS = operations()
SETTINGS = settings.get()  # read and validated once, at init: a bad value fails it, naming the variable
RUNTIME = runtime.start(SETTINGS)
service = Service(SETTINGS.max_body_bytes or 1_000_000)
app, route = service.app, service.route


def raw_body() -> bytes:
    """The exact bytes that were signed."""
    service.body()  # the size limit
    event = app.current_event
    body = event.body or ""
    return base64.b64decode(body) if event.is_base64_encoded else body.encode("utf-8")


def header(name: str) -> str | None:
    headers = app.current_event.headers
    return headers.get(name) or headers.get(name.lower())


def _accept(provider: str, raw: bytes) -> Response:
    event_types, hosts = webhooks.touched(provider, raw)
    dropped = webhooks.invalidate(required_table(RUNTIME.table), event_types, hosts)
    metrics.add_metric(name="WebhookInvalidations", unit="Count", value=len(dropped))
    logger.info("webhook accepted", extra={"provider": provider, "dropped": len(dropped)})
    return Response(status_code=204, body="")


@route(OPERATIONS["calendly"])
def calendly() -> Response:
    raw = raw_body()
    webhooks.verify_calendly(header("Calendly-Webhook-Signature"), raw, RUNTIME.clock())
    return _accept("calendly", raw)


@route(OPERATIONS["calcom"])
def calcom() -> Response:
    raw = raw_body()
    webhooks.verify_hex("calcom", header("X-Cal-Signature-256"), raw)
    return _accept("calcom", raw)


@route(OPERATIONS["nylas"])
def nylas() -> Response:
    raw = raw_body()
    webhooks.verify_hex("nylas", header("X-Nylas-Signature"), raw)
    return _accept("nylas", raw)


@route(OPERATIONS["nylas_challenge"])
def nylas_challenge() -> Response:
    challenge = (app.current_event.query_string_parameters or {}).get("challenge")
    if not challenge:
        raise InvalidArgument(details=[Detail("challenge", "Required.")])
    return Response(status_code=200, content_type="text/plain", body=challenge)


lambda_handler = service.handler()
