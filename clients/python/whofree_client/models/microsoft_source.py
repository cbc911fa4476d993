from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.microsoft_source_provider import MicrosoftSourceProvider

T = TypeVar("T", bound="MicrosoftSource")


@_attrs_define
class MicrosoftSource:
    """
    Attributes:
        provider (MicrosoftSourceProvider):
        user (str): User id or userPrincipalName
    """

    provider: MicrosoftSourceProvider
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
        provider = MicrosoftSourceProvider(d.pop("provider"))

        user = d.pop("user")

        microsoft_source = cls(
            provider=provider,
            user=user,
        )

        return microsoft_source
