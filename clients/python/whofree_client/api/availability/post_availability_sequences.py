from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.sequence_request import SequenceRequest
from ...models.sequence_response import SequenceResponse
from ...types import Response


def _get_kwargs(
    *,
    body: SequenceRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/availability/sequences",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | SequenceResponse | None:
    if response.status_code == 200:
        response_200 = SequenceResponse.from_dict(response.json())

        return response_200

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | SequenceResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SequenceRequest,
) -> Response[ErrorBody | SequenceResponse]:
    """Sequences of meetings back to back, from data in the request

     Several meetings back to back, each with its own participants, groups, duration and buffers (API.md
    §2b).
    For each first start on the grid and each order, the sequence with the smallest gaps (the earliest
    start of
    meeting 2, then of meeting 3, ...); the whole sequence lies inside [start_time, end_time).

    Decisions the contract leaves open:
    - `interval_minutes` defaults to 30 (§2's default, the meeting's duration, has no single value
    here);
      only the first meeting's start is on that grid, the others follow from the gaps.
    - `minimum_notice_minutes` applies to the first meeting's start (the others are later).
    - Each meeting lists its participants in the order of the request's `participants`, whatever the
    order of
      the meeting's own `participants` list; that list may not name a participant twice.
    - A group of a meeting may name only that meeting's participants (400 otherwise).
    - `page_token` is bound to every field except `count` and `explain`; it names the last sequence
    returned
      (its first start and order), so later pages do not shift.

    Args:
        body (SequenceRequest): POST /v1/availability/sequences.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | SequenceResponse]
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
    body: SequenceRequest,
) -> ErrorBody | SequenceResponse | None:
    """Sequences of meetings back to back, from data in the request

     Several meetings back to back, each with its own participants, groups, duration and buffers (API.md
    §2b).
    For each first start on the grid and each order, the sequence with the smallest gaps (the earliest
    start of
    meeting 2, then of meeting 3, ...); the whole sequence lies inside [start_time, end_time).

    Decisions the contract leaves open:
    - `interval_minutes` defaults to 30 (§2's default, the meeting's duration, has no single value
    here);
      only the first meeting's start is on that grid, the others follow from the gaps.
    - `minimum_notice_minutes` applies to the first meeting's start (the others are later).
    - Each meeting lists its participants in the order of the request's `participants`, whatever the
    order of
      the meeting's own `participants` list; that list may not name a participant twice.
    - A group of a meeting may name only that meeting's participants (400 otherwise).
    - `page_token` is bound to every field except `count` and `explain`; it names the last sequence
    returned
      (its first start and order), so later pages do not shift.

    Args:
        body (SequenceRequest): POST /v1/availability/sequences.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | SequenceResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SequenceRequest,
) -> Response[ErrorBody | SequenceResponse]:
    """Sequences of meetings back to back, from data in the request

     Several meetings back to back, each with its own participants, groups, duration and buffers (API.md
    §2b).
    For each first start on the grid and each order, the sequence with the smallest gaps (the earliest
    start of
    meeting 2, then of meeting 3, ...); the whole sequence lies inside [start_time, end_time).

    Decisions the contract leaves open:
    - `interval_minutes` defaults to 30 (§2's default, the meeting's duration, has no single value
    here);
      only the first meeting's start is on that grid, the others follow from the gaps.
    - `minimum_notice_minutes` applies to the first meeting's start (the others are later).
    - Each meeting lists its participants in the order of the request's `participants`, whatever the
    order of
      the meeting's own `participants` list; that list may not name a participant twice.
    - A group of a meeting may name only that meeting's participants (400 otherwise).
    - `page_token` is bound to every field except `count` and `explain`; it names the last sequence
    returned
      (its first start and order), so later pages do not shift.

    Args:
        body (SequenceRequest): POST /v1/availability/sequences.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | SequenceResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SequenceRequest,
) -> ErrorBody | SequenceResponse | None:
    """Sequences of meetings back to back, from data in the request

     Several meetings back to back, each with its own participants, groups, duration and buffers (API.md
    §2b).
    For each first start on the grid and each order, the sequence with the smallest gaps (the earliest
    start of
    meeting 2, then of meeting 3, ...); the whole sequence lies inside [start_time, end_time).

    Decisions the contract leaves open:
    - `interval_minutes` defaults to 30 (§2's default, the meeting's duration, has no single value
    here);
      only the first meeting's start is on that grid, the others follow from the gaps.
    - `minimum_notice_minutes` applies to the first meeting's start (the others are later).
    - Each meeting lists its participants in the order of the request's `participants`, whatever the
    order of
      the meeting's own `participants` list; that list may not name a participant twice.
    - A group of a meeting may name only that meeting's participants (400 otherwise).
    - `page_token` is bound to every field except `count` and `explain`; it names the last sequence
    returned
      (its first start and order), so later pages do not shift.

    Args:
        body (SequenceRequest): POST /v1/availability/sequences.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | SequenceResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
