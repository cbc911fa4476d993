from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.calendly_source_provider import CalendlySourceProvider

T = TypeVar("T", bound="CalendlySource")


@_attrs_define
class CalendlySource:
    """
    Attributes:
        provider (CalendlySourceProvider):
        user (str): The Calendly user URI
    """

    provider: CalendlySourceProvider
    user: str

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider.value

        user = self.user

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "provider": provider,
                "user": user,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = CalendlySourceProvider(d.pop("provider"))

        user = d.pop("user")

        calendly_source = cls(
            provider=provider,
            user=user,
        )

        return calendly_source
