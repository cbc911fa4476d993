"""DST days, computed by hand. Offsets: New York -5/-4, London 0/+1, Sydney +10/+11,
Lord Howe +10:30/+11 (a 30-minute shift), Kolkata +5:30 (none). All dates are in 2030."""

from __future__ import annotations

import pytest

from tests.helpers import slots, starts

WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def person(tz: str, start: str, end: str, days=WEEK, **extra) -> dict:
    return {"id": "p", "timezone": tz, "open_hours": [{"days": days, "start": start, "end": end}], **extra}


def req(start: str, end: str, people: list[dict], duration=60, **extra) -> dict:
    return {"start_time": start, "end_time": end, "duration_minutes": duration, "participants": people, **extra}


# ---------------------------------------------------------------- New York


def test_new_york_open_hours_follow_the_spring_change():
    r = req("2030-03-09T00:00:00Z", "2030-03-11T00:00:00Z", [person("America/New_York", "09:00", "11:00")])
    # Saturday 09:00 EST = 14:00Z; Sunday (after 02:00 -> 03:00) 09:00 EDT = 13:00Z.
    assert starts(r) == ["2030-03-09T14:00:00Z", "2030-03-09T15:00:00Z", "2030-03-10T13:00:00Z", "2030-03-10T14:00:00Z"]


def test_new_york_grid_has_no_candidate_inside_the_spring_gap():
    r = req(
        "2030-03-10T05:00:00Z",
        "2030-03-10T09:00:00Z",
        [{"id": "p"}],
        duration=15,
        interval_minutes=45,
        timezone="America/New_York",
    )
    # Local 00:00, 00:45, 01:30 EST, then 02:15 does not exist, then 03:00, 03:45 EDT.
    assert starts(r) == [
        "2030-03-10T05:00:00Z",
        "2030-03-10T05:45:00Z",
        "2030-03-10T06:30:00Z",
        "2030-03-10T07:00:00Z",
        "2030-03-10T07:45:00Z",
        "2030-03-10T08:30:00Z",
    ]


def test_new_york_grid_repeats_a_wall_time_of_the_fall_back_night():
    r = req(
        "2030-11-03T04:00:00Z",
        "2030-11-03T08:30:00Z",
        [{"id": "p"}],
        duration=15,
        interval_minutes=45,
        timezone="America/New_York",
    )
    # 00:00, 00:45, 01:30 EDT, 01:30 EST again, 02:15, 03:00 EST.
    assert starts(r) == [
        "2030-11-03T04:00:00Z",
        "2030-11-03T04:45:00Z",
        "2030-11-03T05:30:00Z",
        "2030-11-03T06:30:00Z",
        "2030-11-03T07:15:00Z",
        "2030-11-03T08:00:00Z",
    ]


def test_a_window_starting_inside_the_gap_moves_forward_by_the_gap():
    # "02:30" does not exist on 2030-03-10: compatible rule -> 03:30 EDT (07:30Z); "04:00" EDT = 08:00Z.
    r = req(
        "2030-03-10T00:00:00Z",
        "2030-03-11T00:00:00Z",
        [person("America/New_York", "02:30", "04:00")],
        duration=30,
        interval_minutes=30,
    )
    assert starts(r) == ["2030-03-10T07:30:00Z"]


def test_a_window_wholly_inside_the_gap_is_empty():
    r = req(
        "2030-03-10T00:00:00Z",
        "2030-03-11T00:00:00Z",
        [person("America/New_York", "02:00", "03:00")],
        duration=5,
        interval_minutes=5,
    )
    assert starts(r) == []


def test_an_ambiguous_window_start_takes_the_earlier_instant():
    # 01:30 on 2030-11-03 happens twice; the window starts at the first (EDT, 05:30Z) and ends 03:00 EST.
    r = req(
        "2030-11-03T00:00:00Z",
        "2030-11-04T00:00:00Z",
        [person("America/New_York", "01:30", "03:00")],
        duration=150,
        interval_minutes=30,
    )
    assert starts(r) == ["2030-11-03T05:30:00Z"]


# ---------------------------------------------------------------- London


def test_london_overnight_window_across_spring_forward_is_seven_hours():
    # Saturday 22:00 GMT (22:00Z) to Sunday 06:00 BST (05:00Z).
    r = req(
        "2030-03-30T00:00:00Z",
        "2030-03-31T12:00:00Z",
        [person("Europe/London", "22:00", "06:00", days=["sat"])],
        duration=420,
        interval_minutes=60,
    )
    assert starts(r) == ["2030-03-30T22:00:00Z"]
    assert starts({**r, "duration_minutes": 480}) == []


def test_london_overnight_window_across_fall_back_is_nine_hours():
    # Saturday 22:00 BST (21:00Z) to Sunday 06:00 GMT (06:00Z).
    r = req(
        "2030-10-26T00:00:00Z",
        "2030-10-27T12:00:00Z",
        [person("Europe/London", "22:00", "06:00", days=["sat"])],
        duration=540,
        interval_minutes=60,
    )
    assert starts(r) == ["2030-10-26T21:00:00Z"]


