"""ICS feeds within bounds: recurrences expanded for the window only, a cap on occurrences and on the
dates the rules generate, the deadline over parsing and expansion. A feed over any bound is a
ProviderError (the host's warning), never an empty busy list (free).

Mutation checks: with ``Budget.__call__`` returning before it counts, the bomb tests run for tens of
seconds and gigabytes (they were cut off); with the deadline check removed, the deadline test fails.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from whofree.providers import ics
from whofree.providers.types import ProviderError

pytestmark = pytest.mark.security


def utc(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


WEEK = (utc("2030-03-11T00:00:00"), utc("2030-03-18T00:00:00"))


def feed(*events: tuple[str, ...]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//whofree//test//EN"]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""]).encode()


def series(uid: str, start: str, rule: str, end: str | None = None) -> tuple[str, ...]:
    return (f"UID:{uid}", f"DTSTART:{start}", f"DTEND:{end or start}", f"RRULE:{rule}")


# The 192-byte feed of the report: one event repeating every second, without an end.
SECONDLY = feed(series("s", "20300101T000000Z", "FREQ=SECONDLY", "20300101T000001Z"))


def test_a_rule_repeating_every_second_is_a_warning_not_a_day_of_work():
    with pytest.raises(ProviderError, match="repeat more than"):
        ics.busy(SECONDLY, *WEEK, "UTC", time.monotonic() + 60)


def test_a_rule_repeating_every_second_inside_the_window_is_a_warning_too():
    bomb = feed(series("s", "20300311T000000Z", "FREQ=SECONDLY", "20300311T000001Z"))
    with pytest.raises(ProviderError, match="not read"):
        ics.busy(bomb, *WEEK, "UTC", time.monotonic() + 60)


def test_a_hundred_overlapping_minutely_rules_are_a_warning():
    bomb = feed(*(series(f"m{n}", "20300311T000000Z", "FREQ=MINUTELY", "20300311T003000Z") for n in range(100)))
    with pytest.raises(ProviderError, match="not read"):
        ics.busy(bomb, *WEEK, "UTC", time.monotonic() + 60)


def test_the_cap_is_a_setting(settings):
    hourly = feed(series("h", "20300311T000000Z", "FREQ=HOURLY", "20300311T003000Z"))  # 168 in the week
    assert len(ics.busy(hourly, *WEEK, "UTC")) == 168
    limits = ics.Limits.of(settings.setenv("WHOFREE_ICS_MAX_INSTANCES", "100"))
    with pytest.raises(ProviderError, match="more than 100 occurrences"):
        ics.busy(hourly, *WEEK, "UTC", max_instances=limits.max_instances)


def test_the_cap_counts_occurrences_exactly():
    hourly = feed(series("h", "20300311T000000Z", "FREQ=HOURLY", "20300311T003000Z"))  # 168 in the week
    assert len(ics.busy(hourly, *WEEK, "UTC", max_instances=168)) == 168
    with pytest.raises(ProviderError, match="more than 167 occurrences"):
        ics.busy(hourly, *WEEK, "UTC", max_instances=167)


def test_old_series_without_an_end_are_still_read():
    # Weekly and daily meetings since 2015 (walked from their first date: ~5 500 dates each).
    old = feed(
        series("w", "20150105T090000Z", "FREQ=WEEKLY;BYDAY=MO", "20150105T100000Z"),
        *(series(f"d{n}", "20150101T120000Z", "FREQ=DAILY", "20150101T123000Z") for n in range(10)),
    )
    blocks = ics.busy(old, *WEEK, "UTC", time.monotonic() + 60)
    assert len(blocks) == 1 + 10 * 7
    assert (utc("2030-03-11T09:00:00"), utc("2030-03-11T10:00:00")) in blocks


def test_expansion_stops_at_the_deadline():
    # A rule that never matches (February 30th): dateutil walks day after day until the year 9999.
    never = feed(series("n", "20300101T090000Z", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "20300101T100000Z"))
    started = time.monotonic()
    with pytest.raises(ProviderError, match="before the deadline"):
        ics.busy(never, *WEEK, "UTC", time.monotonic() + 0.2)
    assert time.monotonic() - started < 10  # seconds without the deadline; a bound only a 10x miss fails


def test_the_trace_of_the_caller_is_restored():
    def tracer(frame, event, arg):
        return None

    import sys

    sys.settrace(tracer)
    try:
        ics.busy(feed(series("h", "20300311T090000Z", "FREQ=DAILY;COUNT=2")), *WEEK, "UTC")
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)
