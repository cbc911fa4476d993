from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.connection_provider import ConnectionProvider
from ..models.connection_status import ConnectionStatus

if TYPE_CHECKING:
    from ..models.connection_identity import ConnectionIdentity


T = TypeVar("T", bound="Connection")


@_attrs_define
class Connection:
    """
    Attributes:
        created_at (datetime.datetime):
        id (str):
        identity (ConnectionIdentity): Who the provider says the credential is: Calendly user and organization URIs,
            Cal.com user, Nylas application, Google email, Microsoft tenant id.
        provider (ConnectionProvider):
        status (ConnectionStatus):
    """

    created_at: datetime.datetime
    id: str
    identity: ConnectionIdentity
    provider: ConnectionProvider
    status: ConnectionStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        identity = self.identity.to_dict()

        provider = self.provider.value

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "identity": identity,
                "provider": provider,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connection_identity import ConnectionIdentity  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        identity = ConnectionIdentity.from_dict(d.pop("identity"))

        provider = ConnectionProvider(d.pop("provider"))

        status = ConnectionStatus(d.pop("status"))

        connection = cls(
            created_at=created_at,
            id=id,
            identity=identity,
            provider=provider,
            status=status,
        )

        connection.additional_properties = d
        return connection

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
