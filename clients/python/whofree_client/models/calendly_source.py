from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.calendly_source_provider import CalendlySourceProvider
from ..types import UNSET, Unset

T = TypeVar("T", bound="CalendlySource")


@_attrs_define
class CalendlySource:
    """
    Attributes:
        provider (CalendlySourceProvider):
        user (str): The Calendly user URI
        connection (None | str | Unset): The account's connection that reads this host (API.md §7); without it, the
            account's only connection of the provider (single-account mode, none: the deployment's credentials).
    """

    provider: CalendlySourceProvider
    user: str
    connection: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        provider = self.provider.value

        user = self.user

        connection: None | str | Unset
        if isinstance(self.connection, Unset):
            connection = UNSET
        else:
            connection = self.connection

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "provider": provider,
                "user": user,
            }
        )
        if connection is not UNSET:
            field_dict["connection"] = connection

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider = CalendlySourceProvider(d.pop("provider"))

        user = d.pop("user")

        def _parse_connection(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        connection = _parse_connection(d.pop("connection", UNSET))

        calendly_source = cls(
            provider=provider,
            user=user,
            connection=connection,
        )

        return calendly_source
