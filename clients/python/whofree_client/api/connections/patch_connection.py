from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.connection_envelope import ConnectionEnvelope
from ...models.connection_webhook_secret import ConnectionWebhookSecret
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: ConnectionWebhookSecret,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/connections/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConnectionEnvelope | ErrorBody | None:
    if response.status_code == 200:
        response_200 = ConnectionEnvelope.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

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
) -> Response[ConnectionEnvelope | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConnectionWebhookSecret,
) -> Response[ConnectionEnvelope | ErrorBody]:
    """Set the secret a provider signs this connection's webhook deliveries with

     Deliveries to `/v1/webhooks/{provider}/{id}` are verified with the connection's own secret. For
    Calendly and Cal.com whofree makes it and shows it once, when the connection is made. Nylas makes
    its own for each webhook destination (`POST /v3/webhooks` answers `webhook_secret`): subscribe the
    connection's url at Nylas, then give whofree that secret here. The only field; the answer is the
    connection (never a secret).

    Args:
        id (str):
        body (ConnectionWebhookSecret):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionEnvelope | ErrorBody]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConnectionWebhookSecret,
) -> ConnectionEnvelope | ErrorBody | None:
    """Set the secret a provider signs this connection's webhook deliveries with

     Deliveries to `/v1/webhooks/{provider}/{id}` are verified with the connection's own secret. For
    Calendly and Cal.com whofree makes it and shows it once, when the connection is made. Nylas makes
    its own for each webhook destination (`POST /v3/webhooks` answers `webhook_secret`): subscribe the
    connection's url at Nylas, then give whofree that secret here. The only field; the answer is the
    connection (never a secret).

    Args:
        id (str):
        body (ConnectionWebhookSecret):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionEnvelope | ErrorBody
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConnectionWebhookSecret,
) -> Response[ConnectionEnvelope | ErrorBody]:
    """Set the secret a provider signs this connection's webhook deliveries with

     Deliveries to `/v1/webhooks/{provider}/{id}` are verified with the connection's own secret. For
    Calendly and Cal.com whofree makes it and shows it once, when the connection is made. Nylas makes
    its own for each webhook destination (`POST /v3/webhooks` answers `webhook_secret`): subscribe the
    connection's url at Nylas, then give whofree that secret here. The only field; the answer is the
    connection (never a secret).

    Args:
        id (str):
        body (ConnectionWebhookSecret):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConnectionEnvelope | ErrorBody]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ConnectionWebhookSecret,
) -> ConnectionEnvelope | ErrorBody | None:
    """Set the secret a provider signs this connection's webhook deliveries with

     Deliveries to `/v1/webhooks/{provider}/{id}` are verified with the connection's own secret. For
    Calendly and Cal.com whofree makes it and shows it once, when the connection is made. Nylas makes
    its own for each webhook destination (`POST /v3/webhooks` answers `webhook_secret`): subscribe the
    connection's url at Nylas, then give whofree that secret here. The only field; the answer is the
    connection (never a secret).

    Args:
        id (str):
        body (ConnectionWebhookSecret):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConnectionEnvelope | ErrorBody
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
