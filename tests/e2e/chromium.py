"""Headless Chromium from Debian's packages (chromium + chromium-driver), driven by Selenium, and the
local runner (scripts/local_api.py) as a subprocess: shared by tests/e2e/test_ui.py and benchmarks/bench_ui.py."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
INSTALL = "apt-get update && apt-get install -y chromium chromium-driver"


def binaries() -> tuple[str, str] | None:
    """(chromium, chromedriver) when both are installed."""
    browser = os.environ.get("WHOFREE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    driver = os.environ.get("WHOFREE_CHROMEDRIVER") or shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def start_browser(width: int = 1280, height: int = 900, timezone: str | None = None):
    """A fresh headless Chromium (own profile directory) at the given window size."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = binaries()
    if found is None:
        raise RuntimeError(f"Chromium is not installed: {INSTALL}")
    browser, driver = found
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    profile = tempfile.mkdtemp(prefix="whofree-chromium-")
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    env = dict(os.environ)
    if timezone:
        env["TZ"] = timezone  # Chromium's default zone, which the page reads through Intl
    service = Service(executable_path=driver, env=env)
    drv = webdriver.Chrome(options=options, service=service)
    drv._whofree_profile = profile
    return drv


def stop_browser(drv) -> None:
    profile = getattr(drv, "_whofree_profile", None)
    drv.quit()
    if profile:
        shutil.rmtree(profile, ignore_errors=True)


def free_port() -> int:
    from scripts.dynamodb_local import free_port as port

    return port()


class Runner:
    """scripts/local_api.py on a free port, with its own DynamoDB Local and the seeded demo team."""

    def __init__(self, extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("WHOFREE_")}
        env.update(extra_env or {})
        handle, name = tempfile.mkstemp(prefix="whofree-runner-", suffix=".log")
        os.close(handle)
        self.log = Path(name)
        with self.log.open("wb") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "scripts" / "local_api.py"), "--port", str(self.port)],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the local runner exited: {self.log.read_text()[-2000:]}")
            if "whofree is serving" in self.log.read_text():
                try:
                    httpx.get(f"{self.url}/v1/openapi.json", timeout=5).raise_for_status()
                    return
                except httpx.HTTPError:
                    pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("the local runner did not start in 90 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # the runner stops its DynamoDB Local on SIGTERM
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.unlink(missing_ok=True)


ZONES = ["America/New_York", "Europe/London", "Asia/Singapore", "Asia/Kolkata", "America/Los_Angeles"]


def big_team(hosts: int = 100, seed: int = 12) -> dict:
    """A configured event type: `hosts` hosts, 15-minute slots, random inline busy time in 11-17 March 2030."""
    rng = random.Random(seed)
    people = []
    for n in range(hosts):
        busy = []
        for day in range(11, 18):
            for _ in range(rng.randint(2, 6)):
                start = rng.randrange(0, 24 * 4) * 15
                length = rng.choice([30, 45, 60, 90, 120])
                busy.append(
                    {
                        "start_time": f"2030-03-{day:02d}T{start // 60:02d}:{start % 60:02d}:00Z",
                        "end_time": f"2030-03-{day:02d}T{min(start + length, 1439) // 60:02d}:"
                        f"{min(start + length, 1439) % 60:02d}:00Z",
                    }
                )
        host = {"id": f"host{n:03d}@example.com", "name": f"Host {n:03d}", "busy": busy}
        if n % 4:  # three in four work office hours somewhere; the rest are open all the time
            host["timezone"] = ZONES[n % len(ZONES)]
            host["open_hours"] = [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "18:00"}]
        people.append(host)
    return {
        "name": "Benchmark: 100 hosts, 15 minutes",
        "duration_minutes": 15,
        "interval_minutes": 15,
        "timezone": "UTC",
        "hosts": people,
    }
