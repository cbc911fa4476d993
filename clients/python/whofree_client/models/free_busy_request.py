from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.free_busy_participant import FreeBusyParticipant


T = TypeVar("T", bound="FreeBusyRequest")


@_attrs_define
class FreeBusyRequest:
    """
    Attributes:
        end_time (datetime.datetime): RFC 3339 with an explicit offset, e.g. 2030-01-07T09:00:00-05:00
        participants (list[FreeBusyParticipant]):
        start_time (datetime.datetime): RFC 3339 with an explicit offset, e.g. 2030-01-07T09:00:00-05:00
    """

    end_time: datetime.datetime
    participants: list[FreeBusyParticipant]
    start_time: datetime.datetime

    def to_dict(self) -> dict[str, Any]:
        end_time = self.end_time.isoformat()

        participants = []
        for participants_item_data in self.participants:
            participants_item = participants_item_data.to_dict()
            participants.append(participants_item)

        start_time = self.start_time.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "end_time": end_time,
                "participants": participants,
                "start_time": start_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.free_busy_participant import FreeBusyParticipant  # noqa: PLC0415

        d = dict(src_dict)
        end_time = datetime.datetime.fromisoformat(d.pop("end_time"))

        participants = []
        _participants = d.pop("participants")
        for participants_item_data in _participants:
            participants_item = FreeBusyParticipant.from_dict(participants_item_data)

            participants.append(participants_item)

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        free_busy_request = cls(
            end_time=end_time,
            participants=participants,
            start_time=start_time,
        )

        return free_busy_request
