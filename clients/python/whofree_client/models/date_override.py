from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.override_interval import OverrideInterval


T = TypeVar("T", bound="DateOverride")


@_attrs_define
class DateOverride:
    """
    Attributes:
        date (datetime.date):
        intervals (list[OverrideInterval]): The windows that start on this date; an empty list closes the day.
    """

    date: datetime.date
    intervals: list[OverrideInterval]

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        intervals = []
        for intervals_item_data in self.intervals:
            intervals_item = intervals_item_data.to_dict()
            intervals.append(intervals_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "date": date,
                "intervals": intervals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.override_interval import OverrideInterval  # noqa: PLC0415

        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        intervals = []
        _intervals = d.pop("intervals")
        for intervals_item_data in _intervals:
            intervals_item = OverrideInterval.from_dict(intervals_item_data)

            intervals.append(intervals_item)

        date_override = cls(
            date=date,
            intervals=intervals,
        )

        return date_override
