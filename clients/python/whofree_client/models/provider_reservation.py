from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.provider_reservation_provider import ProviderReservationProvider

T = TypeVar("T", bound="ProviderReservation")


@_attrs_define
class ProviderReservation:
    """
    Attributes:
        provider (ProviderReservationProvider):
        uid (str): The provider's reservation uid (Cal.com: `reservationUid`).
    """

    provider: ProviderReservationProvider
    uid: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider.value

        uid = self.uid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "provider": provider,
                "uid": uid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = ProviderReservationProvider(d.pop("provider"))

        uid = d.pop("uid")

        provider_reservation = cls(
            provider=provider,
            uid=uid,
        )

        provider_reservation.additional_properties = d
        return provider_reservation

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
