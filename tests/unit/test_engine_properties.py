"""The engine against the reference implementation on generated requests (hypothesis).

Requests are drawn around DST transitions of zones with 60-, 30- and 45-minute offsets and shifts,
with odd grid steps, overnight and "24:00" windows, overrides, buffers, notice, groups and small
page sizes (so pagination is exercised too: pages are followed and concatenated).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import iso, slots
from tests.reference import reference

ZONES = [
    "UTC",
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/St_Johns",
    "Pacific/Chatham",
    "Europe/Berlin",
]
# (zone, a local date of 2030 with a DST change there). Each request is built around one of them,
# and most of its participants and its grid live in that zone, so transition days are the norm.
TRANSITIONS = [
    ("America/New_York", "2030-03-10"),
    ("America/New_York", "2030-11-03"),
    ("America/St_Johns", "2030-03-10"),
    ("America/St_Johns", "2030-11-03"),
    ("Europe/London", "2030-03-31"),
    ("Europe/London", "2030-10-27"),
    ("Europe/Berlin", "2030-03-31"),
    ("Europe/Berlin", "2030-10-27"),
    ("Australia/Sydney", "2030-04-07"),
    ("Australia/Sydney", "2030-10-06"),
    ("Australia/Lord_Howe", "2030-04-07"),
    ("Australia/Lord_Howe", "2030-10-06"),
    ("Pacific/Chatham", "2030-04-07"),
    ("Pacific/Chatham", "2030-09-29"),
    ("Asia/Kolkata", "2030-06-15"),  # no DST: a control
]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def stamp(moment: datetime, offset_minutes: int) -> str:
    """The same instant written with another UTC offset."""
    if offset_minutes == 0:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    local = moment + timedelta(minutes=offset_minutes)
    sign = "+" if offset_minutes > 0 else "-"
    h, m = divmod(abs(offset_minutes), 60)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{h:02d}:{m:02d}"


offsets = st.sampled_from([0, 0, 60, -300, 330, -210, 765])


@st.composite
def window(draw):
    start = draw(st.integers(0, 1439))
    end = draw(st.one_of(st.integers(0, 1439), st.just(1440)))
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True))
    return {"days": days, "start": hhmm(start), "end": "24:00" if end == 1440 else hhmm(end)}


@st.composite
def request(draw):
    home, day = draw(st.sampled_from(TRANSITIONS))
    zones = st.one_of(st.just(home), st.just(home), st.sampled_from(ZONES))
    anchor = datetime.fromisoformat(day).replace(tzinfo=UTC)
    start = anchor - timedelta(minutes=draw(st.integers(0, 2 * 1440)))
    span = timedelta(minutes=draw(st.integers(60, 3 * 1440)))
    n = draw(st.integers(1, 4))
    people = []
    for i in range(n):
        p: dict = {"id": f"p{i}", "timezone": draw(zones)}
        if draw(st.integers(0, 3)):
            p["open_hours"] = draw(st.lists(window(), min_size=1, max_size=3))
        if draw(st.integers(0, 3)) == 0:
            dates = draw(st.lists(st.integers(-1, 3), max_size=2, unique=True))
            p["date_overrides"] = [
                {
                    "date": (start.date() + timedelta(days=d)).isoformat(),
                    "intervals": [{"start": w["start"], "end": w["end"]} for w in draw(st.lists(window(), max_size=2))],
                }
                for d in dates
            ]
        busy = []
        for _ in range(draw(st.integers(0, 5))):
            b0 = start + timedelta(
                minutes=draw(st.integers(-600, int(span.total_seconds() // 60))),
                seconds=draw(st.sampled_from([0, 0, 0, 30])),
            )
            b1 = b0 + timedelta(minutes=draw(st.integers(1, 300)))
            busy.append({"start_time": stamp(b0, draw(offsets)), "end_time": stamp(b1, draw(offsets))})
        if busy:
            p["busy"] = busy
        people.append(p)
    req: dict = {
        "start_time": stamp(start, draw(offsets)),
        "end_time": stamp(start + span, draw(offsets)),
        "duration_minutes": draw(st.sampled_from([5, 15, 20, 30, 45, 60, 90, 120])),
        "timezone": draw(zones),
        "participants": people,
        "count": draw(st.sampled_from([1, 3, 50, 10_000])),
    }
    interval = draw(st.sampled_from([None, 5, 7, 10, 15, 30, 45, 60, 90]))
    if interval:
        req["interval_minutes"] = interval
    for key in ("buffer_before_minutes", "buffer_after_minutes"):
        if draw(st.booleans()):
            req[key] = draw(st.sampled_from([5, 10, 15, 30, 60]))
    if draw(st.booleans()):
        req["minimum_notice_minutes"] = draw(st.integers(0, 24 * 60))
    if draw(st.booleans()):
        groups = []
        for _ in range(draw(st.integers(1, 3))):
            members = draw(st.lists(st.sampled_from([p["id"] for p in people]), min_size=1, unique=True))
            required = draw(st.one_of(st.just("all"), st.integers(1, len(members))))
            groups.append({"members": members, "required": required})
        req["groups"] = groups
    now = start - timedelta(minutes=draw(st.integers(-120, 600)))
    return req, now


@pytest.mark.slow  # hundreds of hypothesis examples against the reference
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request())
def test_engine_matches_reference(case):
    req, now = case
    expected = [(iso(t), ids) for t, ids in reference(req, now.timestamp())]
    assert slots(req, now) == expected
