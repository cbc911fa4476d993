from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.calcom_key_connection_provider import CalcomKeyConnectionProvider

T = TypeVar("T", bound="CalcomKeyConnection")


@_attrs_define
class CalcomKeyConnection:
    """
    Attributes:
        api_key (str): A Cal.com API key (cal_live_...). Stored encrypted, never returned.
        provider (CalcomKeyConnectionProvider):
    """

    api_key: str
    provider: CalcomKeyConnectionProvider

    def to_dict(self) -> dict[str, Any]:
        api_key = self.api_key

        provider = self.provider.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "api_key": api_key,
                "provider": provider,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_key = d.pop("api_key")

        provider = CalcomKeyConnectionProvider(d.pop("provider"))

        calcom_key_connection = cls(
            api_key=api_key,
            provider=provider,
        )

        return calcom_key_connection
