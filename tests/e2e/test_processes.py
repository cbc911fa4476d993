"""The local processes a newcomer starts: they stop at once on SIGTERM and listen on loopback only."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.e2e.conftest import ROOT, Runner, newcomer_env


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port`` (Linux's /proc/net tables)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


LOOPBACK = {
    "0100007F",  # 127.0.0.1
    "0000000000000000FFFF00000100007F",  # ::ffff:127.0.0.1
    "00000000000000000000000001000000",  # ::1
}


def test_dynamodb_local_listens_on_loopback_only_and_stops_within_a_second_on_sigterm():
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "dynamodb_local.py"), "--port", "0"],
        cwd=ROOT,
        env=newcomer_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("DynamoDB Local on http://127.0.0.1:"), line
        port = int(line.split("127.0.0.1:")[1].split(";")[0])
        addresses = listening_addresses(port)
        assert addresses, "nothing listens on the announced port"
        assert addresses <= LOOPBACK, f"DynamoDB Local listens beyond loopback: {addresses}"
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=5)
        assert time.monotonic() - started < 1.0
        # Java went with it: the port is closed.
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0
    finally:
        if proc.poll() is None:
            proc.kill()


def test_the_local_runner_stops_within_a_second_on_sigterm_and_takes_dynamodb_local_with_it():
    runner = Runner()
    try:
        dynamodb = runner.output().split("DynamoDB Local: http://127.0.0.1:")[1].split(",")[0]
        assert httpx.get(f"{runner.base}/v1/openapi.json").status_code == 200
        assert listening_addresses(int(dynamodb)) <= LOOPBACK
        assert runner.stop() < 1.0
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", int(dynamodb))) != 0
    finally:
        if runner.proc.poll() is None:
            runner.proc.kill()


def test_a_busy_port_is_one_line_that_says_how_to_pick_another():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(  # noqa: PLW1510 - the exit status is asserted below
            [sys.executable, str(ROOT / "scripts" / "local_api.py"), "--port", str(port)],
            cwd=ROOT,
            env=newcomer_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"Port {port} is in use (another `make run`?): pick another with `make run PORT={port + 1}`."
    ]
