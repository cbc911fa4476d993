"""A fake Nylas v3 free/busy endpoint on 127.0.0.1 (shapes from providers.md §3.2)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEY = "nylas-test-key"  # a fake credential for a fake server


class FakeNylas:
    def __init__(self) -> None:
        self.busy: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (grant, email) -> blocks
        self.broken: set[str] = set()  # emails answered with an error item
        self.calls: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                grant = self.path.split("/")[3]
                fake.calls.append({"grant": grant, **body})
                if self.headers.get("Authorization") != f"Bearer {KEY}":
                    return self._send(401, {"request_id": "r", "error": {"type": "unauthorized", "message": "no"}})
                data = []
                for email in body["emails"]:
                    if email in fake.broken:
                        data.append({"object": "error", "email": email, "error": "Unable to resolve e-mail address"})
                        continue
                    slots = [
                        {"object": "time_slot", "status": "busy", "start_time": a, "end_time": b}
                        for a, b in fake.busy.get((grant, email), [])
                        if a < body["end_time"] and b > body["start_time"]
                    ]
                    data.append({"object": "free_busy", "email": email, "time_slots": slots})
                return self._send(200, {"request_id": "r", "data": data})

            def _send(self, status: int, body: dict) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
