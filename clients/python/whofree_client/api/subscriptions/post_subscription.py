from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.subscription_envelope import SubscriptionEnvelope
from ...models.subscription_request import SubscriptionRequest
from ...types import Response


def _get_kwargs(
    *,
    body: SubscriptionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/subscriptions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | SubscriptionEnvelope | None:
    if response.status_code == 201:
        response_201 = SubscriptionEnvelope.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 405:
        response_405 = ErrorBody.from_dict(response.json())

        return response_405

    if response.status_code == 413:
        response_413 = ErrorBody.from_dict(response.json())

        return response_413

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorBody.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | SubscriptionEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SubscriptionRequest,
) -> Response[ErrorBody | SubscriptionEnvelope]:
    """Be told when the availability of event types changes

     whofree POSTs `{"event": "availability.changed", "event_type", "hosts": [ids], "occurred_at", "id"}`
    to `url` when a host of a listed event type changes: a webhook delivery or push notification, a hold
    made, released or expired, the event type replaced or deleted. Each is signed: `Whofree-Signature:
    t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with the `secret`, which only this answer shows. At least
    once: retried with backoff for 24 hours, the same `id` on every retry. The url must be https on a
    public address (a name is resolved and checked at every send). At most 100 subscriptions per
    account, 100 event types each, a url of 2048 characters.

    Args:
        body (SubscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | SubscriptionEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: SubscriptionRequest,
) -> ErrorBody | SubscriptionEnvelope | None:
    """Be told when the availability of event types changes

     whofree POSTs `{"event": "availability.changed", "event_type", "hosts": [ids], "occurred_at", "id"}`
    to `url` when a host of a listed event type changes: a webhook delivery or push notification, a hold
    made, released or expired, the event type replaced or deleted. Each is signed: `Whofree-Signature:
    t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with the `secret`, which only this answer shows. At least
    once: retried with backoff for 24 hours, the same `id` on every retry. The url must be https on a
    public address (a name is resolved and checked at every send). At most 100 subscriptions per
    account, 100 event types each, a url of 2048 characters.

    Args:
        body (SubscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | SubscriptionEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SubscriptionRequest,
) -> Response[ErrorBody | SubscriptionEnvelope]:
    """Be told when the availability of event types changes

     whofree POSTs `{"event": "availability.changed", "event_type", "hosts": [ids], "occurred_at", "id"}`
    to `url` when a host of a listed event type changes: a webhook delivery or push notification, a hold
    made, released or expired, the event type replaced or deleted. Each is signed: `Whofree-Signature:
    t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with the `secret`, which only this answer shows. At least
    once: retried with backoff for 24 hours, the same `id` on every retry. The url must be https on a
    public address (a name is resolved and checked at every send). At most 100 subscriptions per
    account, 100 event types each, a url of 2048 characters.

    Args:
        body (SubscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | SubscriptionEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SubscriptionRequest,
) -> ErrorBody | SubscriptionEnvelope | None:
    """Be told when the availability of event types changes

     whofree POSTs `{"event": "availability.changed", "event_type", "hosts": [ids], "occurred_at", "id"}`
    to `url` when a host of a listed event type changes: a webhook delivery or push notification, a hold
    made, released or expired, the event type replaced or deleted. Each is signed: `Whofree-Signature:
    t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with the `secret`, which only this answer shows. At least
    once: retried with backoff for 24 hours, the same `id` on every retry. The url must be https on a
    public address (a name is resolved and checked at every send). At most 100 subscriptions per
    account, 100 event types each, a url of 2048 characters.

    Args:
        body (SubscriptionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | SubscriptionEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
