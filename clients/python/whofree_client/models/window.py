from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.window_days_item import WindowDaysItem

T = TypeVar("T", bound="Window")


@_attrs_define
class Window:
    """
    Attributes:
        days (list[WindowDaysItem]):
        end (str): HH:MM; "24:00" is the next midnight. An end at or before the start ends on the next day.
        start (str):
    """

    days: list[WindowDaysItem]
    end: str
    start: str

    def to_dict(self) -> dict[str, Any]:
        days = []
        for days_item_data in self.days:
            days_item = days_item_data.value
            days.append(days_item)

        end = self.end

        start = self.start

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "days": days,
                "end": end,
                "start": start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        days = []
        _days = d.pop("days")
        for days_item_data in _days:
            days_item = WindowDaysItem(days_item_data)

            days.append(days_item)

        end = d.pop("end")

        start = d.pop("start")

        window = cls(
            days=days,
            end=end,
            start=start,
        )

        return window
