from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.sequence_request_order import SequenceRequestOrder
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gap_minutes import GapMinutes
    from ..models.meeting import Meeting
    from ..models.participant import Participant


T = TypeVar("T", bound="SequenceRequest")


@_attrs_define
class SequenceRequest:
    """POST /v1/availability/sequences.

    Attributes:
        end_time (datetime.datetime): RFC 3339 with an explicit offset, e.g. 2030-01-07T09:00:00-05:00
        meetings (list[Meeting]):
        participants (list[Participant]):
        start_time (datetime.datetime): RFC 3339 with an explicit offset, e.g. 2030-01-07T09:00:00-05:00
        count (int | Unset): Sequences per page (a page also stays under 5 MB). Default: 1000.
        explain (bool | Unset): true: each slot also lists `unavailable`, every participant not in `available` with the
            first reason that applies (held, busy, outside_hours, unknown). The answer is otherwise the same; `page_token`
            does not depend on it. Per meeting. Default: False.
        gap_minutes (GapMinutes | Unset):
        interval_minutes (int | Unset): Grid step of the first meeting's start (API.md §2 rule 1). Default: 30.
        minimum_notice_minutes (int | Unset):  Default: 0.
        order (SequenceRequestOrder | Unset): fixed: the meetings in the listed order; any: every order (at most 5
            meetings). Sequences come in ascending first start, then by order: the listed order first, then the others in
            lexicographic order of meeting indices. Default: SequenceRequestOrder.FIXED.
        page_token (None | str | Unset):
        timezone (str | Unset): IANA time zone name Default: 'UTC'.
    """

    end_time: datetime.datetime
    meetings: list[Meeting]
    participants: list[Participant]
    start_time: datetime.datetime
    count: int | Unset = 1000
    explain: bool | Unset = False
    gap_minutes: GapMinutes | Unset = UNSET
    interval_minutes: int | Unset = 30
    minimum_notice_minutes: int | Unset = 0
    order: SequenceRequestOrder | Unset = SequenceRequestOrder.FIXED
    page_token: None | str | Unset = UNSET
    timezone: str | Unset = "UTC"

    def to_dict(self) -> dict[str, Any]:
        end_time = self.end_time.isoformat()

        meetings = []
        for meetings_item_data in self.meetings:
            meetings_item = meetings_item_data.to_dict()
            meetings.append(meetings_item)

        participants = []
        for participants_item_data in self.participants:
            participants_item = participants_item_data.to_dict()
            participants.append(participants_item)

        start_time = self.start_time.isoformat()

        count = self.count

        explain = self.explain

        gap_minutes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.gap_minutes, Unset):
            gap_minutes = self.gap_minutes.to_dict()

        interval_minutes = self.interval_minutes

        minimum_notice_minutes = self.minimum_notice_minutes

        order: str | Unset = UNSET
        if not isinstance(self.order, Unset):
            order = self.order.value

        page_token: None | str | Unset
        if isinstance(self.page_token, Unset):
            page_token = UNSET
        else:
            page_token = self.page_token

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "end_time": end_time,
                "meetings": meetings,
                "participants": participants,
                "start_time": start_time,
            }
        )
        if count is not UNSET:
            field_dict["count"] = count
        if explain is not UNSET:
            field_dict["explain"] = explain
        if gap_minutes is not UNSET:
            field_dict["gap_minutes"] = gap_minutes
        if interval_minutes is not UNSET:
            field_dict["interval_minutes"] = interval_minutes
        if minimum_notice_minutes is not UNSET:
            field_dict["minimum_notice_minutes"] = minimum_notice_minutes
        if order is not UNSET:
            field_dict["order"] = order
        if page_token is not UNSET:
            field_dict["page_token"] = page_token
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gap_minutes import GapMinutes  # noqa: PLC0415
        from ..models.meeting import Meeting  # noqa: PLC0415
        from ..models.participant import Participant  # noqa: PLC0415

        d = dict(src_dict)
        end_time = datetime.datetime.fromisoformat(d.pop("end_time"))

        meetings = []
        _meetings = d.pop("meetings")
        for meetings_item_data in _meetings:
            meetings_item = Meeting.from_dict(meetings_item_data)

            meetings.append(meetings_item)

        participants = []
        _participants = d.pop("participants")
        for participants_item_data in _participants:
            participants_item = Participant.from_dict(participants_item_data)

            participants.append(participants_item)

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        count = d.pop("count", UNSET)

        explain = d.pop("explain", UNSET)

        _gap_minutes = d.pop("gap_minutes", UNSET)
        gap_minutes: GapMinutes | Unset
        if isinstance(_gap_minutes, Unset):
            gap_minutes = UNSET
        else:
            gap_minutes = GapMinutes.from_dict(_gap_minutes)

        interval_minutes = d.pop("interval_minutes", UNSET)

        minimum_notice_minutes = d.pop("minimum_notice_minutes", UNSET)

        _order = d.pop("order", UNSET)
        order: SequenceRequestOrder | Unset
        if isinstance(_order, Unset):
            order = UNSET
        else:
            order = SequenceRequestOrder(_order)

        def _parse_page_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        page_token = _parse_page_token(d.pop("page_token", UNSET))

        timezone = d.pop("timezone", UNSET)

        sequence_request = cls(
            end_time=end_time,
            meetings=meetings,
            participants=participants,
            start_time=start_time,
            count=count,
            explain=explain,
            gap_minutes=gap_minutes,
            interval_minutes=interval_minutes,
            minimum_notice_minutes=minimum_notice_minutes,
            order=order,
            page_token=page_token,
            timezone=timezone,
        )

        return sequence_request
