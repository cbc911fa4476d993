from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_body import ErrorBody
from ...types import Response


def _get_kwargs(
    connection_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/webhooks/calcom/{connection_id}".format(
            connection_id=quote(str(connection_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorBody | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorBody]:
    """Cal.com booking webhook of one connection

     No API key: the request must carry the provider's signature (API.md §5). A signed body whofree
    cannot read (not JSON, another shape than the provider documents, gzip that does not inflate or
    inflates past the size cap) is a 400, so the provider sends it again. The delivery is verified with
    the connection's own signing secret and acts in the connection's account (API.md §7). An unknown
    connection, another provider's, and a bad signature are all 401, so that connection ids cannot be
    probed.

    Args:
        connection_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody]
    """

    kwargs = _get_kwargs(
        connection_id=connection_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorBody | None:
    """Cal.com booking webhook of one connection

     No API key: the request must carry the provider's signature (API.md §5). A signed body whofree
    cannot read (not JSON, another shape than the provider documents, gzip that does not inflate or
    inflates past the size cap) is a 400, so the provider sends it again. The delivery is verified with
    the connection's own signing secret and acts in the connection's account (API.md §7). An unknown
    connection, another provider's, and a bad signature are all 401, so that connection ids cannot be
    probed.

    Args:
        connection_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody
    """

    return sync_detailed(
        connection_id=connection_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | ErrorBody]:
    """Cal.com booking webhook of one connection

     No API key: the request must carry the provider's signature (API.md §5). A signed body whofree
    cannot read (not JSON, another shape than the provider documents, gzip that does not inflate or
    inflates past the size cap) is a 400, so the provider sends it again. The delivery is verified with
    the connection's own signing secret and acts in the connection's account (API.md §7). An unknown
    connection, another provider's, and a bad signature are all 401, so that connection ids cannot be
    probed.

    Args:
        connection_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorBody]
    """

    kwargs = _get_kwargs(
        connection_id=connection_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    connection_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | ErrorBody | None:
    """Cal.com booking webhook of one connection

     No API key: the request must carry the provider's signature (API.md §5). A signed body whofree
    cannot read (not JSON, another shape than the provider documents, gzip that does not inflate or
    inflates past the size cap) is a 400, so the provider sends it again. The delivery is verified with
    the connection's own signing secret and acts in the connection's account (API.md §7). An unknown
    connection, another provider's, and a bad signature are all 401, so that connection ids cannot be
    probed.

    Args:
        connection_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorBody
    """

    return (
        await asyncio_detailed(
            connection_id=connection_id,
            client=client,
        )
    ).parsed
