from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.busy_block import BusyBlock
    from ..models.date_override import DateOverride
    from ..models.window import Window


T = TypeVar("T", bound="Participant")


@_attrs_define
class Participant:
    """
    Attributes:
        id (str): 1 to 254 characters, at most 512 bytes in UTF-8
        busy (list[BusyBlock] | None | Unset):
        date_overrides (list[DateOverride] | None | Unset):
        name (None | str | Unset):
        open_hours (list[Window] | None | Unset): Absent with date_overrides: open all the time.
        timezone (None | str | Unset): Defaults to the request's timezone.
    """

    id: str
    busy: list[BusyBlock] | None | Unset = UNSET
    date_overrides: list[DateOverride] | None | Unset = UNSET
    name: None | str | Unset = UNSET
    open_hours: list[Window] | None | Unset = UNSET
    timezone: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        busy: list[dict[str, Any]] | None | Unset
        if isinstance(self.busy, Unset):
            busy = UNSET
        elif isinstance(self.busy, list):
            busy = []
            for busy_type_0_item_data in self.busy:
                busy_type_0_item = busy_type_0_item_data.to_dict()
                busy.append(busy_type_0_item)

        else:
            busy = self.busy

        date_overrides: list[dict[str, Any]] | None | Unset
        if isinstance(self.date_overrides, Unset):
            date_overrides = UNSET
        elif isinstance(self.date_overrides, list):
            date_overrides = []
            for date_overrides_type_0_item_data in self.date_overrides:
                date_overrides_type_0_item = date_overrides_type_0_item_data.to_dict()
                date_overrides.append(date_overrides_type_0_item)

        else:
            date_overrides = self.date_overrides

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        open_hours: list[dict[str, Any]] | None | Unset
        if isinstance(self.open_hours, Unset):
            open_hours = UNSET
        elif isinstance(self.open_hours, list):
            open_hours = []
            for open_hours_type_0_item_data in self.open_hours:
                open_hours_type_0_item = open_hours_type_0_item_data.to_dict()
                open_hours.append(open_hours_type_0_item)

        else:
            open_hours = self.open_hours

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
            }
        )
        if busy is not UNSET:
            field_dict["busy"] = busy
        if date_overrides is not UNSET:
            field_dict["date_overrides"] = date_overrides
        if name is not UNSET:
            field_dict["name"] = name
        if open_hours is not UNSET:
            field_dict["open_hours"] = open_hours
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.busy_block import BusyBlock  # noqa: PLC0415
        from ..models.date_override import DateOverride  # noqa: PLC0415
        from ..models.window import Window  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_busy(data: object) -> list[BusyBlock] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                busy_type_0 = []
                _busy_type_0 = data
                for busy_type_0_item_data in _busy_type_0:
                    busy_type_0_item = BusyBlock.from_dict(busy_type_0_item_data)

                    busy_type_0.append(busy_type_0_item)

                return busy_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[BusyBlock] | None | Unset, data)

        busy = _parse_busy(d.pop("busy", UNSET))

        def _parse_date_overrides(data: object) -> list[DateOverride] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                date_overrides_type_0 = []
                _date_overrides_type_0 = data
                for date_overrides_type_0_item_data in _date_overrides_type_0:
                    date_overrides_type_0_item = DateOverride.from_dict(date_overrides_type_0_item_data)

                    date_overrides_type_0.append(date_overrides_type_0_item)

                return date_overrides_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[DateOverride] | None | Unset, data)

        date_overrides = _parse_date_overrides(d.pop("date_overrides", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_open_hours(data: object) -> list[Window] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                open_hours_type_0 = []
                _open_hours_type_0 = data
                for open_hours_type_0_item_data in _open_hours_type_0:
                    open_hours_type_0_item = Window.from_dict(open_hours_type_0_item_data)

                    open_hours_type_0.append(open_hours_type_0_item)

                return open_hours_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Window] | None | Unset, data)

        open_hours = _parse_open_hours(d.pop("open_hours", UNSET))

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        participant = cls(
            id=id,
            busy=busy,
            date_overrides=date_overrides,
            name=name,
            open_hours=open_hours,
            timezone=timezone,
        )

        return participant
