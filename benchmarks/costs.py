"""What one answer of each kind uses, as Lambda, API Gateway, DynamoDB and CloudWatch bill it: the
figures of docs/COSTS.md.

Each route runs in a child process of its own (so that its peak RSS is that route's): the function's
handler in-process with its template environment, on DynamoDB Local, after one untimed call (a warm
container). Per answer it measures the handler's duration (time.perf_counter), the process's peak RSS
(resource.getrusage), every DynamoDB call with the capacity units DynamoDB reports for it
(ReturnConsumedCapacity=TOTAL, added to each call), the bytes the function logs (Powertools' JSON
logs and metrics, at the template's INFO) and the bytes of the answer.

    .venv/bin/python benchmarks/costs.py [--answers 200]

Prints the table of docs/COSTS.md: the measured figures and the cost of a million answers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core")]

# List prices, us-east-1 (see docs/COSTS.md for their sources and date).
LAMBDA_ARM_GB_SECOND = 0.0000133334
LAMBDA_REQUEST = 0.20 / 1e6
API_GATEWAY_REST_REQUEST = 3.50 / 1e6
DYNAMODB_READ_UNIT = 0.125 / 1e6
DYNAMODB_WRITE_UNIT = 0.625 / 1e6
LOGS_INGESTED_GB = 0.50
DATA_OUT_GB = 0.09
MEMORY_MB = 1024  # template.yaml Globals.Function.MemorySize
# Lambda gives a function CPU in proportion to its memory: one full vCPU at 1769 MB. The handlers here
# run on a whole core, so a CPU-bound answer takes about 1769/1024 times as long at 1024 MB.
CPU_SHARE = min(1.0, MEMORY_MB / 1769)
# Lambda's own START, END and REPORT lines per invocation (about 100 + 60 + 250 bytes with X-Ray).
PLATFORM_LOG_BYTES = 410
GB = 1024**3

KINDS = {
    "availability-small": "POST /v1/availability, the README's 3 people, 1 day",
    "availability-100": "POST /v1/availability, 100 hosts in 6 zones, 7 days, 8 busy blocks a day",
    "availability-100-28": "POST /v1/availability, 100 hosts, 28 days (the hard workload)",
    "times-miss": "GET /v1/event_type_available_times, configured, 3 hosts, 14 days, cache miss",
    "times-hit": "the same, cache hit",
    "hold": "POST /v1/reservations (a hold of 2 hosts)",
    "release": "DELETE /v1/reservations/{uid}",
    "webhook": "POST /v1/webhooks/calendly, a signed invitee.created for 3 hosts",
}


# ---------------------------------------------------------------- child: one route


def event(
    path: str, method: str = "GET", body: str | None = None, query: dict | None = None, headers=None, resource=None
) -> dict:
    """An API Gateway REST proxy event, as events/ has them."""
    base = json.loads((ROOT / "events" / "availability.json").read_text())
    base.update(
        {
            "resource": resource or path,
            "path": path,
            "httpMethod": method,
            "body": body,
            "queryStringParameters": query,
            "multiValueQueryStringParameters": {k: [v] for k, v in (query or {}).items()} or None,
        }
    )
    for name, value in (headers or {}).items():
        base["headers"][name] = value
        base["multiValueHeaders"][name] = [value]
    base["requestContext"] = {**base["requestContext"], "resourcePath": resource or path, "httpMethod": method}
    return base


TEAM = json.loads(json.loads((ROOT / "events" / "availability.json").read_text())["body"])


def team() -> dict:
    """The README's team as a configured event type, each host busy an hour a day for 14 days."""
    hosts = json.loads(json.dumps(TEAM["participants"]))
    for n, host in enumerate(hosts):
        host["busy"] = [
            {
                "start_time": f"2030-03-{11 + d:02d}T{14 + (d + n) % 5:02d}:00:00Z",
                "end_time": f"2030-03-{11 + d:02d}T{15 + (d + n) % 5:02d}:00:00Z",
            }
            for d in range(14)
        ]
    return {
        "name": "Bench",
        "duration_minutes": 30,
        "interval_minutes": 30,
        "timezone": TEAM["timezone"],
        "hosts": hosts,
    }


