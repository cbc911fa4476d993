from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.event_type_slot_status import EventTypeSlotStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.available_host import AvailableHost
    from ..models.unavailable import Unavailable


T = TypeVar("T", bound="EventTypeSlot")


@_attrs_define
class EventTypeSlot:
    """
    Attributes:
        available_hosts (list[AvailableHost]): Every host free in the slot, in assignment order (`assignment`): the host
            the event type would give the next booking in this slot first.
        end_time (datetime.datetime):
        invitees_remaining (int):
        start_time (datetime.datetime):
        status (EventTypeSlotStatus):
        scheduling_url (None | str | Unset): The provider's booking link, when it has one.
        unavailable (list[Unavailable] | None | Unset): Only with explain=true: every host not in available_hosts (of
            the hosts filter), in host order.
    """

    available_hosts: list[AvailableHost]
    end_time: datetime.datetime
    invitees_remaining: int
    start_time: datetime.datetime
    status: EventTypeSlotStatus
    scheduling_url: None | str | Unset = UNSET
    unavailable: list[Unavailable] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available_hosts = []
        for available_hosts_item_data in self.available_hosts:
            available_hosts_item = available_hosts_item_data.to_dict()
            available_hosts.append(available_hosts_item)

        end_time = self.end_time.isoformat()

        invitees_remaining = self.invitees_remaining

        start_time = self.start_time.isoformat()

        status = self.status.value

        scheduling_url: None | str | Unset
        if isinstance(self.scheduling_url, Unset):
            scheduling_url = UNSET
        else:
            scheduling_url = self.scheduling_url

        unavailable: list[dict[str, Any]] | None | Unset
        if isinstance(self.unavailable, Unset):
            unavailable = UNSET
        elif isinstance(self.unavailable, list):
            unavailable = []
            for unavailable_type_0_item_data in self.unavailable:
                unavailable_type_0_item = unavailable_type_0_item_data.to_dict()
                unavailable.append(unavailable_type_0_item)

        else:
            unavailable = self.unavailable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available_hosts": available_hosts,
                "end_time": end_time,
                "invitees_remaining": invitees_remaining,
                "start_time": start_time,
                "status": status,
            }
        )
        if scheduling_url is not UNSET:
            field_dict["scheduling_url"] = scheduling_url
        if unavailable is not UNSET:
            field_dict["unavailable"] = unavailable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.available_host import AvailableHost  # noqa: PLC0415
        from ..models.unavailable import Unavailable  # noqa: PLC0415

        d = dict(src_dict)
        available_hosts = []
        _available_hosts = d.pop("available_hosts")
        for available_hosts_item_data in _available_hosts:
            available_hosts_item = AvailableHost.from_dict(available_hosts_item_data)

            available_hosts.append(available_hosts_item)

        end_time = datetime.datetime.fromisoformat(d.pop("end_time"))

        invitees_remaining = d.pop("invitees_remaining")

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        status = EventTypeSlotStatus(d.pop("status"))

        def _parse_scheduling_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        scheduling_url = _parse_scheduling_url(d.pop("scheduling_url", UNSET))

        def _parse_unavailable(data: object) -> list[Unavailable] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                unavailable_type_0 = []
                _unavailable_type_0 = data
                for unavailable_type_0_item_data in _unavailable_type_0:
                    unavailable_type_0_item = Unavailable.from_dict(unavailable_type_0_item_data)

                    unavailable_type_0.append(unavailable_type_0_item)

                return unavailable_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Unavailable] | None | Unset, data)

        unavailable = _parse_unavailable(d.pop("unavailable", UNSET))

        event_type_slot = cls(
            available_hosts=available_hosts,
            end_time=end_time,
            invitees_remaining=invitees_remaining,
            start_time=start_time,
            status=status,
            scheduling_url=scheduling_url,
            unavailable=unavailable,
        )

        event_type_slot.additional_properties = d
        return event_type_slot

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
