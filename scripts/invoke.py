"""`sam local invoke` without Docker: one event from events/ through one function of template.yaml.

    python scripts/invoke.py api events/availability.json        # or: make invoke FUNCTION=api EVENT=...

FUNCTION is a logical id of template.yaml (ApiFunction) or its short name (api, webhooks, warmer).
Prints the function's return value as JSON on stdout, as `sam local invoke` does; logs go to stderr.
The environment is the template's literal variables plus yours, as under `sam local invoke`:
without WHOFREE_TABLE_NAME, API routes that store data answer 503, and the warmer (which needs a
table) gets fresh tables on WHOFREE_DYNAMODB_ENDPOINT or a DynamoDB Local of its own. Without
WHOFREE_CALENDLY_TOKEN the demo Calendly of `make run` serves, so events/event_type_available_times.json
answers real labels. An unhandled error prints Lambda's error object and exits 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "core"), str(ROOT)]

from scripts import local_api  # noqa: E402 - after the import path is set


def functions(template_path: Path = ROOT / "template.yaml") -> dict[str, dict]:
    template = yaml.load(template_path.read_text(), Loader=local_api._TemplateLoader)  # noqa: S506 - SafeLoader subclass
    defaults = template.get("Globals", {}).get("Function", {})
    found = {}
    for name, resource in template["Resources"].items():
        if resource["Type"] == "AWS::Serverless::Function":
            found[name] = {"defaults": defaults, **resource["Properties"]}
    return found


def resolve(name: str, known: dict[str, dict]) -> str:
    for logical_id in known:
        if name in (logical_id, logical_id.removesuffix("Function").lower()):
            return logical_id
    raise SystemExit(
        f"No function {name!r} in template.yaml: use one of {', '.join(known)} (or api, webhooks, warmer, subscriptions)."
    )


def invoke(function: str, event_path: Path) -> dict:
    known = functions()
    logical_id = resolve(function, known)
    props = known[logical_id]
    defaults = props["defaults"]
    environment = local_api._literal_env(defaults.get("Environment", {}).get("Variables", {}))
    environment.update(local_api._literal_env(props.get("Environment", {}).get("Variables", {})))
    for key, value in environment.items():
        os.environ.setdefault(key, value)
    handler = local_api._load_handler(logical_id, props["CodeUri"], props.get("Handler", defaults.get("Handler")))
    event = json.loads(event_path.read_text())
    return handler(event, local_api._Context(logical_id))


def ensure_table() -> None:
    """A table for functions that cannot run without one (the warmer): the one WHOFREE_TABLE_NAME
    names, else fresh tables on WHOFREE_DYNAMODB_ENDPOINT, else on a DynamoDB Local started here."""
    if os.environ.get("WHOFREE_TABLE_NAME"):
        return
    import uuid

    from scripts import dynamodb_local

    endpoint = os.environ.get("WHOFREE_DYNAMODB_ENDPOINT")
    if not endpoint:
        try:
            _, endpoint = dynamodb_local.start()
        except dynamodb_local.Unavailable as exc:
            print(f"No DynamoDB ({exc}); the function will answer as it does without a table.", file=sys.stderr)
            return
    os.environ.update(
        {
            "WHOFREE_DYNAMODB_ENDPOINT": endpoint,
            "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "local"),
            "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "local"),
            "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        }
    )
    names = dynamodb_local.create_tables(dynamodb_local.client(endpoint), prefix=f"invoke{uuid.uuid4().hex[:8]}")
    os.environ["WHOFREE_TABLE_NAME"] = names["WhofreeTable"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "function",
        help="ApiFunction, WebhooksFunction, WarmerFunction, SubscriptionsFunction (or api, webhooks, warmer, subscriptions)",
    )
    parser.add_argument("event", type=Path, help="an event file, e.g. events/availability.json")
    args = parser.parse_args()
    if not args.event.is_file():
        raise SystemExit(f"No event file {args.event}: the sample events are in events/.")
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)
    local_api.start_demo_calendly()
    if resolve(args.function, functions()) in ("WarmerFunction", "SubscriptionsFunction"):
        ensure_table()
    try:
        result = invoke(args.function, args.event)
    except Exception as exc:  # what Lambda (and sam local invoke) report for an unhandled error
        import traceback

        error = {
            "errorMessage": str(exc),
            "errorType": type(exc).__name__,
            "stackTrace": traceback.format_tb(exc.__traceback__),
        }
        print(json.dumps(error, separators=(",", ":")))
        return 1
    print(json.dumps(result, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
