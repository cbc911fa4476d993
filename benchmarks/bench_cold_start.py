"""Cold start: fresh processes against a fresh process that only imports boto3 and makes a DynamoDB client.

Two kinds of fresh process, each timed from interpreter start to exit:

* ``availability``: imports functions/api/app.py and answers one small POST /v1/availability (no
  boto3, no httpx: that route imports neither).
* ``event type`` (``--event-type``): imports functions/api/app.py and answers one GET
  /v1/event_type_available_times for a Calendly event type (3 round-robin hosts, 7 days) against
  the fake Calendly of tests/fakes/calendly.py (its own process, no added latency), with the answer
  cache on DynamoDB Local (port 8202 by default). That first request pays every deferred import:
  boto3 and its DynamoDB client, httpx and the TLS context, the Calendly connector; and a cache
  miss (a GetItem, 3 + 3 x 2 provider calls, a PutItem). Each run asks for a different week, so
  every run misses the cache, as a new container's first request would.

Runs alternate (so machine noise hits all alike); medians of wall time per process. Byte code is
compiled once before measuring, as it is in the deployed layer.

    .venv/bin/python benchmarks/bench_cold_start.py [--runs 15] [--event-type] [--port 8202]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = "import boto3; boto3.client('dynamodb', region_name='us-east-1')"
PRELUDE = f"""
import json, sys
sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "layers" / "core")!r}, {str(ROOT / "functions" / "api")!r}]
import app
class Context:
    function_name = "cold"; memory_limit_in_mb = 1024; aws_request_id = "cold"
    invoked_function_arn = "arn:aws:lambda:local:0:function:cold"
    def get_remaining_time_in_millis(self): return 29_000
"""
API = (
    PRELUDE
    + f"""
event = json.load(open({str(ROOT / "events" / "availability.json")!r}))
assert app.lambda_handler(event, Context())["statusCode"] == 200
"""
)
EVENT_TYPE = (
    PRELUDE
    + """
event = json.load(open(sys.argv[1]))
answer = app.lambda_handler(event, Context())
assert answer["statusCode"] == 200, answer["body"][:300]
assert json.loads(answer["body"])["collection"], "no slots"
"""
)

START = 1_898_553_600  # 2030-03-04T00:00:00Z, a Monday
DAY = 86_400
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]


def env(extra: dict | None = None) -> dict:
    return {
        **os.environ,
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_DEFAULT_REGION": "us-east-1",
        **(extra or {}),
    }


def run(args: list[str], environment: dict) -> float:
    start = time.perf_counter()
    out = None if os.environ.get("BENCH_VERBOSE") else subprocess.DEVNULL
    subprocess.run([sys.executable, *args], check=True, env=environment, stdout=out)
    return (time.perf_counter() - start) * 1000


def serve_calendly(weeks: int, pipe) -> None:
    """The fake Calendly's process: 3 hosts in three zones, weekday hours, 4 busy blocks a day."""
    sys.path[:0] = [str(ROOT)]
    from tests.fakes.calendly import FakeCalendly

    fake = FakeCalendly(latency=0.0, page_size=100)
    event_type = fake.add_event_type("COLDCOLDCOLDCOLD", 30, start_time_increment=30)
    zones = ["America/New_York", "Europe/London", "Asia/Kolkata"]
    for n, zone in enumerate(zones):
        rules = [{"type": "wday", "wday": d, "intervals": [{"from": "09:00", "to": "17:00"}]} for d in WEEKDAYS]
        user = fake.add_host(event_type, f"coldhost{n}", f"Host {n}", f"host{n}@example.com", zone, rules)
        for day in range(weeks * 7):
            for k in range(4):
                t = START + day * DAY + ((n * 5 + k * 6) % 24) * 3600
                fake.add_busy(user, t, t + 1800)
    fake.available[event_type] = [START + i * 1800 for i in range(weeks * 7 * 48)]
    pipe.send((fake.start(), event_type))
    pipe.recv()
    fake.stop()


def iso(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def event_type_setup(runs: int, port: int, workdir: Path):
    """DynamoDB Local with the template's tables, the fake Calendly, and one event file per run."""
    sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
    import dynamodb_local

    proc, endpoint = dynamodb_local.start(port)
    names = dynamodb_local.create_tables(dynamodb_local.client(endpoint))
    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(target=serve_calendly, args=(runs + 2, theirs), daemon=True)
    server.start()
    url, event_type = ours.recv()
    from tests.fakes.calendly import TOKEN

    environment = env(
        {
            "WHOFREE_TABLE_NAME": names["WhofreeTable"],
            "WHOFREE_DYNAMODB_ENDPOINT": endpoint,
            "WHOFREE_CALENDLY_BASE_URL": url,
            "WHOFREE_CALENDLY_TOKEN": TOKEN,
            # DynamoDB Local keeps one database per access key and region: use the creator's.
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
        }
    )
    template = json.loads((ROOT / "events" / "event_type_available_times.json").read_text())
    files = []
    for n in range(runs + 2):  # a different week each run: every run misses the answer cache
        event = json.loads(json.dumps(template))
        first = START + n * 7 * DAY
        event["queryStringParameters"] = {
            "event_type": event_type,
            "start_time": iso(first),
            "end_time": iso(first + 7 * DAY),
        }
        path = workdir / f"cold_event_{n}.json"
        path.write_text(json.dumps(event))
        files.append(str(path))

    def stop() -> None:
        ours.send("stop")
        server.join(timeout=10)
        dynamodb_local.stop(proc)

    return environment, files, stop


def row(name: str, times: list[float]) -> str:
    return f"| {name} | {statistics.median(times):.0f} | {min(times):.0f} | {max(times):.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--event-type", action="store_true", help="also the first event type request (see above)")
    parser.add_argument("--port", type=int, default=8202, help="DynamoDB Local's port for --event-type")
    args = parser.parse_args()
    plain = env()
    stop = None
    if args.event_type:
        import tempfile

        workdir = Path(tempfile.mkdtemp(prefix="whofree-cold-"))
        event_env, files, stop = event_type_setup(args.runs, args.port, workdir)
    try:
        # Warm the OS file cache and write .pyc files.
        run(["-c", BASELINE], plain), run(["-c", API], plain)
        if args.event_type:
            run(["-c", EVENT_TYPE, files[-1]], event_env)
        baseline, api, event_type = [], [], []
        for n in range(args.runs):
            baseline.append(run(["-c", BASELINE], plain))
            api.append(run(["-c", API], plain))
            if args.event_type:
                event_type.append(run(["-c", EVENT_TYPE, files[n]], event_env))
    finally:
        if stop is not None:
            stop()
    b = statistics.median(baseline)
    print("| process | median ms | min ms | max ms | median / boto3 floor |")
    print("|---|---|---|---|---|")
    print(row("import boto3 + DynamoDB client (the floor)", baseline) + " 1.00x |")
    print(
        row("import functions/api/app.py + one POST /v1/availability", api)
        + f" **{statistics.median(api) / b:.2f}x** |"
    )
    if args.event_type:
        print(
            row(
                "import functions/api/app.py + first GET /v1/event_type_available_times (Calendly, cache miss)",
                event_type,
            )
            + f" **{statistics.median(event_type) / b:.2f}x** |"
        )
    print(f"\n{args.runs} alternating runs each")


if __name__ == "__main__":
    main()
