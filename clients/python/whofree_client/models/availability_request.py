from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.group import Group
    from ..models.participant import Participant


T = TypeVar("T", bound="AvailabilityRequest")


@_attrs_define
class AvailabilityRequest:
    """POST /v1/availability.

    Attributes:
        duration_minutes (int):
        end_time (datetime.datetime): RFC 3339 with an explicit offset, e.g. 2030-01-07T09:00:00-05:00
        participants (list[Participant]):
        start_time (datetime.datetime): RFC 3339 with an explicit offset, e.g. 2030-01-07T09:00:00-05:00
        buffer_after_minutes (int | Unset):  Default: 0.
        buffer_before_minutes (int | Unset):  Default: 0.
        count (int | Unset): Slots per page (a page also stays under 5 MB). Default: 1000.
        explain (bool | Unset): true: each slot also lists `unavailable`, every participant not in `available` with the
            first reason that applies (held, busy, outside_hours, unknown). The answer is otherwise the same; `page_token`
            does not depend on it. Default: False.
        groups (list[Group] | None | Unset):
        interval_minutes (int | None | Unset): Grid step; defaults to duration.
        minimum_notice_minutes (int | Unset):  Default: 0.
        page_token (None | str | Unset):
        timezone (str | Unset): IANA time zone name Default: 'UTC'.
    """

    duration_minutes: int
    end_time: datetime.datetime
    participants: list[Participant]
    start_time: datetime.datetime
    buffer_after_minutes: int | Unset = 0
    buffer_before_minutes: int | Unset = 0
    count: int | Unset = 1000
    explain: bool | Unset = False
    groups: list[Group] | None | Unset = UNSET
    interval_minutes: int | None | Unset = UNSET
    minimum_notice_minutes: int | Unset = 0
    page_token: None | str | Unset = UNSET
    timezone: str | Unset = "UTC"

    def to_dict(self) -> dict[str, Any]:
        duration_minutes = self.duration_minutes

        end_time = self.end_time.isoformat()

        participants = []
        for participants_item_data in self.participants:
            participants_item = participants_item_data.to_dict()
            participants.append(participants_item)

        start_time = self.start_time.isoformat()

        buffer_after_minutes = self.buffer_after_minutes

        buffer_before_minutes = self.buffer_before_minutes

        count = self.count

        explain = self.explain

        groups: list[dict[str, Any]] | None | Unset
        if isinstance(self.groups, Unset):
            groups = UNSET
        elif isinstance(self.groups, list):
            groups = []
            for groups_type_0_item_data in self.groups:
                groups_type_0_item = groups_type_0_item_data.to_dict()
                groups.append(groups_type_0_item)

        else:
            groups = self.groups

        interval_minutes: int | None | Unset
        if isinstance(self.interval_minutes, Unset):
            interval_minutes = UNSET
        else:
            interval_minutes = self.interval_minutes

        minimum_notice_minutes = self.minimum_notice_minutes

        page_token: None | str | Unset
        if isinstance(self.page_token, Unset):
            page_token = UNSET
        else:
            page_token = self.page_token

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "duration_minutes": duration_minutes,
                "end_time": end_time,
                "participants": participants,
                "start_time": start_time,
            }
        )
        if buffer_after_minutes is not UNSET:
            field_dict["buffer_after_minutes"] = buffer_after_minutes
        if buffer_before_minutes is not UNSET:
            field_dict["buffer_before_minutes"] = buffer_before_minutes
        if count is not UNSET:
            field_dict["count"] = count
        if explain is not UNSET:
            field_dict["explain"] = explain
        if groups is not UNSET:
            field_dict["groups"] = groups
        if interval_minutes is not UNSET:
            field_dict["interval_minutes"] = interval_minutes
        if minimum_notice_minutes is not UNSET:
            field_dict["minimum_notice_minutes"] = minimum_notice_minutes
        if page_token is not UNSET:
            field_dict["page_token"] = page_token
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.group import Group  # noqa: PLC0415
        from ..models.participant import Participant  # noqa: PLC0415

        d = dict(src_dict)
        duration_minutes = d.pop("duration_minutes")

        end_time = datetime.datetime.fromisoformat(d.pop("end_time"))

        participants = []
        _participants = d.pop("participants")
        for participants_item_data in _participants:
            participants_item = Participant.from_dict(participants_item_data)

            participants.append(participants_item)

        start_time = datetime.datetime.fromisoformat(d.pop("start_time"))

        buffer_after_minutes = d.pop("buffer_after_minutes", UNSET)

        buffer_before_minutes = d.pop("buffer_before_minutes", UNSET)

        count = d.pop("count", UNSET)

        explain = d.pop("explain", UNSET)

        def _parse_groups(data: object) -> list[Group] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                groups_type_0 = []
                _groups_type_0 = data
                for groups_type_0_item_data in _groups_type_0:
                    groups_type_0_item = Group.from_dict(groups_type_0_item_data)

                    groups_type_0.append(groups_type_0_item)

                return groups_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Group] | None | Unset, data)

        groups = _parse_groups(d.pop("groups", UNSET))

        def _parse_interval_minutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        interval_minutes = _parse_interval_minutes(d.pop("interval_minutes", UNSET))

        minimum_notice_minutes = d.pop("minimum_notice_minutes", UNSET)

        def _parse_page_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        page_token = _parse_page_token(d.pop("page_token", UNSET))

        timezone = d.pop("timezone", UNSET)

        availability_request = cls(
            duration_minutes=duration_minutes,
            end_time=end_time,
            participants=participants,
            start_time=start_time,
            buffer_after_minutes=buffer_after_minutes,
            buffer_before_minutes=buffer_before_minutes,
            count=count,
            explain=explain,
            groups=groups,
            interval_minutes=interval_minutes,
            minimum_notice_minutes=minimum_notice_minutes,
            page_token=page_token,
            timezone=timezone,
        )

        return availability_request
