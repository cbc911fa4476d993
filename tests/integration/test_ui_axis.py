"""The page's time axis (layers/core/whofree/http/ui/axis.js): pure functions, run here under Node (a
process, so not a unit test by this repository's rule) with the inputs and outputs as JSON. What the page
draws with them is checked against the API in a browser: tests/e2e/test_ui.py."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

AXIS = Path(__file__).resolve().parents[2] / "layers" / "core" / "whofree" / "http" / "ui" / "axis.js"

# Reads {fn, args, zone} on stdin; a day is the zone's calendar date (as the page's isoDate(wall(...))).
HARNESS = """
const axis = require(process.argv[1]);
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const { fn, args, zone } = JSON.parse(input);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: zone || "UTC", year: "numeric", month: "2-digit", day: "2-digit" });
  const dayOf = (ms) => day.format(new Date(ms));
  const call = fn === "columns" ? axis.columns(args[0], args[1], dayOf, args[2])
    : fn === "legend" ? axis.legend(new Set(args[0])) : axis[fn](...args);
  process.stdout.write(JSON.stringify(call));
});
"""


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("Node is needed (make setup installs the repository's npm tools with it)")
    return found


def run(fn: str, *args, zone: str | None = None):
    done = subprocess.run(
        [node(), "-e", HARNESS, str(AXIS)],
        input=json.dumps({"fn": fn, "args": args, "zone": zone}),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(done.stdout)


def ms(text: str, zone: str = "America/New_York") -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).timestamp() * 1000)


def wall(value: int, zone: str = "America/New_York") -> str:
    return datetime.fromtimestamp(value / 1000, ZoneInfo(zone)).strftime("%d %H:%M")


def test_a_known_interval_is_the_step_even_when_the_offered_slots_are_hours_apart():
    # The demo team's Monday: 09:00, then 11:00 (Ana is busy 10-11 and the meeting lasts an hour).
    day = [ms("2030-03-11T09:00"), ms("2030-03-11T11:00"), ms("2030-03-11T11:30")]
    assert run("step", 30, [day], [60, 60, 60]) == 30


def test_without_an_interval_the_step_is_the_gcd_of_lengths_and_spacings():
    # A Calendly view: 04:00, 05:00, 06:30 (30-minute meetings) is a 30-minute grid.
    day = [ms("2030-03-11T04:00"), ms("2030-03-11T05:00"), ms("2030-03-11T06:30")]
    assert run("step", None, [day], [30, 30, 30]) == 30
    # Hour-long meetings two hours apart: the meeting's length, not the spacing.
    assert run("step", None, [[ms("2030-03-11T09:00"), ms("2030-03-11T11:00")]], [60, 60]) == 60
    # Spacings are taken within a day only: days need not share a phase (a 45-minute grid restarts at midnight).
    days = [[ms("2030-03-11T09:00")], [ms("2030-03-12T09:45")]]
    assert run("step", None, days, [45, 45]) == 45


@pytest.mark.parametrize(("interval", "step"), [(45, 45), (60, 60), (90, 30), (120, 60), (1440, 60), (5, 5)])
def test_the_step_is_at_most_an_hour_and_still_divides_the_interval(interval, step):
    assert run("step", interval, [], []) == step


def test_the_step_is_at_least_five_minutes_and_starts_off_that_grid_are_kept():
    day = [ms("2030-03-11T09:00"), ms("2030-03-11T09:03"), ms("2030-03-11T09:30")]
    assert run("step", None, [day], [30, 30, 30]) == 5
    [only] = run("columns", day, 5, 1, zone="America/New_York")
    times = [wall(t) for t in only["times"]]
    assert times[:3] == ["11 09:00", "11 09:03", "11 09:05"]
    assert times[-1] == "11 09:30"
    assert len(times) == 8  # 09:00 .. 09:30 every 5 minutes, and 09:03


def test_nothing_offered_is_an_hour_grid():
    assert run("step", None, [], []) == 60


def test_each_day_runs_every_step_from_its_first_to_its_last_offered_start():
    starts = [ms("2030-03-11T09:00"), ms("2030-03-11T11:00"), ms("2030-03-12T14:00"), ms("2030-03-12T15:00")]
    days = run("columns", starts, 30, 1, zone="America/New_York")
    assert [d["key"] for d in days] == ["2030-03-11", "2030-03-12"]
    assert [wall(t) for t in days[0]["times"]] == ["11 09:00", "11 09:30", "11 10:00", "11 10:30", "11 11:00"]
    assert [wall(t) for t in days[1]["times"]] == ["12 14:00", "12 14:30", "12 15:00"]


def test_a_day_that_springs_forward_steps_in_instants_and_reads_as_the_clock_does():
    # New York, Sunday 10 March 2030: 02:00 does not exist; 01:30 is followed by 03:00.
    starts = [ms("2030-03-10T01:00"), ms("2030-03-10T04:00")]
    [day] = run("columns", starts, 30, 1, zone="America/New_York")
    assert [wall(t) for t in day["times"]] == ["10 01:00", "10 01:30", "10 03:00", "10 03:30", "10 04:00"]


def test_a_narrow_day_is_widened_with_later_times_then_earlier_ones_within_the_day():
    [day] = run("columns", [ms("2030-03-11T09:00")], 30, 4, zone="America/New_York")
    assert [wall(t) for t in day["times"]] == ["11 09:00", "11 09:30", "11 10:00", "11 10:30"]
    [late] = run("columns", [ms("2030-03-11T23:00")], 30, 4, zone="America/New_York")
    assert [wall(t) for t in late["times"]] == ["11 22:00", "11 22:30", "11 23:00", "11 23:30"]


def test_days_are_the_page_zone_s_days():
    # 23:30 and 00:30 New York time (summer time from 10 March) are one day in Tokyo, 13 hours ahead.
    starts = [ms("2030-03-11T23:30"), ms("2030-03-12T00:30")]
    assert len(run("columns", starts, 30, 1, zone="America/New_York")) == 2
    [tokyo] = run("columns", starts, 30, 1, zone="Asia/Tokyo")
    assert [wall(t, "Asia/Tokyo") for t in tokyo["times"]] == ["12 12:30", "12 13:00", "12 13:30"]


@pytest.mark.parametrize(
    ("step", "column_px", "period"),
    [(30, 26, 60), (15, 26, 30), (30, 50, 30), (5, 26, 10), (60, 26, 120), (45, 26, 180), (15, 44, 15)],
)
def test_labels_are_as_frequent_as_their_width_allows_on_round_times(step, column_px, period):
    assert run("labelPeriod", step, column_px, 44) == period


def test_a_zone_off_the_hour_labels_its_own_phase():
    # Kathmandu is 5:45 ahead: a 30-minute grid reads :15 and :45; the hourly labels fall on :15.
    assert run("labelled", 9 * 60 + 15, 9 * 60 + 15, 30, 60) is True
    assert run("labelled", 9 * 60 + 45, 9 * 60 + 15, 30, 60) is False
    assert run("labelled", 10 * 60 + 15, 9 * 60 + 45, 30, 60) is True
    assert run("labelled", 10 * 60, 9 * 60, 30, 60) is True


def test_the_legend_lists_the_states_present_in_a_fixed_order():
    assert run("legend", ["off", "free", "busy"]) == ["free", "busy", "off"]
    assert run("legend", ["unknown"]) == ["unknown"]
    assert run("legend", []) == []
