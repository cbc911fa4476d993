"""GET /v1/ui: 100 hosts x 7 days on a 15-minute grid (672 slots, 67 200 cells) in headless Chromium.

Runs the local runner (scripts/local_api.py, with its own DynamoDB Local), stores a configured event
type of 100 hosts (inline busy time and open hours, seeded at random), opens the page on that week and
reads the page's own marks: from the moment the API's response arrived to the grid painted (two
animation frames after the table went into the document), split into JSON parsing, building the
table and layout + paint. Not a test: numbers go to docs/BENCHMARKS.md by hand.

    .venv/bin/python benchmarks/bench_ui.py [--runs 7] [--view grid|heat]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core")]

from tests.e2e.chromium import Runner, big_team, start_browser, stop_browser  # noqa: E402

EVENT_TYPE = "bench-100"
WEEK = "2030-03-11"  # a Monday; the page asks for [Mon 00:00, next Mon 00:00) in UTC


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--view", choices=("grid", "heat"), default="grid", help="hosts x slots, or the heat map")
    args = parser.parse_args()
    runner = Runner()
    browser = None
    try:
        put = httpx.put(f"{runner.url}/v1/event_types/{EVENT_TYPE}", json=big_team(), timeout=60)
        put.raise_for_status()
        url = f"{runner.url}/v1/ui?event_type={EVENT_TYPE}&week={WEEK}&timezone=UTC&view={args.view}"
        api = httpx.get(
            f"{runner.url}/v1/event_type_available_times",
            params={
                "event_type": EVENT_TYPE,
                "start_time": "2030-03-11T00:00:00Z",
                "end_time": "2030-03-18T00:00:00Z",
                "explain": "true",
                "count": 10000,
            },
            timeout=60,
        )
        api.raise_for_status()
        slots = len(api.json()["collection"])
        browser = start_browser(1280, 900)
        marks = []
        for _ in range(args.runs + 1):  # the first run warms the browser and the answer cache
            browser.get(url)
            deadline = time.monotonic() + 120
            timing = None
            while time.monotonic() < deadline and not timing:
                time.sleep(0.05)
                timing = browser.execute_script("return window.whofreeTiming")
            if not timing:
                raise SystemExit(f"the page did not draw: {browser.find_element('id', 'status').text}")
            marks.append(timing)
        marks = marks[1:]
        cells = marks[0]["cells"]

        def median(key_from: str, key_to: str) -> float:
            return statistics.median(m[key_to] - m[key_from] for m in marks)

        print(
            f"{args.view}: {slots} slots x 100 hosts = {cells} cells, answer {len(api.content) / 1e6:.1f} MB with explain=true, "
            f"Chromium {browser.capabilities.get('browserVersion')}, median of {args.runs} runs:"
        )
        print(f"  cells drawn (the window on screen and around it): {marks[0]['drawnCells']}")
        print(f"  response -> painted grid  {median('response', 'painted'):7.0f} ms")
        print(f"    JSON read + parse      {median('response', 'parsed'):7.0f} ms")
        print(f"    hosts, rows, columns   {median('parsed', 'built0'):7.0f} ms")
        print(f"    build the table        {median('built0', 'built'):7.0f} ms")
        print(f"    layout + paint         {median('built', 'painted'):7.0f} ms")
    finally:
        if browser is not None:
            stop_browser(browser)
        runner.stop()


if __name__ == "__main__":
    main()