def hold_team() -> dict:
    """Three hosts open all the time: every meeting is the first and one of the other two."""
    hosts = [{"id": f"host{n}@example.com"} for n in range(3)]
    groups = [
        {"members": ["host0@example.com"], "required": "all"},
        {"members": ["host1@example.com", "host2@example.com"], "required": 1},
    ]
    return {"name": "Holds", "duration_minutes": 30, "interval_minutes": 30, "hosts": hosts, "groups": groups}


class Meter:
    """Every DynamoDB call of a boto3 client, with the capacity it consumed."""

    def __init__(self, client) -> None:
        self.on = False
        self.calls: Counter[str] = Counter()
        self.read = 0.0
        self.write = 0.0
        self.seconds = 0.0  # waiting for DynamoDB (Local): I/O, which a smaller CPU share does not slow
        self.sent = 0.0
        client.meta.events.register("provide-client-params.dynamodb.*", self._ask)
        client.meta.events.register("before-call.dynamodb.*", self._start)
        client.meta.events.register("after-call.dynamodb.*", self._count)

    def _start(self, **_):
        self.sent = time.perf_counter()

    def _ask(self, params, model, **_):
        if model.name in {
            "GetItem",
            "PutItem",
            "UpdateItem",
            "DeleteItem",
            "Query",
            "Scan",
            "BatchGetItem",
            "BatchWriteItem",
            "TransactGetItems",
            "TransactWriteItems",
        }:
            params.setdefault("ReturnConsumedCapacity", "TOTAL")

    def _count(self, http_response, parsed, model, **_):
        if not self.on:
            return
        self.seconds += time.perf_counter() - self.sent
        self.calls[model.name] += 1
        used = parsed.get("ConsumedCapacity") or []
        for item in used if isinstance(used, list) else [used]:
            units = item.get("CapacityUnits", 0.0)
            read, write = item.get("ReadCapacityUnits"), item.get("WriteCapacityUnits")
            if read is not None or write is not None:
                self.read += read or 0.0
                self.write += write or 0.0
            elif model.name in {"GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems"}:
                self.read += units
            else:
                self.write += units


