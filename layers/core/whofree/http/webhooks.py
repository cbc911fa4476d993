"""The webhook routes' OpenAPI operations, for the webhook function and for the API's document alike."""

from __future__ import annotations

from whofree.http.openapi import Operation


def operations() -> dict[str, object]:
    """The webhook routes, for the webhook function and for the API's OpenAPI document alike."""
    signed = "No API key: the request must carry the provider's signature (API.md §5)."
    return {
        "calendly": Operation(
            "POST",
            "/v1/webhooks/calendly",
            summary="Calendly booking webhook",
            public=True,
            description=signed,
            response_status=204,
            errors=(401, 413, 500, 503),
        ),
        "calcom": Operation(
            "POST",
            "/v1/webhooks/calcom",
            summary="Cal.com booking webhook",
            public=True,
            description=signed,
            response_status=204,
            errors=(401, 413, 500, 503),
        ),
        "nylas": Operation(
            "POST",
            "/v1/webhooks/nylas",
            summary="Nylas calendar webhook",
            public=True,
            description=signed,
            response_status=204,
            errors=(401, 413, 500, 503),
        ),
        "google": Operation(
            "POST",
            "/v1/notifications/google",
            summary="Google Calendar push notification",
            public=True,
            description=(
                "No API key: the channel named by X-Goog-Channel-ID must carry its X-Goog-Channel-Token and "
                "X-Goog-Resource-ID (API.md §5); a forged or unknown channel is 404. X-Goog-Resource-State "
                "`sync` (a channel's first message) changes nothing; any other state makes the host stale."
            ),
            response_status=204,
            errors=(404, 413, 500, 503),
        ),
        "microsoft": Operation(
            "POST",
            "/v1/notifications/microsoft",
            summary="Microsoft Graph change and lifecycle notifications",
            public=True,
            description=(
                "No API key. With `validationToken` (Graph checking the URL of a new subscription): the token, "
                "as text/plain, 200. Otherwise each item must name a subscription of whofree with its "
                "clientState (API.md §5): none does -> 401 and nothing changes; the others are accepted, 202."
            ),
            response_status=202,
            errors=(400, 401, 413, 500, 503),
            parameters=[{"name": "validationToken", "in": "query", "required": False, "schema": {"type": "string"}}],
        ),
        "nylas_challenge": Operation(
            "GET",
            "/v1/webhooks/nylas",
            summary="Nylas webhook challenge",
            public=True,
            response_media="text/plain",
            errors=(400, 500),
            parameters=[
                {"name": "challenge", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1}}
            ],
        ),
    }
