from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReservationRequest")


@_attrs_define
class ReservationRequest:
    """
    Attributes:
        event_type (str):
        start_time (datetime.datetime):
        connection (None | str | Unset): The account's connection that reads a provider event type, as `connection` of
            its times (API.md §7).
        expires_in_minutes (int | Unset):  Default: 5.
        host (None | str | Unset): Shorthand for `"hosts": [host]`.
        hosts (list[str] | None | Unset): Hosts to hold first (ids); whofree completes the set the meeting needs with
            free hosts.
    """

    event_type: str
    start_time: datetime.datetime
    connection: None | str | Unset = UNSET
    expires_in_minutes: int | Unset = 5
    host: None | str | Unset = UNSET
    hosts: list[str] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        event_type = self.event_type

        start_time = self.start_time.isoformat()

        connection: None | str | Unset
        if isinstance(self.connection, Unset):
            connection = UNSET
        else:
            connection = self.connection

        expires_in_minutes = self.expires_in_minutes

        host: None | str | Unset
        if isinstance(self.host, Unset):
            host = UNSET
        else:
            host = self.host

        hosts: list[str] | None | Unset
        if isinstance(self.hosts, Unset):
            hosts = UNSET
        elif isinstance(self.hosts, list):
            hosts = self.hosts

        else:
            hosts = self.hosts

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_type": event_type,
                "start_time": start_time,
            }
        )
        if connection is not UNSET:
            field_dict["connection"] = connection
        if expires_in_minutes is not UNSET:
            field_dict["expires_in_minutes"] = expires_in_minutes
        if host is not UNSET:
            field_dict["host"] = host
        if hosts is not UNSET:
            field_dict["hosts"] = hosts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_type = d.pop("event_type")

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        def _parse_connection(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        connection = _parse_connection(d.pop("connection", UNSET))

        expires_in_minutes = d.pop("expires_in_minutes", UNSET)

        def _parse_host(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        host = _parse_host(d.pop("host", UNSET))

        def _parse_hosts(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                hosts_type_0 = cast(list[str], data)

                return hosts_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        hosts = _parse_hosts(d.pop("hosts", UNSET))

        reservation_request = cls(
            event_type=event_type,
            start_time=start_time,
            connection=connection,
            expires_in_minutes=expires_in_minutes,
            host=host,
            hosts=hosts,
        )

        return reservation_request
