from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="OverrideInterval")


@_attrs_define
class OverrideInterval:
    """
    Attributes:
        end (str): HH:MM; "24:00" is the next midnight. An end at or before the start ends on the next day.
        start (str):
    """

    end: str
    start: str

    def to_dict(self) -> dict[str, Any]:
        end = self.end

        start = self.start

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "end": end,
                "start": start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        end = d.pop("end")

        start = d.pop("start")

        override_interval = cls(
            end=end,
            start=start,
        )

        return override_interval
