from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.unavailable import Unavailable


T = TypeVar("T", bound="SequenceMeeting")


@_attrs_define
class SequenceMeeting:
    """
    Attributes:
        available (list[str]): Every participant of the meeting free in it, in request order.
        end_time (str):
        id (str):
        start_time (str):
        unavailable (list[Unavailable] | None | Unset): Only with explain: every participant of the meeting not in
            available.
    """

    available: list[str]
    end_time: str
    id: str
    start_time: str
    unavailable: list[Unavailable] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        end_time = self.end_time

        id = self.id

        start_time = self.start_time

        unavailable: list[dict[str, Any]] | None | Unset
        if isinstance(self.unavailable, Unset):
            unavailable = UNSET
        elif isinstance(self.unavailable, list):
            unavailable = []
            for unavailable_type_0_item_data in self.unavailable:
                unavailable_type_0_item = unavailable_type_0_item_data.to_dict()
                unavailable.append(unavailable_type_0_item)

        else:
            unavailable = self.unavailable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "end_time": end_time,
                "id": id,
                "start_time": start_time,
            }
        )
        if unavailable is not UNSET:
            field_dict["unavailable"] = unavailable

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.unavailable import Unavailable  # noqa: PLC0415

        d = dict(src_dict)
        available = cast(list[str], d.pop("available"))

        end_time = d.pop("end_time")

        id = d.pop("id")

        start_time = d.pop("start_time")

        def _parse_unavailable(data: object) -> list[Unavailable] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                unavailable_type_0 = []
                _unavailable_type_0 = data
                for unavailable_type_0_item_data in _unavailable_type_0:
                    unavailable_type_0_item = Unavailable.from_dict(unavailable_type_0_item_data)

                    unavailable_type_0.append(unavailable_type_0_item)

                return unavailable_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Unavailable] | None | Unset, data)

        unavailable = _parse_unavailable(d.pop("unavailable", UNSET))

        sequence_meeting = cls(
            available=available,
            end_time=end_time,
            id=id,
            start_time=start_time,
            unavailable=unavailable,
        )

        sequence_meeting.additional_properties = d
        return sequence_meeting

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
