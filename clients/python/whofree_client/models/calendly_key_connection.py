from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.calendly_key_connection_provider import CalendlyKeyConnectionProvider

T = TypeVar("T", bound="CalendlyKeyConnection")


@_attrs_define
class CalendlyKeyConnection:
    """
    Attributes:
        personal_access_token (str): A Calendly personal access token. Stored encrypted.
        provider (CalendlyKeyConnectionProvider):
    """

    personal_access_token: str
    provider: CalendlyKeyConnectionProvider

    def to_dict(self) -> dict[str, Any]:
        personal_access_token = self.personal_access_token

        provider = self.provider.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "personal_access_token": personal_access_token,
                "provider": provider,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        personal_access_token = d.pop("personal_access_token")

        provider = CalendlyKeyConnectionProvider(d.pop("provider"))

        calendly_key_connection = cls(
            personal_access_token=personal_access_token,
            provider=provider,
        )

        return calendly_key_connection
