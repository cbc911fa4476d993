from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authorization_envelope import AuthorizationEnvelope
from ...models.error_body import ErrorBody
from ...models.o_auth_connection_request import OAuthConnectionRequest
from ...types import Response


def _get_kwargs(
    *,
    body: OAuthConnectionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/connections/oauth",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthorizationEnvelope | ErrorBody | None:
    if response.status_code == 201:
        response_201 = AuthorizationEnvelope.from_dict(response.json())

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
) -> Response[AuthorizationEnvelope | ErrorBody]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OAuthConnectionRequest,
) -> Response[AuthorizationEnvelope | ErrorBody]:
    """Start connecting a Calendly, Google or Microsoft account by OAuth

     Open `authorization_url` in the user's browser. The provider sends the user back to `GET
    /v1/oauth/{provider}/callback`, which makes the connection and redirects to `redirect_uri` with
    `connection=<id>` (or `error=<reason>`). Calendly: the authorization code flow; Google: offline
    access (a refresh token for that user); Microsoft: an admin of the customer's tenant consents, then
    whofree uses app-only tokens for that tenant. The state lasts 10 minutes and is used once.

    Args:
        body (OAuthConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizationEnvelope | ErrorBody]
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
    body: OAuthConnectionRequest,
) -> AuthorizationEnvelope | ErrorBody | None:
    """Start connecting a Calendly, Google or Microsoft account by OAuth

     Open `authorization_url` in the user's browser. The provider sends the user back to `GET
    /v1/oauth/{provider}/callback`, which makes the connection and redirects to `redirect_uri` with
    `connection=<id>` (or `error=<reason>`). Calendly: the authorization code flow; Google: offline
    access (a refresh token for that user); Microsoft: an admin of the customer's tenant consents, then
    whofree uses app-only tokens for that tenant. The state lasts 10 minutes and is used once.

    Args:
        body (OAuthConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizationEnvelope | ErrorBody
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: OAuthConnectionRequest,
) -> Response[AuthorizationEnvelope | ErrorBody]:
    """Start connecting a Calendly, Google or Microsoft account by OAuth

     Open `authorization_url` in the user's browser. The provider sends the user back to `GET
    /v1/oauth/{provider}/callback`, which makes the connection and redirects to `redirect_uri` with
    `connection=<id>` (or `error=<reason>`). Calendly: the authorization code flow; Google: offline
    access (a refresh token for that user); Microsoft: an admin of the customer's tenant consents, then
    whofree uses app-only tokens for that tenant. The state lasts 10 minutes and is used once.

    Args:
        body (OAuthConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizationEnvelope | ErrorBody]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: OAuthConnectionRequest,
) -> AuthorizationEnvelope | ErrorBody | None:
    """Start connecting a Calendly, Google or Microsoft account by OAuth

     Open `authorization_url` in the user's browser. The provider sends the user back to `GET
    /v1/oauth/{provider}/callback`, which makes the connection and redirects to `redirect_uri` with
    `connection=<id>` (or `error=<reason>`). Calendly: the authorization code flow; Google: offline
    access (a refresh token for that user); Microsoft: an admin of the customer's tenant consents, then
    whofree uses app-only tokens for that tenant. The state lasts 10 minutes and is used once.

    Args:
        body (OAuthConnectionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizationEnvelope | ErrorBody
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
