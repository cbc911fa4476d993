from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.google_source_provider import GoogleSourceProvider
from ..types import UNSET, Unset

T = TypeVar("T", bound="GoogleSource")


@_attrs_define
class GoogleSource:
    """
    Attributes:
        calendar_id (str):
        provider (GoogleSourceProvider):
        connection (None | str | Unset): The account's connection that reads this host (API.md §7); without it, the
            account's only connection of the provider (single-account mode, none: the deployment's credentials).
    """

    calendar_id: str
    provider: GoogleSourceProvider
    connection: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        calendar_id = self.calendar_id

        provider = self.provider.value

        connection: None | str | Unset
        if isinstance(self.connection, Unset):
            connection = UNSET
        else:
            connection = self.connection

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "calendar_id": calendar_id,
                "provider": provider,
            }
        )
        if connection is not UNSET:
            field_dict["connection"] = connection

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        calendar_id = d.pop("calendar_id")

        provider = GoogleSourceProvider(d.pop("provider"))

        def _parse_connection(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        connection = _parse_connection(d.pop("connection", UNSET))

        google_source = cls(
            calendar_id=calendar_id,
            provider=provider,
            connection=connection,
        )

        return google_source
