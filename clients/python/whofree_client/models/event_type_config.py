from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.event_type_config_host_order_type_0 import EventTypeConfigHostOrderType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.configured_host import ConfiguredHost
    from ..models.group import Group


T = TypeVar("T", bound="EventTypeConfig")


@_attrs_define
class EventTypeConfig:
    """PUT /v1/event_types/{id}.

    Attributes:
        duration_minutes (int):
        hosts (list[ConfiguredHost]):
        name (str):
        buffer_after_minutes (int | Unset):  Default: 0.
        buffer_before_minutes (int | Unset):  Default: 0.
        groups (list[Group] | None | Unset):
        host_order (EventTypeConfigHostOrderType0 | None | Unset): Assignment order of each slot's available_hosts
            (absent: `listed`, the order of `hosts`): `least_recently_booked` or `weighted` (the host furthest below its
            weight's share of the bookings of the last 30 days first). Hosts' `priority` comes first; ties fall back to
            least recently booked, then to `hosts` order.
        interval_minutes (int | None | Unset): Grid step; defaults to duration.
        minimum_notice_minutes (int | Unset):  Default: 0.
        timezone (str | Unset): IANA time zone name Default: 'UTC'.
    """

    duration_minutes: int
    hosts: list[ConfiguredHost]
    name: str
    buffer_after_minutes: int | Unset = 0
    buffer_before_minutes: int | Unset = 0
    groups: list[Group] | None | Unset = UNSET
    host_order: EventTypeConfigHostOrderType0 | None | Unset = UNSET
    interval_minutes: int | None | Unset = UNSET
    minimum_notice_minutes: int | Unset = 0
    timezone: str | Unset = "UTC"

    def to_dict(self) -> dict[str, Any]:
        duration_minutes = self.duration_minutes

        hosts = []
        for hosts_item_data in self.hosts:
            hosts_item = hosts_item_data.to_dict()
            hosts.append(hosts_item)

        name = self.name

        buffer_after_minutes = self.buffer_after_minutes

        buffer_before_minutes = self.buffer_before_minutes

        groups: list[dict[str, Any]] | None | Unset
        if isinstance(self.groups, Unset):
            groups = UNSET
        elif isinstance(self.groups, list):
            groups = []
            for groups_type_0_item_data in self.groups:
                groups_type_0_item = groups_type_0_item_data.to_dict()
                groups.append(groups_type_0_item)

        else:
            groups = self.groups

        host_order: None | str | Unset
        if isinstance(self.host_order, Unset):
            host_order = UNSET
        elif isinstance(self.host_order, EventTypeConfigHostOrderType0):
            host_order = self.host_order.value
        else:
            host_order = self.host_order

        interval_minutes: int | None | Unset
        if isinstance(self.interval_minutes, Unset):
            interval_minutes = UNSET
        else:
            interval_minutes = self.interval_minutes

        minimum_notice_minutes = self.minimum_notice_minutes

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "duration_minutes": duration_minutes,
                "hosts": hosts,
                "name": name,
            }
        )
        if buffer_after_minutes is not UNSET:
            field_dict["buffer_after_minutes"] = buffer_after_minutes
        if buffer_before_minutes is not UNSET:
            field_dict["buffer_before_minutes"] = buffer_before_minutes
        if groups is not UNSET:
            field_dict["groups"] = groups
        if host_order is not UNSET:
            field_dict["host_order"] = host_order
        if interval_minutes is not UNSET:
            field_dict["interval_minutes"] = interval_minutes
        if minimum_notice_minutes is not UNSET:
            field_dict["minimum_notice_minutes"] = minimum_notice_minutes
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.configured_host import ConfiguredHost  # noqa: PLC0415
        from ..models.group import Group  # noqa: PLC0415

        d = dict(src_dict)
        duration_minutes = d.pop("duration_minutes")

        hosts = []
        _hosts = d.pop("hosts")
        for hosts_item_data in _hosts:
            hosts_item = ConfiguredHost.from_dict(hosts_item_data)

            hosts.append(hosts_item)

        name = d.pop("name")

        buffer_after_minutes = d.pop("buffer_after_minutes", UNSET)

        buffer_before_minutes = d.pop("buffer_before_minutes", UNSET)

        def _parse_groups(data: object) -> list[Group] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                groups_type_0 = []
                _groups_type_0 = data
                for groups_type_0_item_data in _groups_type_0:
                    groups_type_0_item = Group.from_dict(groups_type_0_item_data)

                    groups_type_0.append(groups_type_0_item)

                return groups_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Group] | None | Unset, data)

        groups = _parse_groups(d.pop("groups", UNSET))

        def _parse_host_order(data: object) -> EventTypeConfigHostOrderType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                host_order_type_0 = EventTypeConfigHostOrderType0(data)

                return host_order_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EventTypeConfigHostOrderType0 | None | Unset, data)

        host_order = _parse_host_order(d.pop("host_order", UNSET))

        def _parse_interval_minutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        interval_minutes = _parse_interval_minutes(d.pop("interval_minutes", UNSET))

        minimum_notice_minutes = d.pop("minimum_notice_minutes", UNSET)

        timezone = d.pop("timezone", UNSET)

        event_type_config = cls(
            duration_minutes=duration_minutes,
            hosts=hosts,
            name=name,
            buffer_after_minutes=buffer_after_minutes,
            buffer_before_minutes=buffer_before_minutes,
            groups=groups,
            host_order=host_order,
            interval_minutes=interval_minutes,
            minimum_notice_minutes=minimum_notice_minutes,
            timezone=timezone,
        )

        return event_type_config
