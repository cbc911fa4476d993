from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.nylas_source_provider import NylasSourceProvider
from ..types import UNSET, Unset

T = TypeVar("T", bound="NylasSource")


@_attrs_define
class NylasSource:
    """
    Attributes:
        email (str):
        grant_id (str):
        provider (NylasSourceProvider):
        connection (None | str | Unset): The account's connection that reads this host (API.md §7); without it, the
            account's only connection of the provider (single-account mode, none: the deployment's credentials).
    """

    email: str
    grant_id: str
    provider: NylasSourceProvider
    connection: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        grant_id = self.grant_id

        provider = self.provider.value

        connection: None | str | Unset
        if isinstance(self.connection, Unset):
            connection = UNSET
        else:
            connection = self.connection

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "grant_id": grant_id,
                "provider": provider,
            }
        )
        if connection is not UNSET:
            field_dict["connection"] = connection

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        grant_id = d.pop("grant_id")

        provider = NylasSourceProvider(d.pop("provider"))

        def _parse_connection(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        connection = _parse_connection(d.pop("connection", UNSET))

        nylas_source = cls(
            email=email,
            grant_id=grant_id,
            provider=provider,
            connection=connection,
        )

        return nylas_source
