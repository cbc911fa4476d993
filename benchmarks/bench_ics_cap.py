"""ICS feeds at the expansion caps: time and peak memory of ``ics.busy`` in a child process each.

    .venv/bin/python benchmarks/bench_ics_cap.py

Feeds (window: one week, 2030-03-11 to 2030-03-18 UTC):
- ``in-window cap``: 100 series of hourly meetings, 100 occurrences each in the window: 10 000
  occurrences, WHOFREE_ICS_MAX_INSTANCES' default.
- ``generated cap``: 35 daily series without an end, started in 2015: about 194 000 dates walked
  to reach the window (the cap is 20 x 10 000), 245 occurrences in it.
- ``over the caps``: the 192-byte feed repeating every second without an end, which is refused.

Each runs in a fresh interpreter (imports done first); peak memory is VmHWM after the call minus
VmRSS before it (the peak is reset with /proc/self/clear_refs).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
sys.path[:0] = [sys.argv[1] + "/layers/core"]
from whofree.providers import ics
import icalendar, recurring_ical_events  # imported before measuring, as on a warm Lambda

def status_kb(name):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(name + ":"))

data = sys.stdin.buffer.read()
start, end = 1899417600.0, 1900022400.0  # 2030-03-11 .. 2030-03-18 UTC
before = status_kb("VmRSS")
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")
started = time.perf_counter()
try:
    outcome = f"{len(ics.busy(data, start, end, 'UTC', time.monotonic() + 25))} busy blocks"
except Exception as exc:
    outcome = f"refused: {exc}"
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "peak_mb": (status_kb("VmHWM") - before) / 1024, "outcome": outcome}))
"""


def feed(*events: tuple[str, ...]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//whofree//bench//EN"]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""]).encode()


FEEDS = {
    "in-window cap": feed(
        *(
            (
                f"UID:h{n}",
                f"DTSTART:20300311T{n % 24:02d}0000Z",
                "DTEND:20300311T003000Z".replace("T00", f"T{n % 24:02d}"),
                "RRULE:FREQ=HOURLY;INTERVAL=1;COUNT=100",
            )
            for n in range(100)
        )
    ),
    "generated cap": feed(
        *((f"UID:d{n}", "DTSTART:20150101T120000Z", "DTEND:20150101T123000Z", "RRULE:FREQ=DAILY") for n in range(35))
    ),
    "over the caps": feed(("UID:s", "DTSTART:20300101T000000Z", "DTEND:20300101T000001Z", "RRULE:FREQ=SECONDLY")),
}


def main() -> None:
    for name, data in FEEDS.items():
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(ROOT)], input=data, capture_output=True, check=True, timeout=300
        )
        result = json.loads(done.stdout)
        print(
            f"{name:14} {len(data):7} bytes  {result['seconds']:6.2f} s  peak +{result['peak_mb']:6.1f} MB  "
            f"{result['outcome'][:110]}"
        )


if __name__ == "__main__":
    main()
