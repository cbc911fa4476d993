from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.busy_block import BusyBlock
    from ..models.calendly_source import CalendlySource
    from ..models.date_override import DateOverride
    from ..models.google_source import GoogleSource
    from ..models.ics_source import IcsSource
    from ..models.microsoft_source import MicrosoftSource
    from ..models.nylas_source import NylasSource
    from ..models.window import Window


T = TypeVar("T", bound="ConfiguredHost")


@_attrs_define
class ConfiguredHost:
    """
    Attributes:
        id (str): 1 to 254 characters, at most 512 bytes in UTF-8
        busy (list[BusyBlock] | None | Unset):
        date_overrides (list[DateOverride] | None | Unset):
        name (None | str | Unset):
        open_hours (list[Window] | None | Unset): Absent with date_overrides: open all the time.
        priority (int | None | Unset): Assignment order: 0 to 4 (absent: 2); higher first, before any rule.
        source (CalendlySource | GoogleSource | IcsSource | MicrosoftSource | None | NylasSource | Unset): Where busy
            time comes from, besides inline busy.
        timezone (None | str | Unset): Defaults to the request's timezone.
        weight (int | None | Unset): Assignment order under `"weighted"`: the host's share of the bookings (absent:
            100).
    """

    id: str
    busy: list[BusyBlock] | None | Unset = UNSET
    date_overrides: list[DateOverride] | None | Unset = UNSET
    name: None | str | Unset = UNSET
    open_hours: list[Window] | None | Unset = UNSET
    priority: int | None | Unset = UNSET
    source: CalendlySource | GoogleSource | IcsSource | MicrosoftSource | None | NylasSource | Unset = UNSET
    timezone: None | str | Unset = UNSET
    weight: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.calendly_source import CalendlySource  # noqa: PLC0415
        from ..models.google_source import GoogleSource  # noqa: PLC0415
        from ..models.ics_source import IcsSource  # noqa: PLC0415
        from ..models.microsoft_source import MicrosoftSource  # noqa: PLC0415
        from ..models.nylas_source import NylasSource  # noqa: PLC0415

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

        priority: int | None | Unset
        if isinstance(self.priority, Unset):
            priority = UNSET
        else:
            priority = self.priority

        source: dict[str, Any] | None | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, CalendlySource):
            source = self.source.to_dict()
        elif isinstance(self.source, NylasSource):
            source = self.source.to_dict()
        elif isinstance(self.source, IcsSource):
            source = self.source.to_dict()
        elif isinstance(self.source, GoogleSource):
            source = self.source.to_dict()
        elif isinstance(self.source, MicrosoftSource):
            source = self.source.to_dict()
        else:
            source = self.source

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        weight: int | None | Unset
        if isinstance(self.weight, Unset):
            weight = UNSET
        else:
            weight = self.weight

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
        if priority is not UNSET:
            field_dict["priority"] = priority
        if source is not UNSET:
            field_dict["source"] = source
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if weight is not UNSET:
            field_dict["weight"] = weight

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.busy_block import BusyBlock  # noqa: PLC0415
        from ..models.calendly_source import CalendlySource  # noqa: PLC0415
        from ..models.date_override import DateOverride  # noqa: PLC0415
        from ..models.google_source import GoogleSource  # noqa: PLC0415
        from ..models.ics_source import IcsSource  # noqa: PLC0415
        from ..models.microsoft_source import MicrosoftSource  # noqa: PLC0415
        from ..models.nylas_source import NylasSource  # noqa: PLC0415
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

        def _parse_priority(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        priority = _parse_priority(d.pop("priority", UNSET))

        def _parse_source(
            data: object,
        ) -> CalendlySource | GoogleSource | IcsSource | MicrosoftSource | None | NylasSource | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0_type_0 = CalendlySource.from_dict(data)

                return source_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0_type_1 = NylasSource.from_dict(data)

                return source_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0_type_2 = IcsSource.from_dict(data)

                return source_type_0_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0_type_3 = GoogleSource.from_dict(data)

                return source_type_0_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0_type_4 = MicrosoftSource.from_dict(data)

                return source_type_0_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CalendlySource | GoogleSource | IcsSource | MicrosoftSource | None | NylasSource | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        def _parse_weight(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        weight = _parse_weight(d.pop("weight", UNSET))

        configured_host = cls(
            id=id,
            busy=busy,
            date_overrides=date_overrides,
            name=name,
            open_hours=open_hours,
            priority=priority,
            source=source,
            timezone=timezone,
            weight=weight,
        )

        return configured_host
