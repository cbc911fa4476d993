from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.event_type_sequence_meeting import EventTypeSequenceMeeting


T = TypeVar("T", bound="EventTypeSequenceItem")


@_attrs_define
class EventTypeSequenceItem:
    """
    Attributes:
        end_time (datetime.datetime): The last meeting's end.
        meetings (list[EventTypeSequenceMeeting]): The meetings in the order they take place.
        start_time (datetime.datetime): The first meeting's start.
    """

    end_time: datetime.datetime
    meetings: list[EventTypeSequenceMeeting]
    start_time: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end_time = self.end_time.isoformat()

        meetings = []
        for meetings_item_data in self.meetings:
            meetings_item = meetings_item_data.to_dict()
            meetings.append(meetings_item)

        start_time = self.start_time.isoformat()

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
        from ..models.event_type_sequence_meeting import EventTypeSequenceMeeting  # noqa: PLC0415

        d = dict(src_dict)
        end_time = datetime.datetime.fromisoformat(d.pop("end_time"))

        meetings = []
        _meetings = d.pop("meetings")
        for meetings_item_data in _meetings:
            meetings_item = EventTypeSequenceMeeting.from_dict(meetings_item_data)

            meetings.append(meetings_item)

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        event_type_sequence_item = cls(
            end_time=end_time,
            meetings=meetings,
            start_time=start_time,
        )

        event_type_sequence_item.additional_properties = d
        return event_type_sequence_item

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
