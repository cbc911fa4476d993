from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.ics_source_provider import IcsSourceProvider

T = TypeVar("T", bound="IcsSource")


@_attrs_define
class IcsSource:
    """
    Attributes:
        provider (IcsSourceProvider):
        url (str): An https iCalendar feed (plain http only to loopback, and only where the local runner allows it).
    """

    provider: IcsSourceProvider
    url: str

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider.value

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "provider": provider,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = IcsSourceProvider(d.pop("provider"))

        url = d.pop("url")

        ics_source = cls(
            provider=provider,
            url=url,
        )

        return ics_source
