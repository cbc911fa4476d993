from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.nylas_source_provider import NylasSourceProvider

T = TypeVar("T", bound="NylasSource")


@_attrs_define
class NylasSource:
    """
    Attributes:
        email (str):
        grant_id (str):
        provider (NylasSourceProvider):
    """

    email: str
    grant_id: str
    provider: NylasSourceProvider

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        grant_id = self.grant_id

        provider = self.provider.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "grant_id": grant_id,
                "provider": provider,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        grant_id = d.pop("grant_id")

        provider = NylasSourceProvider(d.pop("provider"))

        nylas_source = cls(
            email=email,
            grant_id=grant_id,
            provider=provider,
        )

        return nylas_source
