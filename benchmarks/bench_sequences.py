"""POST /v1/availability/sequences on the hard case: 3 meetings x 20 participants x 28 days, order any,
gaps 0-30, against POST /v1/availability of the same participants (one 30-minute meeting) in the same run.

The participants are the hard workload's (workload.hard_request: six zones, weekday windows, 8 busy
blocks on every day). Three meetings share some participants: a 30-minute screen (people 0-7, anyone
free), a 60-minute technical interview (people 6-13, at least 2 of them) and a 45-minute culture
interview (people 12-19, anyone free). Every order (6), gaps 0 to 30 minutes (7 choices per gap), a
15-minute grid for the first start. Medians of interleaved rounds; the baseline is the single-meeting
answer over the same body, so the ratio says what the sequence costs on top of §2's work. The parts:
the meetings' bitsets (parse, query, one track per meeting and residue), the join (shifts and ANDs
per order) and the page (following the smallest gaps, labels, JSON).

    .venv/bin/python benchmarks/bench_sequences.py [--rounds N] [--count N]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core"), str(ROOT / "benchmarks")]
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from workload import hard_request  # noqa: E402

from functions.api import app  # noqa: E402
from tests.conftest import LambdaContext as Context  # noqa: E402
from whofree.availability import sequences  # noqa: E402
from whofree.engine.sequences import upcoming  # noqa: E402

NOW = datetime(2029, 1, 1, tzinfo=UTC)


def bodies(count: int) -> tuple[str, str]:
    single = hard_request(20, 28)
    single["count"] = 10_000
    seq = {k: v for k, v in single.items() if k not in ("duration_minutes", "count")}
    ids = [p["id"] for p in single["participants"]]
    seq["meetings"] = [
        {"id": "screen", "duration_minutes": 30, "participants": ids[0:8]},
        {
            "id": "technical",
            "duration_minutes": 60,
            "participants": ids[6:14],
            "groups": [{"members": ids[6:14], "required": 2}],
        },
        {"id": "culture", "duration_minutes": 45, "participants": ids[12:20]},
    ]
    seq["order"] = "any"
    seq["gap_minutes"] = {"min": 0, "max": 30}
    seq["count"] = count
    return json.dumps(single), json.dumps(seq)


def event(path: str, body: str) -> dict:
    ev = json.loads((ROOT / "events" / "availability.json").read_text())
    ev["path"], ev["body"] = path, body
    return ev


def timed_ms(fn, cpu: list[float]) -> float:
    """Wall-clock ms of one call; its CPU ms (this thread's, time.thread_time) go to ``cpu``: on a
    loaded machine the wall clock also measures the wait for a core."""
    gc.collect()
    start, start_cpu = time.perf_counter(), time.thread_time()
    fn()
    cpu.append((time.thread_time() - start_cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def parts(body: str) -> tuple[float, float, float, float, int]:
    """CPU ms of reading the body, of the meetings' bitsets, of the join, of the page; and how many
    sequences are offered."""
    gc.collect()
    clock = time.thread_time
    start = clock()
    parsed = sequences.parse(body)
    plan = sequences.plan(parsed, NOW)
    read = clock()
    sequences.frames(plan)  # the meetings' tracks (made on first use), then the join
    first = clock()
    frames = sequences.frames(plan)  # the join alone: the tracks are made
    joined = clock()
    page = upcoming(frames, None, parsed.request.count)
    sequences.render(plan, frames, page, False, [json.dumps(p.id) for p in parsed.request.participants])
    done = clock()
    offered = sum(f.valid.bit_count() for f in frames)
    join = joined - first
    return (read - start) * 1000, (first - read - join) * 1000, join * 1000, (done - joined) * 1000, offered


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--count", type=int, default=1000, help="sequences per page")
    args = parser.parse_args()
    single, seq = bodies(args.count)
    single_ev, seq_ev = event("/v1/availability", single), event("/v1/availability/sequences", seq)
    answer = app.lambda_handler(seq_ev, Context())
    if answer["statusCode"] != 200:
        raise SystemExit(f"the handler answered {answer['statusCode']}: {answer['body'][:500]}")
    page = json.loads(answer["body"])
    base, handler, ratios, cpu_ratios, cpu_base, cpu_handler, split = [], [], [], [], [], [], []
    for _ in range(args.rounds):
        base.append(timed_ms(lambda: app.lambda_handler(single_ev, Context()), cpu_base))
        handler.append(timed_ms(lambda: app.lambda_handler(seq_ev, Context()), cpu_handler))
        ratios.append(handler[-1] / base[-1])
        cpu_ratios.append(cpu_handler[-1] / cpu_base[-1])
        split.append(parts(seq))
    read, tracks, join, render = (statistics.median(s[n] for s in split) for n in range(4))
    print(
        "| request MB | sequences offered | on the page | single meeting ms | sequences ms | ratio (worst) "
        "| CPU ms: single, sequences | CPU ratio | CPU ms: read, bitsets, join, page |\n"
        "|---|---|---|---|---|---|---|---|---|"
    )
    print(
        f"| {len(seq) / 1e6:.2f} | {split[0][4]:,} | {page['pagination']['count']:,} | {statistics.median(base):.1f} "
        f"| {statistics.median(handler):.1f} | **{statistics.median(ratios):.2f}x** ({max(ratios):.2f}x) "
        f"| {statistics.median(cpu_base):.1f}, {statistics.median(cpu_handler):.1f} "
        f"| {statistics.median(cpu_ratios):.2f}x | {read:.1f}, {tracks:.1f}, {join:.1f}, {render:.1f} |"
    )


if __name__ == "__main__":
    main()
