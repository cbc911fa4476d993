from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ConnectionWebhookSecret")


@_attrs_define
class ConnectionWebhookSecret:
    """
    Attributes:
        webhook_secret (str): The secret the provider signs this connection's deliveries with (Nylas: the
            `webhook_secret` its `POST /v3/webhooks` answered for the connection's webhook url). Stored encrypted, never
            returned.
    """

    webhook_secret: str

    def to_dict(self) -> dict[str, Any]:
        webhook_secret = self.webhook_secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "webhook_secret": webhook_secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        webhook_secret = d.pop("webhook_secret")

        connection_webhook_secret = cls(
            webhook_secret=webhook_secret,
        )

        return connection_webhook_secret
