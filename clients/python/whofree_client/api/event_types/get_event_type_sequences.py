import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.event_type_sequences import EventTypeSequences
from ...models.get_event_type_sequences_order import GetEventTypeSequencesOrder
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    event_types: str,
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    timezone: str | Unset = UNSET,
    order: GetEventTypeSequencesOrder | Unset = GetEventTypeSequencesOrder.FIXED,
    gap_min_minutes: int | Unset = 0,
    gap_max_minutes: int | Unset = UNSET,
    count: int | Unset = 1000,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["event_types"] = event_types

    json_start_time = start_time.isoformat()
    params["start_time"] = json_start_time

    json_end_time = end_time.isoformat()
    params["end_time"] = json_end_time

    params["timezone"] = timezone

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params["gap_min_minutes"] = gap_min_minutes

    params["gap_max_minutes"] = gap_max_minutes

    params["count"] = count

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/event_type_sequences",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | EventTypeSequences | None:
    if response.status_code == 200:
        response_200 = EventTypeSequences.from_dict(response.json())

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
) -> Response[ErrorBody | EventTypeSequences]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    event_types: str,
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    timezone: str | Unset = UNSET,
    order: GetEventTypeSequencesOrder | Unset = GetEventTypeSequencesOrder.FIXED,
    gap_min_minutes: int | Unset = 0,
    gap_max_minutes: int | Unset = UNSET,
    count: int | Unset = 1000,
    page_token: str | Unset = UNSET,
) -> Response[ErrorBody | EventTypeSequences]:
    """Sequences of event types back to back, each meeting with the hosts free in it

     Several event types back to back (API.md §2b): each event type (Calendly, Cal.com or configured) is
    one
    meeting with its own duration, hosts, group rule, buffers and notice. A meeting is offered at a
    start iff its
    event type's own answer (as GET /v1/event_type_available_times gives it) offers that slot; its
    `available_hosts` are that slot's. For each first start and order, the sequence with the smallest
    gaps.

    Decisions the contract leaves open:
    - The first meeting starts at any slot of its event type's answer (there is no grid of the request's
    own).
    - A slot is offered as its event type's answer lists it, even where that answer names no free host.
    - `gap_max_minutes` defaults to `gap_min_minutes` (a fixed gap), which defaults to 0.
    - Each event type at most once in `event_types`. Every event type is answered afresh (never from the
    answer
      cache), and its warnings are carried, each once; an event type whose every host failed is a 424,
    an unknown
      one a 404.
    - `page_token` is bound to every parameter except `count`.

    Args:
        event_types (str):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        timezone (str | Unset):
        order (GetEventTypeSequencesOrder | Unset):  Default: GetEventTypeSequencesOrder.FIXED.
        gap_min_minutes (int | Unset):  Default: 0.
        gap_max_minutes (int | Unset):
        count (int | Unset):  Default: 1000.
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | EventTypeSequences]
    """

    kwargs = _get_kwargs(
        event_types=event_types,
        start_time=start_time,
        end_time=end_time,
        timezone=timezone,
        order=order,
        gap_min_minutes=gap_min_minutes,
        gap_max_minutes=gap_max_minutes,
        count=count,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    event_types: str,
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    timezone: str | Unset = UNSET,
    order: GetEventTypeSequencesOrder | Unset = GetEventTypeSequencesOrder.FIXED,
    gap_min_minutes: int | Unset = 0,
    gap_max_minutes: int | Unset = UNSET,
    count: int | Unset = 1000,
    page_token: str | Unset = UNSET,
) -> ErrorBody | EventTypeSequences | None:
    """Sequences of event types back to back, each meeting with the hosts free in it

     Several event types back to back (API.md §2b): each event type (Calendly, Cal.com or configured) is
    one
    meeting with its own duration, hosts, group rule, buffers and notice. A meeting is offered at a
    start iff its
    event type's own answer (as GET /v1/event_type_available_times gives it) offers that slot; its
    `available_hosts` are that slot's. For each first start and order, the sequence with the smallest
    gaps.

    Decisions the contract leaves open:
    - The first meeting starts at any slot of its event type's answer (there is no grid of the request's
    own).
    - A slot is offered as its event type's answer lists it, even where that answer names no free host.
    - `gap_max_minutes` defaults to `gap_min_minutes` (a fixed gap), which defaults to 0.
    - Each event type at most once in `event_types`. Every event type is answered afresh (never from the
    answer
      cache), and its warnings are carried, each once; an event type whose every host failed is a 424,
    an unknown
      one a 404.
    - `page_token` is bound to every parameter except `count`.

    Args:
        event_types (str):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        timezone (str | Unset):
        order (GetEventTypeSequencesOrder | Unset):  Default: GetEventTypeSequencesOrder.FIXED.
        gap_min_minutes (int | Unset):  Default: 0.
        gap_max_minutes (int | Unset):
        count (int | Unset):  Default: 1000.
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | EventTypeSequences
    """

    return sync_detailed(
        client=client,
        event_types=event_types,
        start_time=start_time,
        end_time=end_time,
        timezone=timezone,
        order=order,
        gap_min_minutes=gap_min_minutes,
        gap_max_minutes=gap_max_minutes,
        count=count,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    event_types: str,
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    timezone: str | Unset = UNSET,
    order: GetEventTypeSequencesOrder | Unset = GetEventTypeSequencesOrder.FIXED,
    gap_min_minutes: int | Unset = 0,
    gap_max_minutes: int | Unset = UNSET,
    count: int | Unset = 1000,
    page_token: str | Unset = UNSET,
) -> Response[ErrorBody | EventTypeSequences]:
    """Sequences of event types back to back, each meeting with the hosts free in it

     Several event types back to back (API.md §2b): each event type (Calendly, Cal.com or configured) is
    one
    meeting with its own duration, hosts, group rule, buffers and notice. A meeting is offered at a
    start iff its
    event type's own answer (as GET /v1/event_type_available_times gives it) offers that slot; its
    `available_hosts` are that slot's. For each first start and order, the sequence with the smallest
    gaps.

    Decisions the contract leaves open:
    - The first meeting starts at any slot of its event type's answer (there is no grid of the request's
    own).
    - A slot is offered as its event type's answer lists it, even where that answer names no free host.
    - `gap_max_minutes` defaults to `gap_min_minutes` (a fixed gap), which defaults to 0.
    - Each event type at most once in `event_types`. Every event type is answered afresh (never from the
    answer
      cache), and its warnings are carried, each once; an event type whose every host failed is a 424,
    an unknown
      one a 404.
    - `page_token` is bound to every parameter except `count`.

    Args:
        event_types (str):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        timezone (str | Unset):
        order (GetEventTypeSequencesOrder | Unset):  Default: GetEventTypeSequencesOrder.FIXED.
        gap_min_minutes (int | Unset):  Default: 0.
        gap_max_minutes (int | Unset):
        count (int | Unset):  Default: 1000.
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | EventTypeSequences]
    """

    kwargs = _get_kwargs(
        event_types=event_types,
        start_time=start_time,
        end_time=end_time,
        timezone=timezone,
        order=order,
        gap_min_minutes=gap_min_minutes,
        gap_max_minutes=gap_max_minutes,
        count=count,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    event_types: str,
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    timezone: str | Unset = UNSET,
    order: GetEventTypeSequencesOrder | Unset = GetEventTypeSequencesOrder.FIXED,
    gap_min_minutes: int | Unset = 0,
    gap_max_minutes: int | Unset = UNSET,
    count: int | Unset = 1000,
    page_token: str | Unset = UNSET,
) -> ErrorBody | EventTypeSequences | None:
    """Sequences of event types back to back, each meeting with the hosts free in it

     Several event types back to back (API.md §2b): each event type (Calendly, Cal.com or configured) is
    one
    meeting with its own duration, hosts, group rule, buffers and notice. A meeting is offered at a
    start iff its
    event type's own answer (as GET /v1/event_type_available_times gives it) offers that slot; its
    `available_hosts` are that slot's. For each first start and order, the sequence with the smallest
    gaps.

    Decisions the contract leaves open:
    - The first meeting starts at any slot of its event type's answer (there is no grid of the request's
    own).
    - A slot is offered as its event type's answer lists it, even where that answer names no free host.
    - `gap_max_minutes` defaults to `gap_min_minutes` (a fixed gap), which defaults to 0.
    - Each event type at most once in `event_types`. Every event type is answered afresh (never from the
    answer
      cache), and its warnings are carried, each once; an event type whose every host failed is a 424,
    an unknown
      one a 404.
    - `page_token` is bound to every parameter except `count`.

    Args:
        event_types (str):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        timezone (str | Unset):
        order (GetEventTypeSequencesOrder | Unset):  Default: GetEventTypeSequencesOrder.FIXED.
        gap_min_minutes (int | Unset):  Default: 0.
        gap_max_minutes (int | Unset):
        count (int | Unset):  Default: 1000.
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | EventTypeSequences
    """

    return (
        await asyncio_detailed(
            client=client,
            event_types=event_types,
            start_time=start_time,
            end_time=end_time,
            timezone=timezone,
            order=order,
            gap_min_minutes=gap_min_minutes,
            gap_max_minutes=gap_max_minutes,
            count=count,
            page_token=page_token,
        )
    ).parsed
