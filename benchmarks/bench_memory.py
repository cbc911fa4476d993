"""Peak memory (RSS) of each function on representative work, to size its MemorySize in template.yaml.

Each function runs in a process of its own (as on Lambda: one function per sandbox) through the same
handler and template environment as `make invoke`, over its work below, and reports the process's
peak resident set (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) after its imports and after the
work. DynamoDB Local (a Java process of its own, not counted) serves the table; the demo Calendly of
`make run` serves the event type times, in the measured process (so its figure is a little high).

    .venv/bin/python benchmarks/bench_memory.py            # numbers go to docs/BENCHMARKS.md by hand

The work:
- api: every sample event (availability, explain, event type times, OpenAPI, docs, the page), then
  POST /v1/availability with 100 hosts over 28 days (the scaling benchmark's middle row), its hard
  variant, and 500 hosts over 14 days (the most participants a request may have; 4.4 MB of body);
- webhooks: a signed Calendly delivery that drops cached answers (it reads and writes the table);
- warmer: one scheduled run that warms the demo event type (14 days) and syncs push channels.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "core"), str(ROOT)]

API_EVENTS = ("availability", "availability_explain", "event_type_available_times", "openapi", "docs", "ui")
WEBHOOK_KEY = "bench-webhook-key"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def api_work(handler, context) -> list[int]:
    from benchmarks.workload import availability_body, hard_body

    statuses = [
        handler(json.loads((ROOT / "events" / f"{n}.json").read_text()), context())["statusCode"] for n in API_EVENTS
    ]
    template = json.loads((ROOT / "events" / "availability.json").read_text())
    for body in (availability_body(100, 28), hard_body(100, 28), availability_body(500, 14)):
        statuses.append(handler({**template, "body": body}, context())["statusCode"])
    return statuses


def webhooks_work(handler, context) -> list[int]:
    from tests.fakes.webhooks import calendly_sign

    event = json.loads((ROOT / "events" / "webhook_calendly.json").read_text())
    event["headers"] = {**event["headers"], **calendly_sign(WEBHOOK_KEY, event["body"].encode())}
    return [handler(event, context())["statusCode"]]


def warmer_work(handler, context, module) -> list[int]:
    from scripts import local_api
    from whofree.data import hits

    local_api.seed_demo()
    hits.count_hit(module.RUNTIME.context(28), local_api.DEMO_EVENT_TYPE, flush=True)
    result = handler(json.loads((ROOT / "events" / "warmer.json").read_text()), context())
    return [len(result.get("warmed", [])) if isinstance(result, dict) else 0]


def child(function: str) -> None:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    os.environ["WHOFREE_CALENDLY_WEBHOOK_KEY"] = WEBHOOK_KEY
    warnings.filterwarnings("ignore")
    from scripts import invoke, local_api

    local_api.start_demo_calendly()
    known = invoke.functions()
    logical_id = invoke.resolve(function, known)
    props, defaults = known[logical_id], known[logical_id]["defaults"]
    for variables in (defaults.get("Environment", {}), props.get("Environment", {})):
        for key, value in local_api._literal_env(variables.get("Variables", {})).items():
            os.environ.setdefault(key, value)
    handler = local_api._load_handler(logical_id, props["CodeUri"], props.get("Handler", defaults.get("Handler")))
    after_import = peak_mb()
    module = sys.modules[f"local_{logical_id}_app"]

    def context():
        return local_api._Context(logical_id)

    if function == "api":
        outcome = api_work(handler, context)
    elif function == "webhooks":
        outcome = webhooks_work(handler, context)
    else:
        outcome = warmer_work(handler, context, module)
    print(
        json.dumps(
            {
                "function": function,
                "after_import_mb": round(after_import, 1),
                "peak_mb": round(peak_mb(), 1),
                "outcome": outcome,
            }
        )
    )


def main() -> None:
    from scripts import dynamodb_local

    process, endpoint = dynamodb_local.start()
    try:
        names = dynamodb_local.create_tables(dynamodb_local.client(endpoint), prefix="benchmem")
        env = {
            **os.environ,
            "WHOFREE_DYNAMODB_ENDPOINT": endpoint,
            "WHOFREE_TABLE_NAME": names["WhofreeTable"],
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": "us-east-1",
        }
        print(f"{'function':9} {'after imports':>14} {'peak':>8}  outcome")
        for function in ("api", "webhooks", "warmer"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", function], env=env, capture_output=True, text=True, check=True
            ).stdout
            row = json.loads(out.strip().splitlines()[-1])
            print(f"{function:9} {row['after_import_mb']:>11.1f} MB {row['peak_mb']:>5.1f} MB  {row['outcome']}")
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        main()
