from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Reservation")


@_attrs_define
class Reservation:
    """
    Attributes:
        end_time (str):
        event_type (str):
        expires_at (str):
        hosts (list[str]): Every host the meeting holds, in the event type's order.
        start_time (str):
        uid (str): Opaque; DELETE /v1/reservations/{uid} releases the hold.
    """

    end_time: str
    event_type: str
    expires_at: str
    hosts: list[str]
    start_time: str
    uid: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        end_time = self.end_time

        event_type = self.event_type

        expires_at = self.expires_at

        hosts = self.hosts

        start_time = self.start_time

        uid = self.uid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end_time": end_time,
                "event_type": event_type,
                "expires_at": expires_at,
                "hosts": hosts,
                "start_time": start_time,
                "uid": uid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        end_time = d.pop("end_time")

        event_type = d.pop("event_type")

        expires_at = d.pop("expires_at")

        hosts = cast(list[str], d.pop("hosts"))

        start_time = d.pop("start_time")

        uid = d.pop("uid")

        reservation = cls(
            end_time=end_time,
            event_type=event_type,
            expires_at=expires_at,
            hosts=hosts,
            start_time=start_time,
            uid=uid,
        )

        reservation.additional_properties = d
        return reservation

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
