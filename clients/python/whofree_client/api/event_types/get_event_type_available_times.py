import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...models.event_type_available_times import EventTypeAvailableTimes
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    event_type: str,
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    timezone: str | Unset = "UTC",
    hosts: str | Unset = UNSET,
    count: int | Unset = 1000,
    page_token: str | Unset = UNSET,
    explain: bool | Unset = False,
    connection: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["event_type"] = event_type

    json_start_time = start_time.isoformat()
    params["start_time"] = json_start_time

    json_end_time = end_time.isoformat()
    params["end_time"] = json_end_time

    params["timezone"] = timezone

    params["hosts"] = hosts

    params["count"] = count

    params["page_token"] = page_token

    params["explain"] = explain

    params["connection"] = connection

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/event_type_available_times",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | EventTypeAvailableTimes | None:
    if response.status_code == 200:
        response_200 = EventTypeAvailableTimes.from_dict(response.json())

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
) -> Response[ErrorBody | EventTypeAvailableTimes]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    event_type: str,
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    timezone: str | Unset = "UTC",
    hosts: str | Unset = UNSET,
    count: int | Unset = 1000,
    page_token: str | Unset = UNSET,
    explain: bool | Unset = False,
    connection: str | Unset = UNSET,
) -> Response[ErrorBody | EventTypeAvailableTimes]:
    """Slots of an event type (Calendly, Cal.com or configured), each with the hosts free in it

     The slot list is the provider's own; whofree adds `available_hosts`. A host whose calendar cannot be
    read is listed in `warnings` and never labelled free. With `hosts`, only slots that one of those
    hosts can take are listed, with only those hosts.

    With `explain=true`, each slot also lists `unavailable`: every host not in `available_hosts` (only
    hosts of the
    `hosts` filter, when given), in host order, with the first reason that applies: `held` (a hold of
    API.md §4,
    with the buffers, overlaps the slot), `busy` (a busy block does), `outside_hours` (the slot is not
    inside
    one stretch of the host's open time), `unknown` (the host's calendar could not be read: see
    `warnings`). The
    slots and `available_hosts` are the same as without it; a cached answer with reasons is cached apart
    from one
    without. A host whose calendar could not be read is never free; whofree still says `held`, `busy` or
    `outside_hours` where what it knows without that calendar (holds, inline busy, configured hours)
    shows it.

    Cal.com event types: whofree does not see Cal.com hosts' calendars, only each host's own Cal.com
    slots
    (Cal.com shows busy times only for the token owner's own calendars). A host whose own answer lacks a
    slot is
    `unknown`: Cal.com does not say whether it is busy, outside its hours, or held back by a booking
    limit, and
    whofree does not guess. No warning is added for it, since nothing failed; a host whose Cal.com call
    failed is
    `unknown` with a warning.

    Args:
        event_type (str):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        timezone (str | Unset):  Default: 'UTC'.
        hosts (str | Unset):
        count (int | Unset):  Default: 1000.
        page_token (str | Unset):
        explain (bool | Unset):  Default: False.
        connection (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | EventTypeAvailableTimes]
    """

    kwargs = _get_kwargs(
        event_type=event_type,
        start_time=start_time,
        end_time=end_time,
        timezone=timezone,
        hosts=hosts,
        count=count,
        page_token=page_token,
        explain=explain,
        connection=connection,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    event_type: str,
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    timezone: str | Unset = "UTC",
    hosts: str | Unset = UNSET,
    count: int | Unset = 1000,
    page_token: str | Unset = UNSET,
    explain: bool | Unset = False,
    connection: str | Unset = UNSET,
) -> ErrorBody | EventTypeAvailableTimes | None:
    """Slots of an event type (Calendly, Cal.com or configured), each with the hosts free in it

     The slot list is the provider's own; whofree adds `available_hosts`. A host whose calendar cannot be
    read is listed in `warnings` and never labelled free. With `hosts`, only slots that one of those
    hosts can take are listed, with only those hosts.

    With `explain=true`, each slot also lists `unavailable`: every host not in `available_hosts` (only
    hosts of the
    `hosts` filter, when given), in host order, with the first reason that applies: `held` (a hold of
    API.md §4,
    with the buffers, overlaps the slot), `busy` (a busy block does), `outside_hours` (the slot is not
    inside
    one stretch of the host's open time), `unknown` (the host's calendar could not be read: see
    `warnings`). The
    slots and `available_hosts` are the same as without it; a cached answer with reasons is cached apart
    from one
    without. A host whose calendar could not be read is never free; whofree still says `held`, `busy` or
    `outside_hours` where what it knows without that calendar (holds, inline busy, configured hours)
    shows it.

    Cal.com event types: whofree does not see Cal.com hosts' calendars, only each host's own Cal.com
    slots
    (Cal.com shows busy times only for the token owner's own calendars). A host whose own answer lacks a
    slot is
    `unknown`: Cal.com does not say whether it is busy, outside its hours, or held back by a booking
    limit, and
    whofree does not guess. No warning is added for it, since nothing failed; a host whose Cal.com call
    failed is
    `unknown` with a warning.

    Args:
        event_type (str):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        timezone (str | Unset):  Default: 'UTC'.
        hosts (str | Unset):
        count (int | Unset):  Default: 1000.
        page_token (str | Unset):
        explain (bool | Unset):  Default: False.
        connection (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | EventTypeAvailableTimes
    """

    return sync_detailed(
        client=client,
        event_type=event_type,
        start_time=start_time,
        end_time=end_time,
        timezone=timezone,
        hosts=hosts,
        count=count,
        page_token=page_token,
        explain=explain,
        connection=connection,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    event_type: str,
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    timezone: str | Unset = "UTC",
    hosts: str | Unset = UNSET,
    count: int | Unset = 1000,
    page_token: str | Unset = UNSET,
    explain: bool | Unset = False,
    connection: str | Unset = UNSET,
) -> Response[ErrorBody | EventTypeAvailableTimes]:
    """Slots of an event type (Calendly, Cal.com or configured), each with the hosts free in it

     The slot list is the provider's own; whofree adds `available_hosts`. A host whose calendar cannot be
    read is listed in `warnings` and never labelled free. With `hosts`, only slots that one of those
    hosts can take are listed, with only those hosts.

    With `explain=true`, each slot also lists `unavailable`: every host not in `available_hosts` (only
    hosts of the
    `hosts` filter, when given), in host order, with the first reason that applies: `held` (a hold of
    API.md §4,
    with the buffers, overlaps the slot), `busy` (a busy block does), `outside_hours` (the slot is not
    inside
    one stretch of the host's open time), `unknown` (the host's calendar could not be read: see
    `warnings`). The
    slots and `available_hosts` are the same as without it; a cached answer with reasons is cached apart
    from one
    without. A host whose calendar could not be read is never free; whofree still says `held`, `busy` or
    `outside_hours` where what it knows without that calendar (holds, inline busy, configured hours)
    shows it.

    Cal.com event types: whofree does not see Cal.com hosts' calendars, only each host's own Cal.com
    slots
    (Cal.com shows busy times only for the token owner's own calendars). A host whose own answer lacks a
    slot is
    `unknown`: Cal.com does not say whether it is busy, outside its hours, or held back by a booking
    limit, and
    whofree does not guess. No warning is added for it, since nothing failed; a host whose Cal.com call
    failed is
    `unknown` with a warning.

    Args:
        event_type (str):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        timezone (str | Unset):  Default: 'UTC'.
        hosts (str | Unset):
        count (int | Unset):  Default: 1000.
        page_token (str | Unset):
        explain (bool | Unset):  Default: False.
        connection (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | EventTypeAvailableTimes]
    """

    kwargs = _get_kwargs(
        event_type=event_type,
        start_time=start_time,
        end_time=end_time,
        timezone=timezone,
        hosts=hosts,
        count=count,
        page_token=page_token,
        explain=explain,
        connection=connection,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    event_type: str,
    start_time: datetime.datetime,
    end_time: datetime.datetime,
    timezone: str | Unset = "UTC",
    hosts: str | Unset = UNSET,
    count: int | Unset = 1000,
    page_token: str | Unset = UNSET,
    explain: bool | Unset = False,
    connection: str | Unset = UNSET,
) -> ErrorBody | EventTypeAvailableTimes | None:
    """Slots of an event type (Calendly, Cal.com or configured), each with the hosts free in it

     The slot list is the provider's own; whofree adds `available_hosts`. A host whose calendar cannot be
    read is listed in `warnings` and never labelled free. With `hosts`, only slots that one of those
    hosts can take are listed, with only those hosts.

    With `explain=true`, each slot also lists `unavailable`: every host not in `available_hosts` (only
    hosts of the
    `hosts` filter, when given), in host order, with the first reason that applies: `held` (a hold of
    API.md §4,
    with the buffers, overlaps the slot), `busy` (a busy block does), `outside_hours` (the slot is not
    inside
    one stretch of the host's open time), `unknown` (the host's calendar could not be read: see
    `warnings`). The
    slots and `available_hosts` are the same as without it; a cached answer with reasons is cached apart
    from one
    without. A host whose calendar could not be read is never free; whofree still says `held`, `busy` or
    `outside_hours` where what it knows without that calendar (holds, inline busy, configured hours)
    shows it.

    Cal.com event types: whofree does not see Cal.com hosts' calendars, only each host's own Cal.com
    slots
    (Cal.com shows busy times only for the token owner's own calendars). A host whose own answer lacks a
    slot is
    `unknown`: Cal.com does not say whether it is busy, outside its hours, or held back by a booking
    limit, and
    whofree does not guess. No warning is added for it, since nothing failed; a host whose Cal.com call
    failed is
    `unknown` with a warning.

    Args:
        event_type (str):
        start_time (datetime.datetime):
        end_time (datetime.datetime):
        timezone (str | Unset):  Default: 'UTC'.
        hosts (str | Unset):
        count (int | Unset):  Default: 1000.
        page_token (str | Unset):
        explain (bool | Unset):  Default: False.
        connection (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | EventTypeAvailableTimes
    """

    return (
        await asyncio_detailed(
            client=client,
            event_type=event_type,
            start_time=start_time,
            end_time=end_time,
            timezone=timezone,
            hosts=hosts,
            count=count,
            page_token=page_token,
            explain=explain,
            connection=connection,
        )
    ).parsed
