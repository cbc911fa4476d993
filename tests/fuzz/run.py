"""The fuzzer: schemathesis against the local runner, with DynamoDB Local, bounded in time.

    .venv/bin/python tests/fuzz/run.py [--max-time 150] [--workers 2] [--port N]

Starts (or reuses, with WHOFREE_DYNAMODB_ENDPOINT) DynamoDB Local, creates fresh tables from
template.yaml, serves the API with scripts/local_api.py on a free loopback port, and runs
``st run`` on the served /v1/openapi.json: every operation, every check (the exceptions and their
reasons are in tests/fuzz/schemathesis.toml), all phases including the stateful one over the
document's links. Schemathesis's summary goes to stdout (the CI log); the exit status is its own.
Failures owned by other work in progress are accepted in tests/fuzz/baseline.json, each with its
reason and owner, so that a new failure still fails CI.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "core")]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the local runner exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - a loopback URL we built
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the local runner did not answer {url} in {timeout:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-time", type=int, default=int(os.environ.get("WHOFREE_FUZZ_SECONDS", "150")))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", default=os.environ.get("WHOFREE_FUZZ_SEED"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("WHOFREE_FUZZ_PORT", "0")), help="0: a free one")
    args, extra = parser.parse_known_args()  # anything else goes to `st run` (e.g. --baseline-update)

    from scripts import dynamodb_local

    ddb = None
    endpoint = os.environ.get("WHOFREE_DYNAMODB_ENDPOINT")
    if not endpoint:
        ddb, endpoint = dynamodb_local.start()
    names = dynamodb_local.create_tables(dynamodb_local.client(endpoint), prefix=f"fuzz{uuid.uuid4().hex[:8]}")
    port = args.port or dynamodb_local.free_port()
    env = {
        **os.environ,
        "WHOFREE_DYNAMODB_ENDPOINT": endpoint,
        "WHOFREE_TABLE_NAME": names["WhofreeTable"],
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-1",
        "POWERTOOLS_LOG_LEVEL": "ERROR",  # only the unexpected: 4xx are what a fuzzer asks for
    }
    log = tempfile.NamedTemporaryFile("w+", prefix="whofree-fuzz-runner-", suffix=".log", delete=False)  # noqa: SIM115
    runner = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "local_api.py"), "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/v1/openapi.json", runner)
        command = [
            str(Path(sys.executable).with_name("st")),
            "--config-file",
            str(HERE / "schemathesis.toml"),
            "--no-color",
            "run",
            f"{base}/v1/openapi.json",
            "--checks",
            "all",
            # The only checks left out, both about the API key: API Gateway checks x-api-key in front
            # of the functions, and the local runner has no gateway. ignored_auth asks "is a request
            # without the key refused?"; missing_required_header asks the same of the one required
            # header, x-api-key (the webhooks' signature headers are no OpenAPI parameters: their
            # checks are in tests/unit/test_signatures.py).
            "--exclude-checks",
            "ignored_auth,missing_required_header",
            "--max-time",
            str(args.max_time),
            "--workers",
            str(args.workers),
            "--request-timeout",
            "30",
            "--baseline",
            str(HERE / "baseline.json"),
            "--output-truncate",
            "true",
        ]
        if args.seed:
            command += ["--seed", args.seed]
        command += extra
        print("$", " ".join(command), flush=True)
        started = time.monotonic()
        # Outside the repository: schemathesis keeps replay files in .schemathesis/ of its directory.
        status = subprocess.call(command, cwd=tempfile.mkdtemp(prefix="whofree-fuzz-"))
        print(f"== fuzzer: exit {status} after {time.monotonic() - started:.0f} s", flush=True)
        if status:
            log.flush()
            errors = [line for line in Path(log.name).read_text().splitlines() if '"level":"ERROR"' in line]
            print(f"== the local runner's unexpected errors ({len(errors)}; full log {log.name}):")
            for line in errors[-20:]:
                print(line[:2000])
        return status
    finally:
        runner.terminate()
        try:
            runner.wait(timeout=10)
        except subprocess.TimeoutExpired:
            runner.kill()
        if ddb is not None:
            dynamodb_local.stop(ddb)


if __name__ == "__main__":
    sys.exit(main())
