"""The Docker-free local runner: template routes, event translation, responses back over HTTP."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from pathlib import Path

import pytest

from scripts import local_api

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server():
    routes = local_api.load_routes()
    srv = local_api.make_server(0, routes)  # port 0: any free port on 127.0.0.1
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def request(port: int, method: str, path: str, body: str | None = None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read().decode()
    conn.close()
    return response.status, dict(response.getheaders()), data


def test_routes_come_from_the_template():
    routes = {(r.method, r.template, r.function) for r in local_api.load_routes()}
    assert ("ANY", "/v1/availability", "ApiFunction") in routes
    assert ("ANY", "/{proxy+}", "ApiFunction") in routes
    # Static paths are matched before the greedy fallback, as API Gateway does.
    assert local_api.load_routes()[-1].template == "/{proxy+}"


def test_post_availability_over_http(server):
    body = json.loads(json.loads((ROOT / "events" / "availability.json").read_text())["body"])
    status, headers, data = request(
        server, "POST", "/v1/availability", json.dumps(body), {"Content-Type": "application/json"}
    )
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert json.loads(data)["collection"][0]["available"] == ["ana@example.com", "ben@example.com", "chen@example.com"]


def test_errors_and_headers_come_back(server):
    status, headers, data = request(server, "GET", "/v1/availability?x=1")
    assert status == 405
    assert headers["Allow"] == "POST"
    status, _, data = request(server, "POST", "/v1/availability", "{", {"Content-Type": "application/json"})
    assert status == 400
    assert json.loads(data)["details"][0]["parameter"] == "body"
    status, _, data = request(server, "GET", "/elsewhere")
    assert status == 404
    assert json.loads(data)["title"] == "Resource Not Found"


def test_event_translation_keeps_query_headers_and_path_parameters():
    route = local_api.Route("ANY", "/v1/event_types/{id}", local_api._pattern("/v1/event_types/{id}"), "F", None)
    event = local_api.to_event(
        "GET",
        "/v1/event_types/abc?hosts=a,b&hosts=c&count=2",
        [("X-Api-Key", "k"), ("Accept", "application/json")],
        b"",
        route,
        3000,
    )
    assert event["resource"] == "/v1/event_types/{id}"
    assert event["pathParameters"] == {"id": "abc"}
    assert event["queryStringParameters"] == {"hosts": "c", "count": "2"}
    assert event["multiValueQueryStringParameters"]["hosts"] == ["a,b", "c"]
    assert event["headers"]["X-Api-Key"] == "k"
    assert event["body"] is None
    assert event["isBase64Encoded"] is False
    binary = local_api.to_event("POST", "/x", [], b"\xff\x00", route, 3000)
    assert binary["isBase64Encoded"] is True


def test_the_printed_curl_example_is_valid_json(server):
    example = local_api.curl_example(3000)
    body = example.split("-d '", 1)[1].rstrip("'")
    status, _, _ = request(server, "POST", "/v1/availability", body, {"Content-Type": "application/json"})
    assert status == 200


def raw_exchange(port: int, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (http.client refuses to send malformed requests) and read one answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:])
        while len(body) < int(headers.get("Content-Length", "0")):
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize(
    ("raw", "status", "title"),
    [
        (b"TRACE /v1/availability HTTP/1.1\r\nHost: x\r\n\r\n", 405, "Method Not Allowed"),
        (b"CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n", 405, "Method Not Allowed"),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 400, "Invalid Argument"),
        (b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n", 400, "Invalid Argument"),
        (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 400, "Invalid Argument"),
        (b"GET /v1/openapi.json HTTP/1.1 extra\r\nHost: x\r\n\r\n", 400, "Invalid Argument"),
        (b"POST /v1/availability HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n", 400, "Invalid Argument"),
        (b"POST /v1/availability HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 400, "Invalid Argument"),
    ],
)
def test_what_the_runner_refuses_itself_has_the_contract_error_body(server, raw, status, title):
    got, headers, body = raw_exchange(server, raw)
    assert got == status
    assert headers["Content-Type"] == "application/json"
    assert b"<" not in body  # no HTML page
    answer = json.loads(body)
    assert answer["title"] == title
    assert isinstance(answer["message"], str)
    assert isinstance(answer["details"], list)


def test_the_listen_backlog_holds_64_clients_that_connect_at_once():
    # Nothing accepts until all 64 have connected: a connection completes only if the kernel's
    # listen queue has room for it, so a backlog under 64 makes some connects time out here.
    srv = local_api.make_server(0, local_api.load_routes())
    port = srv.server_address[1]
    body = json.dumps(json.loads(json.loads((ROOT / "events" / "availability.json").read_text())["body"]))
    request_bytes = (
        f"POST /v1/availability HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}"
    ).encode()
    clients = []
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    try:
        for _ in range(64):
            sock = socket.create_connection(("127.0.0.1", port), timeout=2)
            sock.sendall(request_bytes)
            clients.append(sock)
        thread.start()
        statuses = []
        deadline = time.monotonic() + 30  # one bound for all: a dropped connection never answers
        for sock in clients:
            received = b""
            try:
                sock.settimeout(max(0.1, deadline - time.monotonic()))
                while chunk := sock.recv(65536):
                    received += chunk
            except TimeoutError:
                pass
            statuses.append(int(received.split(b" ", 2)[1]) if received else None)
        assert statuses == [200] * 64
    finally:
        for sock in clients:
            sock.close()
        if thread.is_alive():
            srv.shutdown()
        srv.server_close()


def test_concurrent_requests_each_get_their_own_answer(server, settings):
    """Each request's next_page link names the host it was sent to, however many run at once
    (Powertools keeps the current event on its router class: without the runner's lock, threads read
    each other's). Mutation check: without ``one_at_a_time`` in make_server, this fails."""
    from datetime import datetime

    from tests.fakes.calendly import TOKEN, FakeCalendly

    def at(text: str) -> float:
        return datetime.fromisoformat(text).timestamp()

    fake = FakeCalendly(latency=0.02)
    settings.setenv("WHOFREE_CALENDLY_BASE_URL", fake.start())
    settings.setenv("WHOFREE_CALENDLY_TOKEN", TOKEN)
    settings.delenv("WHOFREE_TABLE_NAME", raising=False)
    rules = [{"type": "wday", "wday": "monday", "intervals": [{"from": "00:00", "to": "24:00"}]}]
    event_type = fake.add_event_type("ETYPE", 30)
    fake.add_host(event_type, "ana", "Ana", "ana@example.com", "UTC", rules)
    fake.available[event_type] = [at("2030-03-11T10:00:00+00:00"), at("2030-03-11T11:00:00+00:00")]
    query = f"event_type={event_type}&start_time=2030-03-11T00:00:00Z&end_time=2030-03-12T00:00:00Z&count=1"

    def fetch(n: int, mixed: list[str]) -> None:
        host = f"client-{n}.example.test:{server}"
        for _ in range(3):
            status, _, data = request(server, "GET", f"/v1/event_type_available_times?{query}", headers={"Host": host})
            link = json.loads(data)["pagination"]["next_page"] if status == 200 else f"status {status}: {data}"
            if not link.startswith(f"http://{host}/"):
                mixed.append(link)

    mixed: list[str] = []
    threads = [threading.Thread(target=fetch, args=(n, mixed)) for n in range(16)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        fake.stop()
    assert mixed == []


def test_a_feed_the_runner_serves_itself_is_read_while_a_handler_runs(server, settings):
    """The runner serves /local/ itself, never through a handler: the request reading such a feed holds
    the handler lock. Mutation check: with /local/ paths that no fake serves passed on to the API
    function (as before), this request waits for its own lock until the deadline (the client gives up
    after 10 s)."""
    settings.setenv("WHOFREE_ICS_ALLOW_LOOPBACK", "true")
    settings.delenv("WHOFREE_TABLE_NAME", raising=False)
    feed = f"http://127.0.0.1:{server}/local/missing.ics"
    body = {
        "start_time": "2030-03-11T00:00:00Z",
        "end_time": "2030-03-12T00:00:00Z",
        "participants": [{"id": "dev", "source": {"provider": "ics", "url": feed}}],
    }
    status, _, data = request(server, "POST", "/v1/free_busy", json.dumps(body), {"Content-Type": "application/json"})
    assert status == 424  # the only calendar could not be read
    assert "answered 404" in json.loads(data)["message"]
