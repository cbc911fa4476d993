from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.assignment_rule import AssignmentRule

T = TypeVar("T", bound="Assignment")


@_attrs_define
class Assignment:
    """
    Attributes:
        order (list[str]): Every host of the event type (whatever `hosts` narrows), next first.
        rule (AssignmentRule): How the event type orders its hosts: a configured event type's `host_order`; a Calendly
            round robin: least_recently_booked; a Cal.com round robin: weighted when its hosts' weights differ from
            Cal.com's default 100 (Cal.com's own precedence: the weights, then `priority`, then least recently booked), else
            least_recently_booked after `priority`; any other: listed. Hosts' `priority` (0..4, higher first) comes before
            the rule; ties fall back to least recently booked, then to hosts order. Bookings are those whofree learnt of:
            booking deliveries (Calendly invitee.created, Cal.com BOOKING_CREATED and BOOKING_RESCHEDULED, through any event
            type) and the holds it granted; weighted counts those of the last 30 days.
    """

    order: list[str]
    rule: AssignmentRule
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order = self.order

        rule = self.rule.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order": order,
                "rule": rule,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order = cast(list[str], d.pop("order"))

        rule = AssignmentRule(d.pop("rule"))

        assignment = cls(
            order=order,
            rule=rule,
        )

        assignment.additional_properties = d
        return assignment

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
