import json
import logging
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
    """The ``settings`` fixture: change a variable, then read whofree's Settings from the environment
    again (validated, as at init) and start the functions with them; everything is undone after the
    test (monkeypatch, then ``_fresh_settings``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch

    def setenv(self, name: str, value: str):
        self._monkeypatch.setenv(name, value)
        return self.swap()

    def delenv(self, name: str, raising: bool = True):
        self._monkeypatch.delenv(name, raising=raising)
        return self.swap()

    def swap(self):
        return _restart_functions()


HANDLERS = ("functions.api.app", "functions.webhooks.app", "functions.warmer.app", "functions.subscriptions.app")


def _restart_functions():
    """A function reads its settings and makes its runtime (table, caches) at init: a test that changes
    the settings gets functions restarted with them, as a new deployment would be (those the local
    runner serves too). The settings read."""
    import sys

    from whofree import runtime, settings

    current = settings.load()
    # The handlers, and the copies of them the local runner loads (scripts/local_api.py: ``local_*``).
    loaded = [name for name in list(sys.modules) if name in HANDLERS or name.startswith("local_")]
    for name in loaded:
        module = sys.modules.get(name)
        if module is not None and hasattr(module, "RUNTIME"):
            module.SETTINGS = current
            module.RUNTIME = runtime.start(current)
    return current


@pytest.fixture(autouse=True)
def _fresh_settings() -> None:
    """Each test starts with functions (already imported) started afresh from the environment: no
    setting or cache carries over from another test."""
    _restart_functions()


@pytest.fixture
def settings(monkeypatch) -> SettingsOverride:
    return SettingsOverride(monkeypatch)


# Connection secrets the fakes hand out (tests/fakes/connect.py): none may reach a log record of the
# whofree logger, in any test of the session (tests/integration/test_connections.py checks its own output
# more closely, stdout included).
CONNECTION_SECRETS = (
    "cal_live_fake_key_1",
    "pat-fake-1",
    "nyk-us-1",
    "nyk-eu-1",
    "client-secret-fake-1",
    "access-calendly-",
    "refresh-calendly-",
    "access-google-",
    "refresh-google-",
    "access-microsoft-",
)


class _SecretsInLogs(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = f"{record.getMessage()} {record.__dict__}"
        self.leaks += [f"{record.name}:{record.lineno} logged {s!r}" for s in CONNECTION_SECRETS if s in text]


@pytest.fixture(scope="session", autouse=True)
def _no_connection_secret_in_any_log():
    watcher = _SecretsInLogs()
    logger = logging.getLogger("whofree")
    logger.addHandler(watcher)
    yield
    logger.removeHandler(watcher)
    assert watcher.leaks == []
