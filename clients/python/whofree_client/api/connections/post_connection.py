from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.calcom_key_connection import CalcomKeyConnection
from ...models.calendly_key_connection import CalendlyKeyConnection
from ...models.error_body import ErrorBody
from ...models.new_connection_envelope import NewConnectionEnvelope
from ...models.nylas_key_connection import NylasKeyConnection
from ...types import Response


def _get_kwargs(
    *,
    body: CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/connections",
    }

    if isinstance(body, CalcomKeyConnection):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, CalendlyKeyConnection):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | NewConnectionEnvelope | None:
    if response.status_code == 201:
        response_201 = NewConnectionEnvelope.from_dict(response.json())

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

    if response.status_code == 424:
        response_424 = ErrorBody.from_dict(response.json())

        return response_424

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
) -> Response[ErrorBody | NewConnectionEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection,
) -> Response[ErrorBody | NewConnectionEnvelope]:
    """Connect a provider account by key (Cal.com API key, Calendly personal access token, Nylas API key)

     whofree checks the key with one provider call first (Cal.com `GET /v2/me`, Calendly `GET /users/me`,
    Nylas `GET /v3/applications`): 400 naming the field when the provider refuses it, 424 when the
    provider fails. The key is stored encrypted (KMS envelope encryption) and never returned. For
    Calendly and Cal.com the answer also carries `webhook`, this once: the url of the connection's own
    webhook route and the secret to subscribe it with at the provider (Calendly `POST
    /webhook_subscriptions` `signing_key`, Cal.com's webhook secret), so that bookings made there reach
    this account. Nylas makes its own secret for each webhook destination, so a Nylas connection has
    none to show.

    Args:
        body (CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | NewConnectionEnvelope]
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
    body: CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection,
) -> ErrorBody | NewConnectionEnvelope | None:
    """Connect a provider account by key (Cal.com API key, Calendly personal access token, Nylas API key)

     whofree checks the key with one provider call first (Cal.com `GET /v2/me`, Calendly `GET /users/me`,
    Nylas `GET /v3/applications`): 400 naming the field when the provider refuses it, 424 when the
    provider fails. The key is stored encrypted (KMS envelope encryption) and never returned. For
    Calendly and Cal.com the answer also carries `webhook`, this once: the url of the connection's own
    webhook route and the secret to subscribe it with at the provider (Calendly `POST
    /webhook_subscriptions` `signing_key`, Cal.com's webhook secret), so that bookings made there reach
    this account. Nylas makes its own secret for each webhook destination, so a Nylas connection has
    none to show.

    Args:
        body (CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | NewConnectionEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection,
) -> Response[ErrorBody | NewConnectionEnvelope]:
    """Connect a provider account by key (Cal.com API key, Calendly personal access token, Nylas API key)

     whofree checks the key with one provider call first (Cal.com `GET /v2/me`, Calendly `GET /users/me`,
    Nylas `GET /v3/applications`): 400 naming the field when the provider refuses it, 424 when the
    provider fails. The key is stored encrypted (KMS envelope encryption) and never returned. For
    Calendly and Cal.com the answer also carries `webhook`, this once: the url of the connection's own
    webhook route and the secret to subscribe it with at the provider (Calendly `POST
    /webhook_subscriptions` `signing_key`, Cal.com's webhook secret), so that bookings made there reach
    this account. Nylas makes its own secret for each webhook destination, so a Nylas connection has
    none to show.

    Args:
        body (CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | NewConnectionEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection,
) -> ErrorBody | NewConnectionEnvelope | None:
    """Connect a provider account by key (Cal.com API key, Calendly personal access token, Nylas API key)

     whofree checks the key with one provider call first (Cal.com `GET /v2/me`, Calendly `GET /users/me`,
    Nylas `GET /v3/applications`): 400 naming the field when the provider refuses it, 424 when the
    provider fails. The key is stored encrypted (KMS envelope encryption) and never returned. For
    Calendly and Cal.com the answer also carries `webhook`, this once: the url of the connection's own
    webhook route and the secret to subscribe it with at the provider (Calendly `POST
    /webhook_subscriptions` `signing_key`, Cal.com's webhook secret), so that bookings made there reach
    this account. Nylas makes its own secret for each webhook destination, so a Nylas connection has
    none to show.

    Args:
        body (CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | NewConnectionEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
