from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="BusyBlock")


@_attrs_define
class BusyBlock:
    """
    Attributes:
        end_time (datetime.datetime): RFC 3339 with an explicit offset, e.g. 2030-01-07T09:00:00-05:00
        start_time (datetime.datetime): RFC 3339 with an explicit offset, e.g. 2030-01-07T09:00:00-05:00
    """

    end_time: datetime.datetime
    start_time: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        end_time = self.end_time.isoformat()

        start_time = self.start_time.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "end_time": end_time,
                "start_time": start_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        end_time = datetime.datetime.fromisoformat(d.pop("end_time"))

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        busy_block = cls(
            end_time=end_time,
            start_time=start_time,
        )

        return busy_block
