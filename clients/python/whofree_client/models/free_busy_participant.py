from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.calendly_source import CalendlySource
    from ..models.google_source import GoogleSource
    from ..models.ics_source import IcsSource
    from ..models.microsoft_source import MicrosoftSource
    from ..models.nylas_source import NylasSource


T = TypeVar("T", bound="FreeBusyParticipant")


@_attrs_define
class FreeBusyParticipant:
    """
    Attributes:
        id (str): 1 to 254 characters, at most 512 bytes in UTF-8
        source (CalendlySource | GoogleSource | IcsSource | MicrosoftSource | NylasSource):
        timezone (str | Unset): Where all-day and floating ICS events are read. Default: 'UTC'.
    """

    id: str
    source: CalendlySource | GoogleSource | IcsSource | MicrosoftSource | NylasSource
    timezone: str | Unset = "UTC"

    def to_dict(self) -> dict[str, Any]:
        from ..models.calendly_source import CalendlySource  # noqa: PLC0415
        from ..models.google_source import GoogleSource  # noqa: PLC0415
        from ..models.ics_source import IcsSource  # noqa: PLC0415
        from ..models.nylas_source import NylasSource  # noqa: PLC0415

        id = self.id

        source: dict[str, Any]
        if isinstance(self.source, CalendlySource):
            source = self.source.to_dict()
        elif isinstance(self.source, NylasSource):
            source = self.source.to_dict()
        elif isinstance(self.source, IcsSource):
            source = self.source.to_dict()
        elif isinstance(self.source, GoogleSource):
            source = self.source.to_dict()
        else:
            source = self.source.to_dict()

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "source": source,
            }
        )
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.calendly_source import CalendlySource  # noqa: PLC0415
        from ..models.google_source import GoogleSource  # noqa: PLC0415
        from ..models.ics_source import IcsSource  # noqa: PLC0415
        from ..models.microsoft_source import MicrosoftSource  # noqa: PLC0415
        from ..models.nylas_source import NylasSource  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        def _parse_source(data: object) -> CalendlySource | GoogleSource | IcsSource | MicrosoftSource | NylasSource:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_0 = CalendlySource.from_dict(data)

                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_1 = NylasSource.from_dict(data)

                return source_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_2 = IcsSource.from_dict(data)

                return source_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                source_type_3 = GoogleSource.from_dict(data)

                return source_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            source_type_4 = MicrosoftSource.from_dict(data)

            return source_type_4

        source = _parse_source(d.pop("source"))

        timezone = d.pop("timezone", UNSET)

        free_busy_participant = cls(
            id=id,
            source=source,
            timezone=timezone,
        )

        return free_busy_participant
