from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.group_required_type_0 import GroupRequiredType0

T = TypeVar("T", bound="Group")


@_attrs_define
class Group:
    """
    Attributes:
        members (list[str]):
        required (GroupRequiredType0 | int): "all", or k: at least k members must be free (1 <= k <= len(members))
    """

    members: list[str]
    required: GroupRequiredType0 | int

    def to_dict(self) -> dict[str, Any]:
        members = self.members

        required: int | str
        if isinstance(self.required, GroupRequiredType0):
            required = self.required.value
        else:
            required = self.required

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "members": members,
                "required": required,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        members = cast(list[str], d.pop("members"))

        def _parse_required(data: object) -> GroupRequiredType0 | int:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                required_type_0 = GroupRequiredType0(data)

                return required_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GroupRequiredType0 | int, data)

        required = _parse_required(d.pop("required"))

        group = cls(
            members=members,
            required=required,
        )

        return group
