import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events"
NOW = datetime(2029, 1, 1, tzinfo=UTC)  # before every date the tests ask about


@dataclass
class LambdaContext:
    function_name: str = "whofree-api"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 1024
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:whofree-api"
    aws_request_id: str = "11111111-2222-3333-4444-555555555555"

    def get_remaining_time_in_millis(self) -> int:
        return 28_000


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext()


@pytest.fixture
def event():
    def load(name: str) -> dict:
        return json.loads((EVENTS / f"{name}.json").read_text())

    return load


@pytest.fixture(autouse=True)
def _quiet_powertools(monkeypatch):
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")


class SettingsOverride:
    """The ``settings`` fixture: change a variable, then build a new whofree Settings from the
    environment (validated, as at init) and swap it in; everything is undone after the test."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch

    def setenv(self, name: str, value: str):
        self._monkeypatch.setenv(name, value)
        return self.swap()

    def delenv(self, name: str, raising: bool = True):
        self._monkeypatch.delenv(name, raising=raising)
        return self.swap()

    def swap(self):
        from whofree import settings

        current = settings.load()
        settings.use(current)
        _restart_functions()
        return current


HANDLERS = ("functions.api.app", "functions.webhooks.app", "functions.warmer.app")


def _restart_functions() -> None:
    """A function makes its runtime (settings, table, caches) at init: a test that changes the
    settings gets functions restarted with them, as a new deployment would be."""
    import sys

    from whofree import runtime

    for name in HANDLERS:
        module = sys.modules.get(name)
        if module is not None:
            module.RUNTIME = runtime.start()


@pytest.fixture(autouse=True)
def _fresh_settings():
    """whofree.settings reads the environment once per process; each test starts from a fresh read,
    with functions (already imported) started afresh: no cache carries over from another test."""
    from whofree import settings

    settings.use(None)
    _restart_functions()
    yield
    settings.use(None)


@pytest.fixture
def settings(monkeypatch) -> SettingsOverride:
    return SettingsOverride(monkeypatch)
