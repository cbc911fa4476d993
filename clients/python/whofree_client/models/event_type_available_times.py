from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assignment import Assignment
    from ..models.event_type_slot import EventTypeSlot
    from ..models.list_pagination import ListPagination
    from ..models.warning import Warning_


T = TypeVar("T", bound="EventTypeAvailableTimes")


@_attrs_define
class EventTypeAvailableTimes:
    """
    Attributes:
        assignment (Assignment):
        collection (list[EventTypeSlot]):
        pagination (ListPagination):
        warnings (list[Warning_] | None | Unset): Only when some calendar could not be read.
    """

    assignment: Assignment
    collection: list[EventTypeSlot]
    pagination: ListPagination
    warnings: list[Warning_] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        assignment = self.assignment.to_dict()

        collection = []
        for collection_item_data in self.collection:
            collection_item = collection_item_data.to_dict()
            collection.append(collection_item)

        pagination = self.pagination.to_dict()

        warnings: list[dict[str, Any]] | None | Unset
        if isinstance(self.warnings, Unset):
            warnings = UNSET
        elif isinstance(self.warnings, list):
            warnings = []
            for warnings_type_0_item_data in self.warnings:
                warnings_type_0_item = warnings_type_0_item_data.to_dict()
                warnings.append(warnings_type_0_item)

        else:
            warnings = self.warnings

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "assignment": assignment,
                "collection": collection,
                "pagination": pagination,
            }
        )
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assignment import Assignment  # noqa: PLC0415
        from ..models.event_type_slot import EventTypeSlot  # noqa: PLC0415
        from ..models.list_pagination import ListPagination  # noqa: PLC0415
        from ..models.warning import Warning_  # noqa: PLC0415

        d = dict(src_dict)
        assignment = Assignment.from_dict(d.pop("assignment"))

        collection = []
        _collection = d.pop("collection")
        for collection_item_data in _collection:
            collection_item = EventTypeSlot.from_dict(collection_item_data)

            collection.append(collection_item)

        pagination = ListPagination.from_dict(d.pop("pagination"))

        def _parse_warnings(data: object) -> list[Warning_] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                warnings_type_0 = []
                _warnings_type_0 = data
                for warnings_type_0_item_data in _warnings_type_0:
                    warnings_type_0_item = Warning_.from_dict(warnings_type_0_item_data)

                    warnings_type_0.append(warnings_type_0_item)

                return warnings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Warning_] | None | Unset, data)

        warnings = _parse_warnings(d.pop("warnings", UNSET))

        event_type_available_times = cls(
            assignment=assignment,
            collection=collection,
            pagination=pagination,
            warnings=warnings,
        )

        event_type_available_times.additional_properties = d
        return event_type_available_times

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
