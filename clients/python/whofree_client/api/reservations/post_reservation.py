from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.reservation_envelope import ReservationEnvelope
from ...models.reservation_request import ReservationRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ReservationRequest,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["idempotency-key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/reservations",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | ReservationEnvelope | None:
    if response.status_code == 201:
        response_201 = ReservationEnvelope.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ErrorBody.from_dict(response.json())

        return response_409

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
) -> Response[ErrorBody | ReservationEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReservationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorBody | ReservationEnvelope]:
    """Hold a meeting: every host it needs, for one slot

     The hosts the meeting needs (a configured event type: every member of each `required: "all"` group
    and k free members of each `required: k` group, or one host without groups; a round-robin provider
    event type: one host, plus Cal.com's fixed hosts; a collective one: every host) are held in one
    transaction, all or none: `hosts` named first, then free hosts in the event type's assignment order
    (the order of `assignment` in its answers). Naming more hosts than the meeting takes (more members
    of a group than it requires, say two hosts of a round robin, which takes one) is a 409, not a 400:
    each named host is a valid host, but together they are more than one meeting, and whofree does not
    pick which to drop. A host in no group of a configured event type (optional) may be named and is
    held along. A host's holds never overlap, buffers included: of concurrent requests that would, one
    gets 201 and the rest 409. Until it expires or is deleted, a hold makes its hosts busy for [start -
    buffer before, end + buffer after) in every event type's answers and in POST /v1/free_busy. An
    `Idempotency-Key` header makes a retried POST return the first answer (for an hour). A Cal.com event
    type's slot is also reserved at Cal.com for as long as the hold lasts (`provider_reservation`), so
    that its booking page stops offering it; when Cal.com refuses, `provider_reservation` is null with
    `warnings`, and the hold is made anyway.

    Args:
        idempotency_key (str | Unset):
        body (ReservationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReservationEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ReservationRequest,
    idempotency_key: str | Unset = UNSET,
) -> ErrorBody | ReservationEnvelope | None:
    """Hold a meeting: every host it needs, for one slot

     The hosts the meeting needs (a configured event type: every member of each `required: "all"` group
    and k free members of each `required: k` group, or one host without groups; a round-robin provider
    event type: one host, plus Cal.com's fixed hosts; a collective one: every host) are held in one
    transaction, all or none: `hosts` named first, then free hosts in the event type's assignment order
    (the order of `assignment` in its answers). Naming more hosts than the meeting takes (more members
    of a group than it requires, say two hosts of a round robin, which takes one) is a 409, not a 400:
    each named host is a valid host, but together they are more than one meeting, and whofree does not
    pick which to drop. A host in no group of a configured event type (optional) may be named and is
    held along. A host's holds never overlap, buffers included: of concurrent requests that would, one
    gets 201 and the rest 409. Until it expires or is deleted, a hold makes its hosts busy for [start -
    buffer before, end + buffer after) in every event type's answers and in POST /v1/free_busy. An
    `Idempotency-Key` header makes a retried POST return the first answer (for an hour). A Cal.com event
    type's slot is also reserved at Cal.com for as long as the hold lasts (`provider_reservation`), so
    that its booking page stops offering it; when Cal.com refuses, `provider_reservation` is null with
    `warnings`, and the hold is made anyway.

    Args:
        idempotency_key (str | Unset):
        body (ReservationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReservationEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReservationRequest,
    idempotency_key: str | Unset = UNSET,
) -> Response[ErrorBody | ReservationEnvelope]:
    """Hold a meeting: every host it needs, for one slot

     The hosts the meeting needs (a configured event type: every member of each `required: "all"` group
    and k free members of each `required: k` group, or one host without groups; a round-robin provider
    event type: one host, plus Cal.com's fixed hosts; a collective one: every host) are held in one
    transaction, all or none: `hosts` named first, then free hosts in the event type's assignment order
    (the order of `assignment` in its answers). Naming more hosts than the meeting takes (more members
    of a group than it requires, say two hosts of a round robin, which takes one) is a 409, not a 400:
    each named host is a valid host, but together they are more than one meeting, and whofree does not
    pick which to drop. A host in no group of a configured event type (optional) may be named and is
    held along. A host's holds never overlap, buffers included: of concurrent requests that would, one
    gets 201 and the rest 409. Until it expires or is deleted, a hold makes its hosts busy for [start -
    buffer before, end + buffer after) in every event type's answers and in POST /v1/free_busy. An
    `Idempotency-Key` header makes a retried POST return the first answer (for an hour). A Cal.com event
    type's slot is also reserved at Cal.com for as long as the hold lasts (`provider_reservation`), so
    that its booking page stops offering it; when Cal.com refuses, `provider_reservation` is null with
    `warnings`, and the hold is made anyway.

    Args:
        idempotency_key (str | Unset):
        body (ReservationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | ReservationEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ReservationRequest,
    idempotency_key: str | Unset = UNSET,
) -> ErrorBody | ReservationEnvelope | None:
    """Hold a meeting: every host it needs, for one slot

     The hosts the meeting needs (a configured event type: every member of each `required: "all"` group
    and k free members of each `required: k` group, or one host without groups; a round-robin provider
    event type: one host, plus Cal.com's fixed hosts; a collective one: every host) are held in one
    transaction, all or none: `hosts` named first, then free hosts in the event type's assignment order
    (the order of `assignment` in its answers). Naming more hosts than the meeting takes (more members
    of a group than it requires, say two hosts of a round robin, which takes one) is a 409, not a 400:
    each named host is a valid host, but together they are more than one meeting, and whofree does not
    pick which to drop. A host in no group of a configured event type (optional) may be named and is
    held along. A host's holds never overlap, buffers included: of concurrent requests that would, one
    gets 201 and the rest 409. Until it expires or is deleted, a hold makes its hosts busy for [start -
    buffer before, end + buffer after) in every event type's answers and in POST /v1/free_busy. An
    `Idempotency-Key` header makes a retried POST return the first answer (for an hour). A Cal.com event
    type's slot is also reserved at Cal.com for as long as the hold lasts (`provider_reservation`), so
    that its booking page stops offering it; when Cal.com refuses, `provider_reservation` is null with
    `warnings`, and the hold is made anyway.

    Args:
        idempotency_key (str | Unset):
        body (ReservationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | ReservationEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
