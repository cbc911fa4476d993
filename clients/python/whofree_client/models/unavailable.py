from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.unavailable_reason import UnavailableReason

T = TypeVar("T", bound="Unavailable")


@_attrs_define
class Unavailable:
    """
    Attributes:
        id (str):
        reason (UnavailableReason): The first that applies: held (a hold of API.md §4 overlaps the slot with its
            buffers), busy (a busy block overlaps the slot with its buffers), outside_hours (the slot is not inside one
            stretch of open time), unknown (the calendar could not be read: see warnings).
    """

    id: str
    reason: UnavailableReason
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        reason = self.reason.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        reason = UnavailableReason(d.pop("reason"))

        unavailable = cls(
            id=id,
            reason=reason,
        )

        unavailable.additional_properties = d
        return unavailable

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
