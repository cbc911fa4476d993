from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.o_auth_connection_request_provider import OAuthConnectionRequestProvider

T = TypeVar("T", bound="OAuthConnectionRequest")


@_attrs_define
class OAuthConnectionRequest:
    """
    Attributes:
        provider (OAuthConnectionRequestProvider):
        redirect_uri (str): Where whofree sends the user back: `?connection=<id>` on success, `?error=<reason>`
            otherwise.
    """

    provider: OAuthConnectionRequestProvider
    redirect_uri: str

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider.value

        redirect_uri = self.redirect_uri

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "provider": provider,
                "redirect_uri": redirect_uri,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = OAuthConnectionRequestProvider(d.pop("provider"))

        redirect_uri = d.pop("redirect_uri")

        o_auth_connection_request = cls(
            provider=provider,
            redirect_uri=redirect_uri,
        )

        return o_auth_connection_request
