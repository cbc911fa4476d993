"""Generate the Python client package in clients/python from the OpenAPI document the code serves.

    python scripts/generate_client.py                  # or: make client
    python scripts/generate_client.py --output DIR     # somewhere else (the test that checks clients/python)

The document is the API function's answer to GET /v1/openapi.json, built in-process from the same
handler as `make invoke FUNCTION=api EVENT=events/openapi.json` (no network, no runner, and none of
the caller's WHOFREE_ settings). openapi-python-client (pinned in requirements-dev.txt) turns it into
the package, configured by clients/openapi-python-client.yaml. Run it after any change to a route,
a model or an error of the document, and commit clients/python with the change.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "clients" / "python"
CONFIG = ROOT / "clients" / "openapi-python-client.yaml"
BIN = Path(sys.executable).parent


def document() -> dict:
    """The served document, from a child process with the template's environment only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHOFREE_", "AWS_", "POWERTOOLS_"))}
    env.update({"POWERTOOLS_LOG_LEVEL": "ERROR", "POWERTOOLS_METRICS_DISABLED": "true", "PYTHONHASHSEED": "0"})
    code = (
        "import json, sys, warnings; from pathlib import Path; from scripts import invoke; "
        "warnings.simplefilter('ignore'); "
        "print(json.dumps(invoke.invoke('api', Path('events/openapi.json'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    if answer["statusCode"] != 200:
        raise SystemExit(f"GET /v1/openapi.json answered {answer['statusCode']}: {answer['body'][:500]}")
    return json.loads(answer["body"])


def clear(output: Path) -> None:
    """Remove a previous generation, so that nothing the document no longer has survives in it."""
    if not output.exists():
        return
    if any(output.iterdir()) and not (output / "whofree_client").is_dir():
        raise SystemExit(f"{output} is not empty and holds no generated whofree_client: not overwriting it.")
    shutil.rmtree(output)


def generate(output: Path) -> None:
    clear(output)
    with tempfile.TemporaryDirectory(prefix="whofree-openapi-") as tmp:
        spec = Path(tmp) / "openapi.json"
        spec.write_text(json.dumps(document(), indent=2, sort_keys=True) + "\n")
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # the pinned ruff
        done = subprocess.run(
            [
                str(BIN / "openapi-python-client"),
                "generate",
                "--path",
                str(spec),
                "--config",
                str(CONFIG),
                "--meta",
                "setup",
                "--output-path",
                str(output),
                "--fail-on-warning",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    if done.returncode != 0:
        raise SystemExit(f"openapi-python-client failed:\n{done.stdout}\n{done.stderr}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT.relative_to(ROOT)}")
    args = parser.parse_args()
    generate(args.output.resolve())
    print(f"Generated {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
