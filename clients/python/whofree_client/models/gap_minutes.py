from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="GapMinutes")


@_attrs_define
class GapMinutes:
    """
    Attributes:
        max_ (int | Unset):  Default: 0.
        min_ (int | Unset):  Default: 0.
    """

    max_: int | Unset = 0
    min_: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        max_ = self.max_

        min_ = self.min_

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if max_ is not UNSET:
            field_dict["max"] = max_
        if min_ is not UNSET:
            field_dict["min"] = min_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        max_ = d.pop("max", UNSET)

        min_ = d.pop("min", UNSET)

        gap_minutes = cls(
            max_=max_,
            min_=min_,
        )

        return gap_minutes
