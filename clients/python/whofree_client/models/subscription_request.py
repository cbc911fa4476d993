from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="SubscriptionRequest")


@_attrs_define
class SubscriptionRequest:
    """
    Attributes:
        event_types (list[str]): Configured event type ids, Calendly event type URIs or calcom:<id>.
        url (str): An https URL on a public address (the ICS rules): whofree POSTs each change there.
    """

    event_types: list[str]
    url: str

    def to_dict(self) -> dict[str, Any]:
        event_types = self.event_types

        url = self.url

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "event_types": event_types,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event_types = cast(list[str], d.pop("event_types"))

        url = d.pop("url")

        subscription_request = cls(
            event_types=event_types,
            url=url,
        )

        return subscription_request
