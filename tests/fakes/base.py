"""A fake provider answers httpx requests: in process (``transport()``) or on 127.0.0.1 (``serve()``).

Each fake in this folder implements ``handle(request) -> response`` from the provider's published
behaviour (docs/PROVIDERS.md names the source of each rule), and records every request it saw.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


class Fake:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    def handle(self, request: httpx.Request) -> httpx.Response:
        raise NotImplementedError

    def _record(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            return self.handle(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._record)

    def serve(self) -> str:
        """Serve on 127.0.0.1 (an ephemeral port); returns the base URL."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = httpx.Request(
                    self.command, f"http://127.0.0.1{self.path}", headers=dict(self.headers.items()), content=body
                )
                response = fake._record(request)
                raw = response.content
                self.send_response(response.status_code)
                for name, value in response.headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = do_PATCH = do_DELETE = _any

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self.url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def body(request: httpx.Request) -> dict:
    return json.loads(request.content or b"{}")


def query(request: httpx.Request) -> dict[str, str]:
    return {k: v for k, v in request.url.params.multi_items()}


def as_sent(status: int, payload: object) -> httpx.Response:
    """``payload`` as JSON the way a provider may send it, non-finite numbers (``Infinity``) included,
    which ``httpx.Response(json=...)`` refuses to write."""
    return httpx.Response(status, content=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
