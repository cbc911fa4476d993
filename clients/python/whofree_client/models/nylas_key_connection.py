from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.nylas_key_connection_provider import NylasKeyConnectionProvider
from ..models.nylas_key_connection_region import NylasKeyConnectionRegion
from ..types import UNSET, Unset

T = TypeVar("T", bound="NylasKeyConnection")


@_attrs_define
class NylasKeyConnection:
    """
    Attributes:
        api_key (str): A Nylas v3 API key. Stored encrypted, never returned.
        provider (NylasKeyConnectionProvider):
        region (NylasKeyConnectionRegion | Unset): The Nylas region of the application's data. Default:
            NylasKeyConnectionRegion.US.
    """

    api_key: str
    provider: NylasKeyConnectionProvider
    region: NylasKeyConnectionRegion | Unset = NylasKeyConnectionRegion.US

    def to_dict(self) -> dict[str, Any]:
        api_key = self.api_key

        provider = self.provider.value

        region: str | Unset = UNSET
        if not isinstance(self.region, Unset):
            region = self.region.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "api_key": api_key,
                "provider": provider,
            }
        )
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_key = d.pop("api_key")

        provider = NylasKeyConnectionProvider(d.pop("provider"))

        _region = d.pop("region", UNSET)
        region: NylasKeyConnectionRegion | Unset
        if isinstance(_region, Unset):
            region = UNSET
        else:
            region = NylasKeyConnectionRegion(_region)

        nylas_key_connection = cls(
            api_key=api_key,
            provider=provider,
            region=region,
        )

        return nylas_key_connection
