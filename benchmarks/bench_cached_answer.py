"""A cached event type answer against a bare GetItem of the same item, both on DynamoDB Local.

The handler (in-process) answers GET /v1/event_type_available_times from the cache: one GetItem,
decompress, keep the slots in range, write the page. The baseline is the same GetItem made with the
same boto3 client and nothing else. Interleaved rounds; medians and the median per-round ratio.
Then a warm run: 20 configured event types warmed for 14 days.

    .venv/bin/python benchmarks/bench_cached_answer.py [--rounds 300]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core")]
os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")

from scripts import dynamodb_local  # noqa: E402
from tests.conftest import LambdaContext as Context  # noqa: E402

TEAM = json.loads(json.loads((ROOT / "events" / "availability.json").read_text())["body"])


def config(variant: int) -> dict:
    hosts = copy.deepcopy(TEAM["participants"])
    for n, host in enumerate(hosts):
        host["id"] = f"{variant}-{n}@example.com"
        host["busy"] = [
            {
                "start_time": f"2030-03-{11 + d:02d}T{14 + (d + n) % 5:02d}:00:00Z",
                "end_time": f"2030-03-{11 + d:02d}T{15 + (d + n) % 5:02d}:00:00Z",
            }
            for d in range(14)
        ]
    return {
        "name": f"Team {variant}",
        "duration_minutes": 30,
        "interval_minutes": 30,
        "timezone": TEAM["timezone"],
        "hosts": hosts,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    proc, endpoint = dynamodb_local.start()
    os.environ.update(
        {
            "WHOFREE_DYNAMODB_ENDPOINT": endpoint,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
    )
    os.environ["WHOFREE_TABLE_NAME"] = dynamodb_local.create_tables(dynamodb_local.client(endpoint), "bench")[
        "WhofreeTable"
    ]
    from functions.api import app
    from whofree import configured, warmer
    from whofree.context import DEFAULT_ACCOUNT
    from whofree.data import hits
    from whofree.data import table as store

    table = store.required_table(app.RUNTIME.table).scoped(DEFAULT_ACCOUNT)  # as the requests' account sees it
    configured.put(table, "bench", configured.parse(json.dumps(config(0))))
    event = json.loads((ROOT / "events" / "event_type_available_times.json").read_text())
    event["queryStringParameters"] = {
        "event_type": "bench",
        "start_time": "2030-03-11T00:00:00Z",
        "end_time": "2030-03-25T00:00:00Z",
    }
    first = app.lambda_handler(event, Context())
    if first["multiValueHeaders"]["X-Cache"] != ["miss"]:
        raise SystemExit("the first answer should have been computed")
    head = table.get(
        "ANSWER#bench", next(i["sk"] for i in table.query("ANSWER#bench").items if i["sk"].endswith("#head"))
    )
    key = store.marshal({"pk": table.stored_pk(head["pk"]), "sk": head["sk"]})
    client = table.client
    body_slots = json.loads(first["body"])["pagination"]["count"]

    # A hit reads the answer's head, its hosts' hold locks (API.md §4: a hold made through any event
    # type makes the answer stale) and the change versions of the event type and its hosts (API.md §5)
    # in one consistent BatchGetItem: the floor of a hit.
    from whofree.data import holds, versions

    host_ids = [h["id"] for h in config(0)["hosts"]]
    subjects = [versions.event_type("bench"), *(versions.host(h) for h in host_ids)]
    lock_keys = [
        store.marshal({"pk": table.stored_pk(pk), "sk": sk})
        for pk, sk in [*holds.lock_keys(host_ids), *versions.keys(subjects)]
    ]
    batch = {table.name: {"Keys": [key, *lock_keys], "ConsistentRead": True}}
    get_ms, batch_ms, handler_ms, ratios, batch_ratios = [], [], [], [], []
    for _ in range(args.rounds):
        t = time.perf_counter()
        client.get_item(TableName=table.name, Key=key)
        get_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        client.batch_get_item(RequestItems=batch)
        batch_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        answer = app.lambda_handler(event, Context())
        handler_ms.append((time.perf_counter() - t) * 1000)
        ratios.append(handler_ms[-1] / get_ms[-1])
        batch_ratios.append(handler_ms[-1] / batch_ms[-1])
    if answer["multiValueHeaders"]["X-Cache"] != ["hit"]:
        raise SystemExit("the timed answers should have come from the cache")
    print("| what | median ms | p90 ms |")
    print("|---|---|---|")
    for name, values in (
        ("bare GetItem of the cached item", get_ms),
        ("bare BatchGetItem of it, its 3 hosts' hold locks and the 4 change versions (consistent)", batch_ms),
        ("handler, X-Cache: hit", handler_ms),
    ):
        print(f"| {name} | {statistics.median(values):.2f} | {sorted(values)[int(len(values) * 0.9)]:.2f} |")
    print(
        f"\nhandler / GetItem: **{statistics.median(ratios):.2f}x** (median of {args.rounds} interleaved rounds; "
        f"{body_slots} slots, {len(first['body']) / 1000:.0f} KB page, cached item {len(head['data']) / 1000:.0f} KB compressed)"
    )
    print(f"handler / BatchGetItem: **{statistics.median(batch_ratios):.2f}x**")

    context = app.RUNTIME.context(60)
    for n in range(1, 21):
        configured.put(table, f"warm-{n:02d}", configured.parse(json.dumps(config(n))))
        hits.count_hit(context, f"warm-{n:02d}", flush=True)
    started = time.perf_counter()
    report = warmer.warm(warmer.Settings(top=20, days=14, hours=1), time.time(), context)
    print(
        f"\nwarm run: {len(report.warmed)} event types warmed for 14 days in **{time.perf_counter() - started:.2f} s** "
        f"({len(report.failed)} failed)"
    )
    dynamodb_local.stop(proc)


if __name__ == "__main__":
    main()
