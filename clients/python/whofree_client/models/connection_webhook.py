from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConnectionWebhook")


@_attrs_define
class ConnectionWebhook:
    """
    Attributes:
        signing_secret (str): The secret to give the provider when subscribing that url (Calendly's `signing_key`,
            Cal.com's webhook secret); deliveries are verified with it. Shown only in the answer that makes the connection.
        url (str): Where the provider delivers this connection's webhooks: `/v1/webhooks/{provider}/{id}`.
    """

    signing_secret: str
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        signing_secret = self.signing_secret

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "signing_secret": signing_secret,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        signing_secret = d.pop("signing_secret")

        url = d.pop("url")

        connection_webhook = cls(
            signing_secret=signing_secret,
            url=url,
        )

        connection_webhook.additional_properties = d
        return connection_webhook

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
