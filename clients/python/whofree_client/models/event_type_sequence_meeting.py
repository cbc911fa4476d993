from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.available_host import AvailableHost


T = TypeVar("T", bound="EventTypeSequenceMeeting")


@_attrs_define
class EventTypeSequenceMeeting:
    """
    Attributes:
        available_hosts (list[AvailableHost]): The event type's own answer for that slot: every host free in it, in host
            order.
        end_time (datetime.datetime):
        id (str): The event type, as named in event_types.
        start_time (datetime.datetime):
    """

    available_hosts: list[AvailableHost]
    end_time: datetime.datetime
    id: str
    start_time: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available_hosts = []
        for available_hosts_item_data in self.available_hosts:
            available_hosts_item = available_hosts_item_data.to_dict()
            available_hosts.append(available_hosts_item)

        end_time = self.end_time.isoformat()

        id = self.id

        start_time = self.start_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available_hosts": available_hosts,
                "end_time": end_time,
                "id": id,
                "start_time": start_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.available_host import AvailableHost  # noqa: PLC0415

        d = dict(src_dict)
        available_hosts = []
        _available_hosts = d.pop("available_hosts")
        for available_hosts_item_data in _available_hosts:
            available_hosts_item = AvailableHost.from_dict(available_hosts_item_data)

            available_hosts.append(available_hosts_item)

        end_time = datetime.datetime.fromisoformat(d.pop("end_time"))

        id = d.pop("id")

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        event_type_sequence_meeting = cls(
            available_hosts=available_hosts,
            end_time=end_time,
            id=id,
            start_time=start_time,
        )

        event_type_sequence_meeting.additional_properties = d
        return event_type_sequence_meeting

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
