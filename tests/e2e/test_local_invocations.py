"""The local runner invokes one handler at a time, as one Lambda execution environment does:
Powertools keeps the request being answered on the resolver, so two at once would read each
other's (the fuzzer's parallel requests found a 500 from exactly that)."""

from __future__ import annotations

import http.client
import re
import threading
import time

from scripts import local_api


def test_concurrent_requests_never_run_two_handlers_at_once():
    running, most, guard = [0], [0], threading.Lock()

    def handler(event: dict, context: object) -> dict:
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with guard:
            running[0] -= 1
        return {"statusCode": 204, "headers": {}, "body": ""}

    routes = [local_api.Route("ANY", "/x", re.compile("^/x$"), "Fn", handler)]
    server = local_api.make_server(0, routes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    statuses: list[int] = []

    def call() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/x")
        statuses.append(conn.getresponse().status)
        conn.close()

    clients = [threading.Thread(target=call) for _ in range(6)]
    try:
        for client in clients:
            client.start()
        for client in clients:
            client.join()
    finally:
        server.shutdown()
        server.server_close()
    assert statuses == [204] * 6
    assert most[0] == 1
