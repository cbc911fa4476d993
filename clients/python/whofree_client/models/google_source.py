from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.google_source_provider import GoogleSourceProvider

T = TypeVar("T", bound="GoogleSource")


@_attrs_define
class GoogleSource:
    """
    Attributes:
        calendar_id (str):
        provider (GoogleSourceProvider):
    """

    calendar_id: str
    provider: GoogleSourceProvider

    def to_dict(self) -> dict[str, Any]:
        calendar_id = self.calendar_id

        provider = self.provider.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "calendar_id": calendar_id,
                "provider": provider,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        calendar_id = d.pop("calendar_id")

        provider = GoogleSourceProvider(d.pop("provider"))

        google_source = cls(
            calendar_id=calendar_id,
            provider=provider,
        )

        return google_source
