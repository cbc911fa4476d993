"""Browser tests: headless Chromium (Debian's chromium + chromium-driver) against the local runner
(scripts/local_api.py) with its DynamoDB Local and the seeded demo team.

Without Chromium these tests skip with the install command; in CI (CI=true) they fail instead, so a
CI machine without Chromium cannot pass them silently."""

from __future__ import annotations

import os

import pytest

from tests.e2e.chromium import INSTALL, Runner, binaries, start_browser, stop_browser


def _need_chromium() -> None:
    if binaries() is not None:
        return
    message = f"Chromium and chromedriver are not installed ({INSTALL})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}: CI must run the browser tests.")
    pytest.skip(f"{message}: skipping the browser tests.")


@pytest.fixture(scope="session", name="runner")
def ui_runner():
    _need_chromium()
    server = Runner()
    yield server
    server.stop()


@pytest.fixture(scope="session", name="browser")
def chromium(runner):
    # The browser's own zone is not the demo's: the tests pick the zone in the page.
    drv = start_browser(1280, 900, timezone="Asia/Tokyo")
    yield drv
    stop_browser(drv)
