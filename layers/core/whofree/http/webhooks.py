"""The webhook routes' OpenAPI operations, for the webhook function and for the API's document alike."""

from __future__ import annotations

from whofree.http.openapi import Operation


def operations() -> dict[str, object]:
    """The webhook routes, for the webhook function and for the API's OpenAPI document alike."""
    signed = "No API key: the request must carry the provider's signature (API.md §5)."
    unreadable = (
        " A signed body whofree cannot read (not JSON, another shape than the provider documents, gzip"
        " that does not inflate or inflates past the size cap) is a 400, so the provider sends it again."
    )
    return {
        "calendly": Operation(
            "POST",
            "/v1/webhooks/calendly",
            summary="Calendly booking webhook",
            public=True,
            description=signed + unreadable,
            response_status=204,
            errors=(400, 401, 413, 500, 503),
        ),
        "calcom": Operation(
            "POST",
            "/v1/webhooks/calcom",
            summary="Cal.com booking webhook",
            public=True,
            description=signed + unreadable,
            response_status=204,
            errors=(400, 401, 413, 500, 503),
        ),
        "nylas": Operation(
            "POST",
            "/v1/webhooks/nylas",
            summary="Nylas calendar webhook",
            public=True,
            description=signed + unreadable,
            response_status=204,
            errors=(400, 401, 413, 500, 503),
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
