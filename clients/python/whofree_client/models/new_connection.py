from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.new_connection_provider import NewConnectionProvider
from ..models.new_connection_status import NewConnectionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.connection_webhook import ConnectionWebhook
    from ..models.new_connection_identity import NewConnectionIdentity


T = TypeVar("T", bound="NewConnection")


@_attrs_define
class NewConnection:
    """
    Attributes:
        created_at (datetime.datetime):
        id (str):
        identity (NewConnectionIdentity): Who the provider says the credential is: Calendly user and organization URIs,
            Cal.com user, Nylas application, Google email, Microsoft tenant id.
        provider (NewConnectionProvider):
        status (NewConnectionStatus):
        webhook (ConnectionWebhook | None | Unset): Key-based Calendly and Cal.com connections: where and how to
            subscribe the provider's webhooks (only in this answer; the secret is stored encrypted and never shown again).
    """

    created_at: datetime.datetime
    id: str
    identity: NewConnectionIdentity
    provider: NewConnectionProvider
    status: NewConnectionStatus
    webhook: ConnectionWebhook | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.connection_webhook import ConnectionWebhook  # noqa: PLC0415

        created_at = self.created_at.isoformat()

        id = self.id

        identity = self.identity.to_dict()

        provider = self.provider.value

        status = self.status.value

        webhook: dict[str, Any] | None | Unset
        if isinstance(self.webhook, Unset):
            webhook = UNSET
        elif isinstance(self.webhook, ConnectionWebhook):
            webhook = self.webhook.to_dict()
        else:
            webhook = self.webhook

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
        if webhook is not UNSET:
            field_dict["webhook"] = webhook

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.connection_webhook import ConnectionWebhook  # noqa: PLC0415
        from ..models.new_connection_identity import NewConnectionIdentity  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        identity = NewConnectionIdentity.from_dict(d.pop("identity"))

        provider = NewConnectionProvider(d.pop("provider"))

        status = NewConnectionStatus(d.pop("status"))

        def _parse_webhook(data: object) -> ConnectionWebhook | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                webhook_type_0 = ConnectionWebhook.from_dict(data)

                return webhook_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConnectionWebhook | None | Unset, data)

        webhook = _parse_webhook(d.pop("webhook", UNSET))

        new_connection = cls(
            created_at=created_at,
            id=id,
            identity=identity,
            provider=provider,
            status=status,
            webhook=webhook,
        )

        new_connection.additional_properties = d
        return new_connection

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
