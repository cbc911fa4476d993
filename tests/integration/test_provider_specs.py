"""Contract tests: every Calendly and Nylas request whofree sends is valid against the provider's spec.

Prism (npm @stoplight/prism-cli, installed by `make setup`) serves a mock of each spec in
tests/integration/specs/ on 127.0.0.1 with --errors: a request that violates the spec (path, query, body,
auth) gets an error answer instead of a mock. The real connectors run against it, and every answer
must be a success without violations; the mock answers (the specs' examples) must also parse.

/event_type_memberships is not in the Calendly spec copy (see tests/integration/specs/README.md): its
requests are covered by the fake Calendly in the other integration tests instead.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from whofree.domain import Host
from whofree.providers.calendly import Calendly
from whofree.providers.http import Deadline, ProviderClient
from whofree.providers.nylas import Nylas, NylasHost

pytestmark = pytest.mark.contract

ROOT = Path(__file__).resolve().parents[2]
# Copies of the providers' published specs, with their origin and licence in specs/README.md.
SPECS = Path(__file__).resolve().parent / "specs"
PRISM = ROOT / "node_modules" / ".bin" / "prism"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def prism():
    if not PRISM.exists():
        pytest.fail("Prism is not installed: run `make setup` (npm ci) first.")
    servers = {}
    procs = []

    def start(spec: str) -> str:
        if not (SPECS / spec).is_file():
            pytest.fail(f"{SPECS / spec} is missing from the repository.")
        port = _free_port()
        proc = subprocess.Popen(
            [str(PRISM), "mock", "--host", "127.0.0.1", "--port", str(port), "--errors", str(SPECS / spec)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "NO_COLOR": "1"},
        )
        procs.append(proc)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"Prism exited while loading {spec}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.3)
        pytest.fail(f"Prism did not start for {spec}")

    servers["calendly"] = start("calendly-v2.openapi.yaml")
    servers["nylas"] = start("nylas-v3-calendar.openapi.json")
    yield servers
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


class Recording(httpx.AsyncBaseTransport):
    """The real transport, keeping every answer's status and Prism's violation header."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.seen: list[tuple[str, str, int, str | None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.seen.append(
            (request.method, request.url.path, response.status_code, response.headers.get("sl-violations"))
        )
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def run(provider: str, base_url: str, work, token: str = "test-token"):
    recording = Recording()

    async def go():
        async with ProviderClient(
            provider,
            base_url,
            {"Authorization": f"Bearer {token}"},
            Deadline.after(30),
            transport=recording,
            max_retries=0,
        ) as client:
            return await work(client)

    result = asyncio.run(go())
    assert recording.seen, "no request was sent"
    for method, path, status, violations in recording.seen:
        assert status < 300, f"{method} {path} -> {status} {violations}"
        assert violations is None, f"{method} {path} violates the spec: {violations}"
    return result, recording.seen


START = time.mktime((2030, 3, 11, 0, 0, 0, 0, 0, 0)) - time.timezone
EVENT_TYPE = "https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"
HOST = Host(id="a@example.com", key="https://api.calendly.com/users/AAAAAAAAAAAAAAAA")


def test_calendly_event_type_request(prism, monkeypatch):
    async def hosts(self, ref):
        return [HOST]  # /event_type_memberships is not in the spec copy

    async def event_type_schedules(self, ref):
        return {}  # nor is /event_type_availability_schedules

    monkeypatch.setattr(Calendly, "hosts", hosts)
    monkeypatch.setattr(Calendly, "event_type_schedules", event_type_schedules)
    event_type, seen = run(
        "calendly", prism["calendly"], lambda c: Calendly(c, now=START - 86_400).event_type(EVENT_TYPE)
    )
    assert [(m, p) for m, p, _, _ in seen] == [("GET", "/event_types/AAAAAAAAAAAAAAAA")]
    assert event_type.duration_minutes > 0


def test_calendly_schedule_request_and_shape(prism):
    schedule, seen = run("calendly", prism["calendly"], lambda c: Calendly(c, START - 86_400).schedule(HOST))
    assert [p for _, p, _, _ in seen] == ["/user_availability_schedules"]
    assert schedule.timezone


def test_calendly_busy_times_requests_in_7_day_windows(prism):
    blocks, seen = run(
        "calendly", prism["calendly"], lambda c: Calendly(c, now=START - 86_400).busy(HOST, START, START + 10 * 86_400)
    )
    assert [p for _, p, _, _ in seen] == ["/user_busy_times", "/user_busy_times"]
    assert all(end > start for start, end in blocks)


def test_calendly_available_times_requests(prism):
    slots, seen = run(
        "calendly",
        prism["calendly"],
        lambda c: Calendly(c, now=START - 86_400).slots(EVENT_TYPE, START, START + 3 * 86_400),
    )
    assert [p for _, p, _, _ in seen] == ["/event_type_available_times"]
    assert all(s.start > 0 for s in slots)


def test_calendly_without_a_token_is_refused_by_the_mock(prism):
    # The check that the mock really validates: no bearer token, no mock answer.
    async def work(client):
        response = await client._client.get(
            "/user_availability_schedules", params={"user": HOST.key}, headers={"Authorization": ""}
        )
        return response.status_code

    assert asyncio.run(_raw(prism["calendly"], work)) in (401, 403)


def test_a_malformed_calendly_request_is_refused_by_the_mock(prism):
    async def work(client):
        response = await client._client.get("/user_busy_times", params={"start_time": "x"})  # no user, no end
        return response.status_code

    assert asyncio.run(_raw(prism["calendly"], work)) >= 400


def test_nylas_free_busy_requests(prism, monkeypatch):
    # GET /v3/grants/{id} (the grant's provider) is in Nylas's administration spec, not this copy.

    hosts = [NylasHost(f"h{i}", "grant-1", f"p{i}@example.com") for i in range(3)]
    answer, seen = run(
        "nylas", prism["nylas"], lambda c: Nylas(c, {"grant-1": "google"}).busy(hosts, START, START + 7 * 86_400)
    )
    assert [(m, p) for m, p, _, _ in seen] == [("POST", "/v3/grants/grant-1/calendars/free-busy")]
    assert set(answer) == {"h0", "h1", "h2"}


async def _raw(base_url: str, work):
    async with ProviderClient("raw", base_url, {}, Deadline.after(30), max_retries=0) as client:
        return await work(client)


def test_a_malformed_nylas_body_is_refused_by_the_mock(prism):
    async def work(client):
        response = await client._client.post(
            "/v3/grants/grant-1/calendars/free-busy",
            json={"start_time": "soon", "emails": ["a@example.com"]},
            headers={"Authorization": "Bearer test-token"},
        )
        return response.status_code

    assert asyncio.run(_raw(prism["nylas"], work)) >= 400
