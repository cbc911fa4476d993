from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    validation_token: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_validation_token: None | str | Unset
    if isinstance(validation_token, Unset):
        json_validation_token = UNSET
    else:
        json_validation_token = validation_token
    params["validationToken"] = json_validation_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/notifications/microsoft",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorBody | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 202:
        response_202 = cast(Any, None)
        return response_202

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
) -> Response[Any | ErrorBody | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    validation_token: None | str | Unset = UNSET,
) -> Response[Any | ErrorBody | str]:
    """Microsoft Graph change and lifecycle notifications

     No API key. With `validationToken` (Graph checking the URL of a new subscription): the token, as
    text/plain, 200. Otherwise each item must name a subscription of whofree with its clientState
    (API.md §5): none does -> 401 and nothing changes; the others are accepted, 202.

    Args:
        validation_token (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody | str]
    """

    kwargs = _get_kwargs(
        validation_token=validation_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    validation_token: None | str | Unset = UNSET,
) -> Any | ErrorBody | str | None:
    """Microsoft Graph change and lifecycle notifications

     No API key. With `validationToken` (Graph checking the URL of a new subscription): the token, as
    text/plain, 200. Otherwise each item must name a subscription of whofree with its clientState
    (API.md §5): none does -> 401 and nothing changes; the others are accepted, 202.

    Args:
        validation_token (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody | str
    """

    return sync_detailed(
        client=client,
        validation_token=validation_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    validation_token: None | str | Unset = UNSET,
) -> Response[Any | ErrorBody | str]:
    """Microsoft Graph change and lifecycle notifications

     No API key. With `validationToken` (Graph checking the URL of a new subscription): the token, as
    text/plain, 200. Otherwise each item must name a subscription of whofree with its clientState
    (API.md §5): none does -> 401 and nothing changes; the others are accepted, 202.

    Args:
        validation_token (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody | str]
    """

    kwargs = _get_kwargs(
        validation_token=validation_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    validation_token: None | str | Unset = UNSET,
) -> Any | ErrorBody | str | None:
    """Microsoft Graph change and lifecycle notifications

     No API key. With `validationToken` (Graph checking the URL of a new subscription): the token, as
    text/plain, 200. Otherwise each item must name a subscription of whofree with its clientState
    (API.md §5): none does -> 401 and nothing changes; the others are accepted, 202.

    Args:
        validation_token (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody | str
    """

    return (
        await asyncio_detailed(
            client=client,
            validation_token=validation_token,
        )
    ).parsed
