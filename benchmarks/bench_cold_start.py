"""Cold start: a fresh process that imports functions/api/app.py and answers one small request,
against a fresh process that only imports boto3 and makes a DynamoDB client.

Runs alternate (so machine noise hits both alike); medians of wall time per process. Byte code is
compiled once before measuring, as it is in the deployed layer.

    .venv/bin/python benchmarks/bench_cold_start.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = "import boto3; boto3.client('dynamodb', region_name='us-east-1')"
API = f"""
import json, sys
sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "layers" / "core")!r}, {str(ROOT / "functions" / "api")!r}]
import app
event = json.load(open({str(ROOT / "events" / "availability.json")!r}))
class Context:
    function_name = "cold"; memory_limit_in_mb = 1024; aws_request_id = "cold"
    invoked_function_arn = "arn:aws:lambda:local:0:function:cold"
assert app.lambda_handler(event, Context())["statusCode"] == 200
"""


def run(code: str) -> float:
    env = {
        **os.environ,
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
    }
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    run(BASELINE), run(API)  # warm the OS file cache and write .pyc files
    baseline, api = [], []
    for _ in range(args.runs):
        baseline.append(run(BASELINE))
        api.append(run(API))
    b, a = statistics.median(baseline), statistics.median(api)
    print("| process | median ms | min ms | max ms |")
    print("|---|---|---|---|")
    print(f"| import boto3 + DynamoDB client | {b:.0f} | {min(baseline):.0f} | {max(baseline):.0f} |")
    print(f"| import functions/api/app.py + one POST /v1/availability | {a:.0f} | {min(api):.0f} | {max(api):.0f} |")
    print(f"\nratio (API / baseline): **{a / b:.2f}x** over {args.runs} alternating runs each")


if __name__ == "__main__":
    main()
