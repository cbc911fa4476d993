"""Every line of API.md §2's semantics, one rule at a time (UTC unless the rule is about zones)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.helpers import answer, page_tokens, slots, starts
from whofree import availability
from whofree.engine.slots import at_least

MON = "2030-01-07"  # a Monday


def day(hours: str = "00:00:00", date: str = MON) -> str:
    return f"{date}T{hours}Z"


START, END = day(), day("23:59:00")


def req(people, start=START, end=END, duration=30, **extra) -> dict:
    return {"start_time": start, "end_time": end, "duration_minutes": duration, "participants": people, **extra}


def hours(start, end, days=("mon", "tue", "wed", "thu", "fri", "sat", "sun")) -> list[dict]:
    return [{"days": list(days), "start": start, "end": end}]


# ---------------------------------------------------------------- grid


@pytest.mark.parametrize(
    ("interval", "first", "last", "count"),
    [
        (7, "00:00", "23:55", 206),  # 1435 = 205 * 7: the grid restarts at midnight, never 23:62
        (45, "00:00", "23:15", 32),
        (90, "00:00", "22:30", 16),
    ],
)
def test_grids_that_do_not_divide_an_hour_restart_at_midnight(interval, first, last, count):
    r = req([{"id": "p"}], start=day(), end="2030-01-08T00:05:00Z", duration=5, interval_minutes=interval)
    got = starts(r)
    assert got[0] == day(f"{first}:00")
    assert day(f"{last}:00") in got
    assert got[-1] == "2030-01-08T00:00:00Z"
    assert len(got) == count + 1


def test_slots_must_end_by_end_time_and_start_at_or_after_start_time():
    r = req([{"id": "p"}], start=day("09:10:00"), end=day("11:00:00"), duration=30)
    assert starts(r) == [day("09:30:00"), day("10:00:00"), day("10:30:00")]


def test_interval_defaults_to_duration():
    r = req([{"id": "p"}], start=day("09:00:00"), end=day("12:00:00"), duration=60)
    assert starts(r) == [day("09:00:00"), day("10:00:00"), day("11:00:00")]


def test_minimum_notice_counts_from_now():
    now = datetime(2030, 1, 7, 8, 10, tzinfo=UTC)
    r = req(
        [{"id": "p"}],
        start=day("08:00:00"),
        end=day("11:00:00"),
        duration=30,
        interval_minutes=15,
        minimum_notice_minutes=60,
    )
    assert starts(r, now)[0] == day("09:15:00")
    assert starts({**r, "minimum_notice_minutes": 0}, now)[0] == day("08:15:00")  # never in the past


# ---------------------------------------------------------------- open time


def test_no_open_hours_means_open_all_the_time_and_empty_list_means_never():
    r = req([{"id": "p"}], start=day("23:00:00"), end="2030-01-08T01:00:00Z", duration=60)
    assert starts(r) == [day("23:00:00"), "2030-01-08T00:00:00Z"]
    assert starts(req([{"id": "p", "open_hours": []}])) == []


def test_overnight_window_runs_into_the_next_day():
    p = {"id": "p", "open_hours": hours("22:00", "02:00", ["mon"])}
    r = req([p], start=day(), end="2030-01-08T12:00:00Z", duration=60, interval_minutes=60)
    assert starts(r) == [day("22:00:00"), day("23:00:00"), "2030-01-08T00:00:00Z", "2030-01-08T01:00:00Z"]


def test_2400_is_the_next_midnight_and_joins_a_window_starting_then():
    p = {
        "id": "p",
        "open_hours": [
            {"days": ["mon"], "start": "22:00", "end": "24:00"},
            {"days": ["tue"], "start": "00:00", "end": "01:00"},
        ],
    }
    r = req([p], start=day(), end="2030-01-08T12:00:00Z", duration=180, interval_minutes=60)
    assert starts(r) == [day("22:00:00")]  # 22:00-01:00 is one stretch


def test_touching_windows_form_one_stretch():
    p = {
        "id": "p",
        "open_hours": [
            {"days": ["mon"], "start": "09:00", "end": "10:00"},
            {"days": ["mon"], "start": "10:00", "end": "11:00"},
        ],
    }
    assert starts(req([p], duration=60, interval_minutes=30)) == [day("09:00:00"), day("09:30:00"), day("10:00:00")]


def test_a_gap_between_windows_splits_them():
    p = {
        "id": "p",
        "open_hours": [
            {"days": ["mon"], "start": "09:00", "end": "10:00"},
            {"days": ["mon"], "start": "10:01", "end": "11:00"},
        ],
    }
    assert starts(req([p], duration=60, interval_minutes=30)) == [day("09:00:00")]


def test_an_override_replaces_the_weekly_hours_of_its_date():
    p = {
        "id": "p",
        "open_hours": hours("09:00", "10:00"),
        "date_overrides": [{"date": MON, "intervals": [{"start": "14:00", "end": "15:00"}]}],
    }
    r = req([p], end="2030-01-08T23:59:00Z", duration=60)
    assert starts(r) == [day("14:00:00"), "2030-01-08T09:00:00Z"]


def test_an_empty_override_closes_the_day():
    p = {"id": "p", "open_hours": hours("09:00", "10:00"), "date_overrides": [{"date": MON, "intervals": []}]}
    assert starts(req([p], duration=60)) == []


def test_an_override_does_not_cut_a_window_from_the_day_before():
    # Monday 22:00-02:00 spills into Tuesday; Tuesday's override (closed) removes only Tuesday's own windows.
    p = {
        "id": "p",
        "open_hours": hours("22:00", "02:00", ["mon", "tue"]),
        "date_overrides": [{"date": "2030-01-08", "intervals": []}],
    }
    r = req([p], start=day(), end="2030-01-09T12:00:00Z", duration=60, interval_minutes=60)
    assert starts(r) == [day("22:00:00"), day("23:00:00"), "2030-01-08T00:00:00Z", "2030-01-08T01:00:00Z"]


def test_an_override_can_be_overnight_too():
    p = {"id": "p", "date_overrides": [{"date": MON, "intervals": [{"start": "23:00", "end": "01:00"}]}]}
    r = req([p], start=day(), end="2030-01-08T12:00:00Z", duration=120, interval_minutes=60)
    assert starts(r) == [day("23:00:00")]


def test_overrides_alone_mean_closed_on_other_days():
    p = {"id": "p", "date_overrides": [{"date": "2030-01-08", "intervals": [{"start": "09:00", "end": "10:00"}]}]}
    r = req([p], start=day(), end="2030-01-09T00:00:00Z", duration=60)
    assert starts(r) == ["2030-01-08T09:00:00Z"]


def test_windows_are_in_the_participants_zone_which_defaults_to_the_requests():
    p = {"id": "p", "open_hours": hours("09:00", "10:00", ["mon"])}
    # Monday 09:00 in Tokyo (+9) is 00:00 UTC.
    assert starts(req([p], duration=60, timezone="Asia/Tokyo")) == ["2030-01-07T00:00:00Z"]
    assert starts(req([{**p, "timezone": "UTC"}], duration=60, timezone="Asia/Tokyo")) == ["2030-01-07T09:00:00Z"]


# ---------------------------------------------------------------- busy and buffers


def test_busy_intervals_are_half_open():
    p = {"id": "p", "busy": [{"start_time": day("10:00:00"), "end_time": day("11:00:00")}]}
    r = req([p], start=day("09:00:00"), end=day("12:00:00"), duration=60)
    assert starts(r) == [day("09:00:00"), day("11:00:00")]


def test_buffers_widen_the_slot_not_the_meeting():
    p = {"id": "p", "busy": [{"start_time": day("10:00:00"), "end_time": day("11:00:00")}]}
    base = req([p], start=day("09:00:00"), end=day("12:00:00"), duration=30, interval_minutes=15)
    assert starts({**base, "buffer_after_minutes": 15}) == [
        day("09:00:00"),
        day("09:15:00"),
        day("11:00:00"),
        day("11:15:00"),
        day("11:30:00"),
    ]
    assert starts({**base, "buffer_before_minutes": 15}) == [
        day("09:00:00"),
        day("09:15:00"),
        day("09:30:00"),
        day("11:15:00"),
        day("11:30:00"),
    ]


def test_buffers_do_not_need_open_time():
    # The slot must lie in open time; its buffers only have to avoid busy blocks.
    p = {"id": "p", "open_hours": hours("09:00", "10:00")}
    r = req([p], duration=60, buffer_before_minutes=30, buffer_after_minutes=30)
    assert starts(r) == [day("09:00:00")]


def test_busy_with_fractional_seconds_still_overlaps():
    p = {"id": "p", "busy": [{"start_time": day("08:00:00"), "end_time": "2030-01-07T09:00:00.5Z"}]}
    assert starts(req([p], start=day("09:00:00"), end=day("10:00:00"), duration=30)) == [day("09:30:00")]


def test_busy_blocks_in_other_offsets_are_the_same_instants():
    # 05:00-05:00 is 10:00Z and 12:00+01:00 is 11:00Z.
    p = {"id": "p", "busy": [{"start_time": "2030-01-07T05:00:00-05:00", "end_time": "2030-01-07T12:00:00+01:00"}]}
    assert starts(req([p], start=day("09:00:00"), end=day("12:00:00"), duration=60)) == [
        day("09:00:00"),
        day("11:00:00"),
    ]


# ---------------------------------------------------------------- groups and labels


PEOPLE = [
    {"id": "a", "busy": [{"start_time": day("10:00:00"), "end_time": day("11:00:00")}]},
    {"id": "b", "busy": [{"start_time": day("11:00:00"), "end_time": day("12:00:00")}]},
    {"id": "c", "busy": [{"start_time": day("09:00:00"), "end_time": day("11:00:00")}]},
]
RANGE = {"start": day("09:00:00"), "end": day("13:00:00"), "duration": 60}


def test_default_rule_offers_a_slot_when_anyone_is_free_and_lists_everyone_free():
    assert slots(req(PEOPLE, **RANGE)) == [
        (day("09:00:00"), ["a", "b"]),
        (day("10:00:00"), ["b"]),
        (day("11:00:00"), ["a", "c"]),
        (day("12:00:00"), ["a", "b", "c"]),
    ]


def test_all_required():
    r = req(PEOPLE, **RANGE, groups=[{"members": ["a", "b", "c"], "required": "all"}])
    assert slots(r) == [(day("12:00:00"), ["a", "b", "c"])]


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        (1, [day("09:00:00"), day("10:00:00"), day("11:00:00"), day("12:00:00")]),
        (2, [day("09:00:00"), day("11:00:00"), day("12:00:00")]),
        (3, [day("12:00:00")]),
    ],
)
def test_k_of_n(k, expected):
    assert starts(req(PEOPLE, **RANGE, groups=[{"members": ["a", "b", "c"], "required": k}])) == expected


def test_groups_combine_with_and_and_outsiders_are_optional_but_listed():
    # a is required; one of b/c; nobody else decides. c is listed where free even when not needed.
    r = req(
        [*PEOPLE, {"id": "d"}],
        **RANGE,
        groups=[{"members": ["a"], "required": "all"}, {"members": ["b", "c"], "required": 1}],
    )
    assert slots(r) == [
        (day("09:00:00"), ["a", "b", "d"]),
        (day("11:00:00"), ["a", "c", "d"]),
        (day("12:00:00"), ["a", "b", "c", "d"]),
    ]


def test_labels_keep_request_order_not_id_order():
    people = [{"id": "zed"}, {"id": "amy"}, {"id": "max"}]
    assert slots(req(people, start=day("09:00:00"), end=day("10:00:00"), duration=60)) == [
        (day("09:00:00"), ["zed", "amy", "max"])
    ]


def test_at_least_matches_counting_for_every_k():
    # The bit-sliced counter against plain counting, on 9 members over 64 slots.
    import random

    rng = random.Random(1)
    masks = [rng.getrandbits(64) for _ in range(9)]
    full = (1 << 64) - 1
    for k in range(11):
        expected = sum(1 << i for i in range(64) if sum(m >> i & 1 for m in masks) >= k)
        assert at_least(masks, k, full) == expected


def test_free_sets_transpose_the_participant_bitsets():
    import random

    from whofree.engine import Result

    rng = random.Random(2)
    free = [rng.getrandbits(300) for _ in range(37)] + [0, (1 << 300) - 1]
    result = Result(grid=list(range(300)), offered=[], free=free)
    for slots_ in ([0], [5, 6, 7, 150, 299], sorted(rng.sample(range(300), 60)), list(range(300))):
        expected = [sum(1 << p for p, mask in enumerate(free) if mask >> i & 1) for i in slots_]
        assert result.free_sets(slots_) == expected


def test_more_than_eight_participants_are_labelled_in_order():
    people = [{"id": f"p{i:02d}"} for i in range(20)]
    people[13]["busy"] = [{"start_time": day("09:00:00"), "end_time": day("10:00:00")}]
    got = slots(req(people, start=day("09:00:00"), end=day("11:00:00"), duration=60))
    assert got[0][1] == [p["id"] for p in people if p["id"] != "p13"]
    assert got[1][1] == [p["id"] for p in people]


# ---------------------------------------------------------------- pages


def test_pages_cover_every_slot_once_and_tokens_are_bound_to_the_request():
    r = req([{"id": "p"}], start=day(), end=day("10:00:00"), duration=60, count=3)
    first = answer(r)
    assert first["pagination"]["count"] == 3
    token = first["pagination"]["next_page_token"]
    second = answer({**r, "page_token": token})
    assert [s["start_time"] for s in second["collection"]] == [day("03:00:00"), day("04:00:00"), day("05:00:00")]
    # count may change from page to page; nothing else may.
    assert answer({**r, "page_token": token, "count": 100})["pagination"]["next_page_token"] is None
    assert len(slots(r)) == 10
    from whofree.errors import InvalidArgument

    with pytest.raises(InvalidArgument) as bad:
        answer({**r, "page_token": token, "duration_minutes": 30})
    assert bad.value.details[0].parameter == "page_token"
    with pytest.raises(InvalidArgument):
        answer({**r, "page_token": token[:-2] + ("AA" if token[-2:] != "AA" else "BB")})


def test_a_page_stays_under_5_mb():
    people = [{"id": f"{i:03d}" + "x" * 250} for i in range(500)]
    r = req(people, start=day(), end="2030-01-08T00:00:00Z", duration=15, count=10_000)
    body = availability.answer(availability.parse(json.dumps(r)), datetime(2029, 1, 1, tzinfo=UTC), page_tokens()).body
    page = json.loads(body)
    assert len(body.encode()) <= 5_000_000
    assert 0 < page["pagination"]["count"] < 96
    assert page["pagination"]["next_page_token"]
    assert len(slots(r)) == 96
