from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sequence_meeting import SequenceMeeting


T = TypeVar("T", bound="SequenceItem")


@_attrs_define
class SequenceItem:
    """
    Attributes:
        end_time (str): The last meeting's end.
        meetings (list[SequenceMeeting]): The meetings in the order they take place.
        start_time (str): The first meeting's start.
    """

    end_time: str
    meetings: list[SequenceMeeting]
    start_time: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end_time = self.end_time

        meetings = []
        for meetings_item_data in self.meetings:
            meetings_item = meetings_item_data.to_dict()
            meetings.append(meetings_item)

        start_time = self.start_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end_time": end_time,
                "meetings": meetings,
                "start_time": start_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sequence_meeting import SequenceMeeting  # noqa: PLC0415

        d = dict(src_dict)
        end_time = d.pop("end_time")

        meetings = []
        _meetings = d.pop("meetings")
        for meetings_item_data in _meetings:
            meetings_item = SequenceMeeting.from_dict(meetings_item_data)

            meetings.append(meetings_item)

        start_time = d.pop("start_time")

        sequence_item = cls(
            end_time=end_time,
            meetings=meetings,
            start_time=start_time,
        )

        sequence_item.additional_properties = d
        return sequence_item

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
