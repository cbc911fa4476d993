"""The webhook routes (API.md §5): no API key, the provider's signature instead; a valid booking
drops cache. Served by the webhook function, and listed in the API's one OpenAPI document."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from whofree import push, webhooks
from whofree.context import Context, Runtime
from whofree.data.table import required_table
from whofree.errors import NotFound, PayloadTooLarge, Unauthenticated
from whofree.http.openapi import answers
from whofree.http.params import Present
from whofree.http.routes import Routes
from whofree.observability import logger, metrics
from whofree.providers.types import ProviderError
from whofree.settings import Settings

SIGNED = (
    "No API key: the request must carry the provider's signature (API.md §5). A signed body whofree cannot"
    " read (not JSON, another shape than the provider documents, gzip that does not inflate or inflates"
    " past the size cap) is a 400, so the provider sends it again."
)
PER_CONNECTION = (
    " The delivery is verified with the connection's own signing secret and acts in the connection's account"
    " (API.md §7). An unknown connection, another provider's, and a bad signature are all 401, so that"
    " connection ids cannot be probed."
)
SIGNATURE_ERRORS = (400, 401, 413, 500, 503)
NOTIFICATION_SECONDS = 10.0  # a notification is answered well within the providers' few seconds


def routes(max_body_bytes: int, runtime: Callable[[], Runtime] | None = None) -> Routes:
    """The webhook routes (the deployment's and each connection's), over bodies of at most
    ``max_body_bytes``, answered with the table and clock of the function's runtime, which ``runtime`` gives (the API function declares the routes for
    its document only, without one)."""
    declared = Routes()
    router = declared.router

    def settings() -> Settings:
        """The function's settings (its webhook secrets). Routes declared only for the document have no
        runtime: the defaults, with no secret, so nothing would verify."""
        return runtime().settings if runtime else Settings()

    def raw_body() -> bytes:
        """The exact bytes that were signed (Powertools' decoding is text; a signature is over bytes)."""
        event = router.current_event
        body = event.body or ""
        raw = base64.b64decode(body) if event.is_base64_encoded else body.encode("utf-8")
        if len(raw) > max_body_bytes:
            raise PayloadTooLarge(f"The request body is larger than {max_body_bytes} bytes.")
        return raw

    def accept(provider: str, raw: bytes, context: Context | None = None) -> Response:
        """A verified body, read (a gzip body inflated within the size cap), then its cache dropped in the
        account of ``context`` (the single-account routes: the default account)."""
        encoding = router.current_event.headers.get("Content-Encoding")
        delivery = webhooks.read(provider, raw, encoding, max_body_bytes)
        if context is None and runtime:
            context = runtime().context(NOTIFICATION_SECONDS)  # single-account routes: the default account
        table = required_table(context.table if context is not None else None)
        booked_at = (runtime().clock() if runtime else 0.0) if delivery.booking else None
        dropped = webhooks.invalidate(table, set(delivery.event_types), delivery.handles(), booked_at, context)
        metrics.add_metric(name="WebhookInvalidations", unit="Count", value=len(dropped))
        logger.info("webhook accepted", extra={"provider": provider, "event": delivery.event, "dropped": len(dropped)})
        return Response(status_code=204, body="")

    def signed(provider: str, summary: str):
        return declared.route(
            "POST",
            f"/v1/webhooks/{provider}",
            operation_id=f"postWebhooks{provider.capitalize()}",
            tag="webhooks",
            summary=summary,
            description=SIGNED,
            responses=answers(204, errors=SIGNATURE_ERRORS, public=True),
            public=True,
        )

    @signed("calendly", "Calendly booking webhook")
    def calendly():
        raw = raw_body()
        webhooks.verify_calendly(
            settings(),
            router.current_event.headers.get("Calendly-Webhook-Signature"),
            raw,
            runtime().clock() if runtime else 0.0,
        )
        return accept("calendly", raw)

    @signed("calcom", "Cal.com booking webhook")
    def calcom():
        raw = raw_body()
        webhooks.verify_hex(settings(), "calcom", router.current_event.headers.get("X-Cal-Signature-256"), raw)
        return accept("calcom", raw)

    @signed("nylas", "Nylas calendar webhook")
    def nylas():
        raw = raw_body()
        webhooks.verify_hex(settings(), "nylas", router.current_event.headers.get("X-Nylas-Signature"), raw)
        return accept("nylas", raw)

    def connection_of(provider: str, connection_id: str) -> tuple[Context, Callable[[], bytes]]:
        """The context of the connection's account and its signing key, or 401: an unknown id, another
        provider's, and a bad signature all answer the same, so that ids cannot be probed."""
        from whofree import connections

        found = connections.owner(runtime(), connection_id) if runtime else None
        if found is None or found[1] != provider:
            raise Unauthenticated("The webhook cannot be verified.")
        context = runtime().context(NOTIFICATION_SECONDS, found[0]) if runtime else None

        def key() -> bytes:
            try:
                return connections.signing_key(context, connection_id).encode()
            except (NotFound, ProviderError):  # deleted since the index was read; no key to verify with
                raise Unauthenticated("The webhook cannot be verified.") from None

        return context, key

    def per_connection(provider: str, summary: str):
        return declared.route(
            "POST",
            f"/v1/webhooks/{provider}/<connection_id>",
            operation_id=f"postWebhooks{provider.capitalize()}Connection",
            tag="webhooks",
            summary=summary,
            description=SIGNED + PER_CONNECTION,
            responses=answers(204, errors=SIGNATURE_ERRORS, public=True),
            public=True,
        )

    @per_connection("calendly", "Calendly booking webhook of one connection")
    def calendly_connection(connection_id: str):
        raw = raw_body()
        context, key = connection_of("calendly", connection_id)
        header = router.current_event.headers.get("Calendly-Webhook-Signature")
        webhooks.calendly_signed(key, header, raw, runtime().clock() if runtime else 0.0)
        return accept("calendly", raw, context)

    @per_connection("calcom", "Cal.com booking webhook of one connection")
    def calcom_connection(connection_id: str):
        raw = raw_body()
        context, key = connection_of("calcom", connection_id)
        webhooks.hex_signed(key, router.current_event.headers.get("X-Cal-Signature-256"), raw)
        return accept("calcom", raw, context)

    @per_connection("nylas", "Nylas calendar webhook of one connection")
    def nylas_connection(connection_id: str):
        raw = raw_body()
        context, key = connection_of("nylas", connection_id)
        webhooks.hex_signed(key, router.current_event.headers.get("X-Nylas-Signature"), raw)
        return accept("nylas", raw, context)

    @declared.route(
        "POST",
        "/v1/notifications/google",
        operation_id="postNotificationsGoogle",
        tag="webhooks",
        summary="Google Calendar push notification",
        description=(
            "No API key: the channel named by X-Goog-Channel-ID must carry its X-Goog-Channel-Token and "
            "X-Goog-Resource-ID (API.md §5); a forged or unknown channel is 404. X-Goog-Resource-State "
            "`sync` (a channel's first message) changes nothing; any other state makes the host stale."
        ),
        responses=answers(204, errors=(404, 413, 500, 503), public=True),
        public=True,
    )
    def google_notification():
        raw_body()  # the size limit (Google sends the change in headers; the body is empty)
        stale = push.google(runtime().context(NOTIFICATION_SECONDS), router.current_event.headers or {})
        metrics.add_metric(name="PushNotifications", unit="Count", value=1 if stale else 0)
        return Response(status_code=204, body="")

    @declared.route(
        "POST",
        "/v1/notifications/microsoft",
        operation_id="postNotificationsMicrosoft",
        tag="webhooks",
        summary="Microsoft Graph change and lifecycle notifications",
        description=(
            "No API key. With `validationToken` (Graph checking the URL of a new subscription): the token, "
            "as text/plain, 200. Otherwise each item must name a subscription of whofree with its "
            "clientState (API.md §5): none does -> 401 and nothing changes; the others are accepted, 202."
        ),
        responses=answers(202, 200, media="text/plain", errors=(400, 401, 413, 500, 503), public=True),
        public=True,
    )
    def microsoft_notification(validationToken: Annotated[str | None, Query()] = None):
        token = push.validation_token(router.current_event.query_string_parameters)
        if token is not None:  # Graph checks the URL of a subscription being created: echo, within its 10 s
            return Response(
                status_code=200, content_type="text/plain", body=token, headers={"X-Content-Type-Options": "nosniff"}
            )
        accepted = push.microsoft(runtime().context(NOTIFICATION_SECONDS), raw_body())
        metrics.add_metric(name="PushNotifications", unit="Count", value=accepted)
        return Response(status_code=202, body="")

    @declared.route(
        "GET",
        "/v1/webhooks/nylas",
        operation_id="getWebhooksNylas",
        tag="webhooks",
        summary="Nylas webhook challenge",
        responses=answers(200, media="text/plain", errors=(400, 500), public=True),
        public=True,
    )
    def nylas_challenge(challenge: Annotated[Present, Query()]):
        return Response(status_code=200, content_type="text/plain", body=challenge)

    @declared.route(
        "GET",
        "/v1/webhooks/nylas/<connection_id>",
        operation_id="getWebhooksNylasConnection",
        tag="webhooks",
        summary="Nylas webhook challenge of one connection's webhook",
        responses=answers(200, media="text/plain", errors=(400, 500), public=True),
        public=True,
    )
    def nylas_connection_challenge(connection_id: str, challenge: Annotated[Present, Query()]):
        # Nylas checks a new webhook's URL before it sends to it; the echo reveals nothing of the connection.
        return Response(status_code=200, content_type="text/plain", body=challenge)

    return declared
