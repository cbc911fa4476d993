"""As it was once found: 50 concurrent POST /v1/reservations without hosts on the local
runner's demo team (Ana is required in every meeting) used to make three holds (Ana, Ben and Dev
each alone). A hold is a whole meeting now, and Ana is in each: exactly one 201."""

from __future__ import annotations

import http.client
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from scripts import local_api

SLOT = "2030-03-11T15:00:00Z"


@pytest.fixture
def runner(table, settings):
    """The local runner on a free port, with DynamoDB Local and the demo team seeded as `make run` does."""
    settings.setenv("WHOFREE_ICS_ALLOW_LOOPBACK", "true")
    server = local_api.make_server(0, local_api.load_routes())
    server.socket.listen(128)  # the runner's own backlog is tested in tests/e2e
    port = server.server_address[1]
    local_api.seed_demo(f"http://127.0.0.1:{port}/local/demo.ics")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield port
    server.shutdown()
    server.server_close()


def post(port: int, body: dict) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", "/v1/reservations", body=json.dumps(body), headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    data = json.loads(response.read() or b"{}")
    conn.close()
    return response.status, data


def test_fifty_concurrent_hostless_holds_on_the_demo_team_make_exactly_one(runner, table):
    gate = threading.Barrier(50)

    def one(_: int) -> tuple[int, dict]:
        gate.wait()
        return post(runner, {"event_type": local_api.DEMO_EVENT_TYPE, "start_time": SLOT})

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(one, range(50)))
    statuses = [status for status, _ in answers]
    assert statuses.count(201) == 1, statuses
    assert statuses.count(409) == 49, statuses
    (made,) = [body["resource"] for status, body in answers if status == 201]
    # The meeting: Ana (required) and one of Ben and Chen; Dev is in no group, so never needed.
    assert made["hosts"][0] == "ana@example.com"
    assert len(made["hosts"]) == 2
    assert made["hosts"][1] in ("ben@example.com", "chen@example.com")
    assert all(body["title"] == "Conflict" for status, body in answers if status == 409)
