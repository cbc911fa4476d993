from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.event_type_config import EventTypeConfig
from ...models.event_type_envelope import EventTypeEnvelope
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: EventTypeConfig,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/event_types/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | EventTypeEnvelope | None:
    if response.status_code == 200:
        response_200 = EventTypeEnvelope.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = EventTypeEnvelope.from_dict(response.json())

        return response_201

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
) -> Response[ErrorBody | EventTypeEnvelope]:
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
    body: EventTypeConfig,
) -> Response[ErrorBody | EventTypeEnvelope]:
    """Create or replace a configured event type

     §2's scheduling fields, a name and hosts whose busy time comes from a source. 201 when created. A
    definition is stored as at most 380 000 bytes of JSON (one DynamoDB item): a larger one, though
    under the 5 MB body limit, is refused with 413 (give long busy lists a `source` instead of inline
    `busy`).

    Args:
        id (str):
        body (EventTypeConfig): PUT /v1/event_types/{id}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | EventTypeEnvelope]
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
    body: EventTypeConfig,
) -> ErrorBody | EventTypeEnvelope | None:
    """Create or replace a configured event type

     §2's scheduling fields, a name and hosts whose busy time comes from a source. 201 when created. A
    definition is stored as at most 380 000 bytes of JSON (one DynamoDB item): a larger one, though
    under the 5 MB body limit, is refused with 413 (give long busy lists a `source` instead of inline
    `busy`).

    Args:
        id (str):
        body (EventTypeConfig): PUT /v1/event_types/{id}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | EventTypeEnvelope
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
    body: EventTypeConfig,
) -> Response[ErrorBody | EventTypeEnvelope]:
    """Create or replace a configured event type

     §2's scheduling fields, a name and hosts whose busy time comes from a source. 201 when created. A
    definition is stored as at most 380 000 bytes of JSON (one DynamoDB item): a larger one, though
    under the 5 MB body limit, is refused with 413 (give long busy lists a `source` instead of inline
    `busy`).

    Args:
        id (str):
        body (EventTypeConfig): PUT /v1/event_types/{id}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | EventTypeEnvelope]
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
    body: EventTypeConfig,
) -> ErrorBody | EventTypeEnvelope | None:
    """Create or replace a configured event type

     §2's scheduling fields, a name and hosts whose busy time comes from a source. 201 when created. A
    definition is stored as at most 380 000 bytes of JSON (one DynamoDB item): a larger one, though
    under the 5 MB body limit, is refused with 413 (give long busy lists a `source` instead of inline
    `busy`).

    Args:
        id (str):
        body (EventTypeConfig): PUT /v1/event_types/{id}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | EventTypeEnvelope
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