def test_london_hours_in_utc_shift_by_an_hour_over_the_weekend():
    r = req("2030-03-29T00:00:00Z", "2030-04-02T00:00:00Z", [person("Europe/London", "09:00", "10:00")])
    assert starts(r) == ["2030-03-29T09:00:00Z", "2030-03-30T09:00:00Z", "2030-03-31T08:00:00Z", "2030-04-01T08:00:00Z"]


# ---------------------------------------------------------------- Sydney


def test_sydney_hours_around_the_april_change():
    # Friday 2030-04-05 09:00 AEDT = 22:00Z Thursday; Monday 2030-04-08 09:00 AEST = 23:00Z Sunday.
    r = req(
        "2030-04-04T00:00:00Z",
        "2030-04-08T12:00:00Z",
        [person("Australia/Sydney", "09:00", "10:00", days=["mon", "fri"])],
    )
    assert starts(r) == ["2030-04-04T22:00:00Z", "2030-04-07T23:00:00Z"]


def test_sydney_window_to_2400_ends_at_the_next_midnight():
    # Saturday 2030-10-05 (AEST, +10) 18:00 -> Sunday 00:00, still AEST: 08:00Z .. 14:00Z.
    r = req(
        "2030-10-05T00:00:00Z",
        "2030-10-06T00:00:00Z",
        [person("Australia/Sydney", "18:00", "24:00", days=["sat"])],
        duration=60,
    )
    assert starts(r)[0] == "2030-10-05T08:00:00Z"
    assert starts(r)[-1] == "2030-10-05T13:00:00Z"


def test_sydney_window_across_the_october_gap():
    # Sunday 2030-10-06: 02:00 AEST jumps to 03:00 AEDT. 01:00-04:00 local lasts two hours.
    r = req(
        "2030-10-05T12:00:00Z",
        "2030-10-06T00:00:00Z",
        [person("Australia/Sydney", "01:00", "04:00", days=["sun"])],
        duration=120,
        interval_minutes=60,
    )
    assert starts(r) == ["2030-10-05T15:00:00Z"]
    assert starts({**r, "duration_minutes": 150}) == []


# ---------------------------------------------------------------- Lord Howe (30-minute shift)


def test_lord_howe_grid_skips_the_thirty_minute_gap():
    # 2030-10-06 02:00 (+10:30) jumps to 02:30 (+11). Hourly grid: 01:00 (14:30Z), no 02:00, 03:00 (16:00Z).
    r = req(
        "2030-10-05T14:00:00Z",
        "2030-10-05T17:00:00Z",
        [{"id": "p"}],
        duration=30,
        interval_minutes=60,
        timezone="Australia/Lord_Howe",
    )
    assert starts(r) == ["2030-10-05T14:30:00Z", "2030-10-05T16:00:00Z"]


def test_lord_howe_grid_repeats_0130_when_clocks_go_back():
    # 2030-04-07 02:00 (+11) goes back to 01:30 (+10:30): 01:30 happens at 14:30Z and at 15:00Z.
    r = req(
        "2030-04-06T13:30:00Z",
        "2030-04-06T16:00:00Z",
        [{"id": "p"}],
        duration=30,
        interval_minutes=30,
        timezone="Australia/Lord_Howe",
    )
    assert starts(r) == [
        "2030-04-06T13:30:00Z",
        "2030-04-06T14:00:00Z",
        "2030-04-06T14:30:00Z",
        "2030-04-06T15:00:00Z",
        "2030-04-06T15:30:00Z",
    ]


def test_lord_howe_hours_shift_by_thirty_minutes():
    r = req(
        "2030-04-04T00:00:00Z",
        "2030-04-09T00:00:00Z",
        [person("Australia/Lord_Howe", "09:00", "10:00", days=["fri", "mon"])],
        timezone="Australia/Lord_Howe",
    )
    # Friday 09:00 +11 = 22:00Z Thursday; Monday 09:00 +10:30 = 22:30Z Sunday.
    assert starts(r) == ["2030-04-04T22:00:00Z", "2030-04-07T22:30:00Z"]


# ---------------------------------------------------------------- Kolkata (no DST, half-hour offset)


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (30, ["2030-01-07T00:00:00Z", "2030-01-07T00:30:00Z", "2030-01-07T01:00:00Z"]),
        (60, ["2030-01-07T00:30:00Z"]),
    ],
)
def test_kolkata_grid_is_aligned_to_local_half_hours(interval, expected):
    r = req(
        "2030-01-07T00:00:00Z",
        "2030-01-07T01:30:00Z",
        [{"id": "p"}],
        duration=30,
        interval_minutes=interval,
        timezone="Asia/Kolkata",
    )
    assert starts(r) == expected


def test_labels_across_zones_on_a_dst_week():
    # The week New York has changed and London has not: 09:00 New York = 13:00Z = 13:00 London,
    # so for once the two overlap from 13:00 to 14:00 UTC.
    people = [
        {**person("America/New_York", "09:00", "17:00"), "id": "ny"},
        {**person("Europe/London", "09:00", "14:00"), "id": "ldn"},
    ]
    r = req("2030-03-11T12:00:00Z", "2030-03-11T15:00:00Z", people)
    assert slots(r) == [
        ("2030-03-11T12:00:00Z", ["ldn"]),
        ("2030-03-11T13:00:00Z", ["ny", "ldn"]),
        ("2030-03-11T14:00:00Z", ["ny"]),
    ]
