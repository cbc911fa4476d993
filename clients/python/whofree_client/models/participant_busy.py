from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.busy_interval import BusyInterval


T = TypeVar("T", bound="ParticipantBusy")


@_attrs_define
class ParticipantBusy:
    """
    Attributes:
        busy (list[BusyInterval]):
        participant (str):
    """

    busy: list[BusyInterval]
    participant: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        busy = []
        for busy_item_data in self.busy:
            busy_item = busy_item_data.to_dict()
            busy.append(busy_item)

        participant = self.participant

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "busy": busy,
                "participant": participant,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.busy_interval import BusyInterval  # noqa: PLC0415

        d = dict(src_dict)
        busy = []
        _busy = d.pop("busy")
        for busy_item_data in _busy:
            busy_item = BusyInterval.from_dict(busy_item_data)

            busy.append(busy_item)

        participant = d.pop("participant")

        participant_busy = cls(
            busy=busy,
            participant=participant,
        )

        participant_busy.additional_properties = d
        return participant_busy

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
