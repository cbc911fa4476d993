"""GET /v1/event_type_available_times for 50 round-robin hosts over 28 days, against a fake Calendly
on 127.0.0.1 that adds 150 ms to every call (the yardstick for a slow provider).

Lower bound: ceil(calls / concurrency) x 150 ms, i.e. what the calls cost with perfect packing
and no other work. Reports wall time of the whole handler (fetch, label, serialize) and its ratio.
The fake runs in its own process, so that its work does not compete with the handler for the GIL.

    .venv/bin/python benchmarks/bench_event_type.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core")]
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from functions.api import app  # noqa: E402
from tests.conftest import LambdaContext as Context  # noqa: E402
from tests.fakes.calendly import TOKEN, FakeCalendly, _ts  # noqa: E402
from whofree import runtime, settings  # noqa: E402

LATENCY = float(os.environ.get("BENCH_LATENCY", "0.15"))
ZONES = ["America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Sydney", "America/Los_Angeles"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
START, DAYS = "2030-03-04T00:00:00Z", 28


def build(hosts: int) -> tuple[FakeCalendly, str]:
    fake = FakeCalendly(latency=LATENCY, page_size=100)
    event_type = fake.add_event_type("BENCHBENCHBENCH0", 30, start_time_increment=30)
    start = _ts(START)
    for n in range(hosts):
        rules = [{"type": "wday", "wday": d, "intervals": [{"from": "09:00", "to": "17:00"}]} for d in WEEKDAYS]
        user = fake.add_host(event_type, f"host{n:03d}", f"Host {n}", f"host{n:03d}@example.com", ZONES[n % 5], rules)
        for day in range(DAYS):
            for k in range(4):
                t = start + day * 86_400 + ((n * 7 + k * 5) % 24) * 3600
                fake.add_busy(user, t, t + 1800)
    fake.available[event_type] = [start + i * 1800 for i in range(DAYS * 48)]
    return fake, event_type


def serve(hosts: int, pipe) -> None:
    """The fake provider's process: start, report where, then count calls until told to stop."""
    fake, event_type = build(hosts)
    pipe.send((fake.start(), event_type))
    while pipe.recv() != "stop":
        pipe.send(len(fake.requests))
        fake.requests.clear()
    fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hosts", type=int, default=50)
    args = parser.parse_args()
    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(args.hosts, theirs), daemon=True)
    server.start()
    url, event_type = ours.recv()
    os.environ["WHOFREE_CALENDLY_BASE_URL"] = url
    os.environ["WHOFREE_CALENDLY_TOKEN"] = TOKEN
    # The app read its settings at import: start it again with the fake's URL, as a new deployment.
    app.SETTINGS = settings.load()
    app.RUNTIME = runtime.start(app.SETTINGS)
    concurrency = app.SETTINGS.provider_concurrency
    event = json.loads((ROOT / "events" / "event_type_available_times.json").read_text())
    end = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(_ts(START) + DAYS * 86_400))
    event["queryStringParameters"] = {"event_type": event_type, "start_time": START, "end_time": end}
    walls, calls = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        result = app.lambda_handler(event, Context())
        walls.append(time.perf_counter() - started)
        if result["statusCode"] != 200:
            raise SystemExit(result["body"][:500])
        ours.send("count")
        calls = ours.recv()
        body = json.loads(result["body"])
    ours.send("stop")
    server.join(timeout=10)
    bound = max(math.ceil(calls / concurrency) * LATENCY, 1e-9)
    wall = statistics.median(walls)
    print(
        f"| hosts | days | provider calls | concurrency | lower bound s | wall s (median of {args.runs}) | min s | max s | wall / bound | slots | warnings |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.hosts} | {DAYS} | {calls} | {concurrency} | {bound:.2f} | **{wall:.2f}** | {min(walls):.2f} | {max(walls):.2f} "
        f"| **{wall / bound:.2f}x** | {body['pagination']['count']} | {len(body.get('warnings', []))} |"
    )


if __name__ == "__main__":
    main()
