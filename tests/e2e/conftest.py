"""The local runner as a newcomer starts it (`make run`): a real process with its own DynamoDB Local,
the demo Calendly and Google fakes and the demo ICS feed, on a free port of 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def newcomer_env() -> dict[str, str]:
    """The environment of someone who just cloned: no credentials, no table, no endpoint."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHOFREE_", "AWS_", "POWERTOOLS_"))}
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Runner:
    def __init__(self, port: int | None = None, *args: str) -> None:
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile("w+", prefix="whofree-run-", suffix=".log")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "local_api.py"), "--port", str(self.port), *args],
            cwd=ROOT,
            env=newcomer_env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while "whofree is serving" not in self.output():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.proc.kill()
                raise RuntimeError(f"the local runner did not start:\n{self.output()}")
            time.sleep(0.2)

    def output(self) -> str:
        return Path(self.log.name).read_text()

    def stop(self) -> float:
        """SIGTERM, as a supervisor or CI sends it; returns the seconds the runner took to exit."""
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
        return time.monotonic() - started


@pytest.fixture(scope="session")
def runner():
    started = Runner()
    yield started
    started.stop()