class Logged:
    """What the process writes to stdout (file descriptor 1, where Lambda's log capture reads), sent
    to a scratch file so that its size can be read: Powertools' logger keeps the stream it was given."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process
        self.saved = os.dup(1)
        os.dup2(self.file.fileno(), 1)

    def size(self) -> int:
        sys.stdout.flush()
        return os.fstat(self.file.fileno()).st_size

    def restore(self) -> None:
        sys.stdout.flush()
        os.dup2(self.saved, 1)


def child(kind: str, answers: int, log: Logged) -> dict:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "INFO")  # the template's LogLevel default
    os.environ["WHOFREE_CALENDLY_WEBHOOK_KEY"] = "bench-key"  # a benchmark's stand-in, not a secret
    from tests.conftest import LambdaContext as Context

    if kind == "webhook":
        from functions.webhooks import app
    else:
        from functions.api import app
    from benchmarks import workload
    from whofree import configured
    from whofree.data import table as store

    store.required_table(app.RUNTIME.table)
    table = app.RUNTIME.context(60).table  # the default account's records, as its requests see them
    before = lambda: None  # noqa: E731 - the untimed step before each answer
    after = lambda answer: None  # noqa: E731 - and after it
    if kind.startswith("availability"):
        body = {
            "availability-small": (ROOT / "events" / "availability.json").read_text,
            "availability-100": lambda: json.dumps(workload.hard_request(100, 7)),
            "availability-100-28": lambda: json.dumps(workload.hard_request(100, 28)),
        }[kind]()
        if kind == "availability-small":
            body = json.loads(body)["body"]
        make = lambda: event("/v1/availability", "POST", body)  # noqa: E731
    elif kind.startswith("times"):
        configured.put(table, "bench", configured.parse(json.dumps(team())))
        query = {"event_type": "bench", "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-25T00:00:00Z"}
        make = lambda: event("/v1/event_type_available_times", query=query)  # noqa: E731
        if kind == "times-miss":

            def before():
                table.delete_partition("ANSWER#bench")

    elif kind in ("hold", "release"):
        # Each hold is made while its hosts hold nothing else (the one before is released, untimed):
        # a host's lock item, and so the units of a hold, grow with the holds it already has.
        configured.put(table, "bench", configured.parse(json.dumps(hold_team())))
        slots = iter(range(10_000))
        held: list[str] = []

        def hold_event():
            start = 1_899_417_600 + 1800 * next(slots)  # 2030-03-10T00:00:00Z, then every 30 minutes
            start_time = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start))
            return event("/v1/reservations", "POST", json.dumps({"event_type": "bench", "start_time": start_time}))

        def release_event():
            uid = held.pop()
            return {
                **event(f"/v1/reservations/{uid}", "DELETE", resource="/v1/reservations/{uid}"),
                "pathParameters": {"uid": uid},
            }

        if kind == "hold":

            def before():
                if held:
                    app.lambda_handler(release_event(), Context())

            def after(answer):
                held.append(json.loads(answer["body"])["resource"]["uid"])

            make = hold_event
        else:

            def before():
                answer = app.lambda_handler(hold_event(), Context())
                held.append(json.loads(answer["body"])["resource"]["uid"])

            make = release_event

    else:  # webhook
        from tests.fakes import webhooks

        members = [webhooks.calendly_member(f"U{n}", f"host{n}@example.com", f"Host {n}") for n in range(3)]
        delivery = webhooks.encode(webhooks.calendly_invitee("https://api.calendly.com/event_types/BENCH", members))

        def make():
            headers = {"Content-Type": "application/json", **webhooks.calendly_sign("bench-key", delivery)}
            return event("/v1/webhooks/calendly", "POST", delivery.decode(), headers=headers)

    meter = Meter(table.client)
    before()
    first = app.lambda_handler(make(), Context())  # a warm container: init and first call untimed
    if first["statusCode"] >= 300:
        raise SystemExit(f"{kind}: {first['statusCode']} {first['body'][:300]}")
    after(first)
    durations, waits, sizes, logged = [], [], [], 0
    for _ in range(answers):
        before()
        request = make()
        meter.on, was, waited = True, log.size(), meter.seconds
        started = time.perf_counter()
        answer = app.lambda_handler(request, Context())
        durations.append((time.perf_counter() - started) * 1000)
        waits.append((meter.seconds - waited) * 1000)
        meter.on, logged = False, logged + log.size() - was
        if answer["statusCode"] >= 300:
            raise SystemExit(f"{kind}: {answer['statusCode']} {answer['body'][:300]}")
        after(answer)
        sizes.append(len((answer.get("body") or "").encode()))
    if kind == "times-hit" and answer["multiValueHeaders"]["X-Cache"] != ["hit"]:
        raise SystemExit("times-hit: the answers did not come from the cache")
    if kind == "times-miss" and answer["multiValueHeaders"]["X-Cache"] != ["miss"]:
        raise SystemExit("times-miss: the answers came from the cache")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "kind": kind,
        "median_ms": statistics.median(durations),
        "dynamodb_ms": statistics.median(waits),
        # The CPU part of an answer: its duration less its waits for DynamoDB, answer by answer.
        "cpu_ms": statistics.median(d - w for d, w in zip(durations, waits, strict=True)),
        "p90_ms": sorted(durations)[int(len(durations) * 0.9)],
        "peak_rss_mb": peak_kb / 1024,
        "calls": {op: n / answers for op, n in sorted(meter.calls.items())},
        "read_units": meter.read / answers,
        "write_units": meter.write / answers,
        "log_bytes": logged / answers,
        "answer_bytes": statistics.median(sizes),
    }


# ---------------------------------------------------------------- parent: every route, and the costs


def cost(m: dict) -> dict:
    # The CPU part slows down with the smaller share; the time spent waiting for DynamoDB does not.
    billed_ms = max(1, round(m["cpu_ms"] / CPU_SHARE + m["dynamodb_ms"]))
    lam = billed_ms / 1000 * MEMORY_MB / 1024 * LAMBDA_ARM_GB_SECOND + LAMBDA_REQUEST
    gateway = API_GATEWAY_REST_REQUEST
    dynamo = m["read_units"] * DYNAMODB_READ_UNIT + m["write_units"] * DYNAMODB_WRITE_UNIT
    logs = (m["log_bytes"] + PLATFORM_LOG_BYTES) / GB * LOGS_INGESTED_GB
    out = m["answer_bytes"] / GB * DATA_OUT_GB
    million = 1e6
    return {
        "billed_ms": billed_ms,
        "lambda": lam * million,
        "gateway": gateway * million,
        "dynamodb": dynamo * million,
        "logs": logs * million,
        "data_out": out * million,
        "total": (lam + gateway + dynamo + logs + out) * million,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=200, help="timed answers per kind (default 200)")
    parser.add_argument("--only", nargs="*", choices=list(KINDS), help="some kinds only")
    parser.add_argument("--child", choices=list(KINDS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        log = Logged()
        try:
            measured = child(args.child, args.answers, log)
        finally:
            log.restore()
        print(json.dumps(measured))
        return

    from scripts import dynamodb_local

    proc, endpoint = dynamodb_local.start()
    try:
        measured = []
        for kind in args.only or KINDS:
            env = {
                **{k: v for k, v in os.environ.items() if not k.startswith(("WHOFREE_", "POWERTOOLS_"))},
                "WHOFREE_DYNAMODB_ENDPOINT": endpoint,
                "WHOFREE_TABLE_NAME": dynamodb_local.create_tables(
                    dynamodb_local.client(endpoint), f"cost{len(measured)}"
                )["WhofreeTable"],
                "AWS_ACCESS_KEY_ID": "local",
                "AWS_SECRET_ACCESS_KEY": "local",
                "AWS_DEFAULT_REGION": "us-east-1",
            }
            answers = max(5, args.answers // 10) if kind == "availability-100-28" else args.answers
            done = subprocess.run(
                [sys.executable, __file__, "--child", kind, "--answers", str(answers)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise SystemExit(f"{kind} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
            measured.append(json.loads(done.stdout.strip().splitlines()[-1]))
    finally:
        dynamodb_local.stop(proc)
    report(measured)


def report(measured: list[dict]) -> None:
    print("Measured, per answer (warm container; one core of this machine):\n")
    print(
        "| answer | median ms | p90 ms | median ms waiting for DynamoDB Local | peak RSS MB | DynamoDB calls "
        "| read units | write units | log bytes | answer bytes |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for m in measured:
        calls = ", ".join(f"{op} {n:g}" for op, n in m["calls"].items()) or "none"
        print(
            f"| {KINDS[m['kind']]} | {m['median_ms']:.2f} | {m['p90_ms']:.2f} | {m['dynamodb_ms']:.2f} "
            f"| {m['peak_rss_mb']:.0f} | {calls} "
            f"| {m['read_units']:g} | {m['write_units']:g} | {m['log_bytes']:.0f} | {m['answer_bytes']:,.0f} |"
        )
    print(
        f"\nA million answers, USD, at {MEMORY_MB} MB on arm64 (billed ms = the median's CPU part / {CPU_SHARE:.3f}"
        " + its DynamoDB part):\n"
    )
    print("| answer | billed ms | Lambda | API Gateway | DynamoDB | CloudWatch Logs | data out | total |")
    print("|---|---|---|---|---|---|---|---|")
    for m in measured:
        c = cost(m)
        print(
            f"| {KINDS[m['kind']]} | {c['billed_ms']} | {c['lambda']:.2f} | {c['gateway']:.2f} | {c['dynamodb']:.2f} "
            f"| {c['logs']:.2f} | {c['data_out']:.2f} | **{c['total']:.2f}** |"
        )


if __name__ == "__main__":
    main()
