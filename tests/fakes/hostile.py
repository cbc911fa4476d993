"""A calendar server on 127.0.0.1 that sends what a hostile or broken feed or provider can send.

Paths (GET for feeds; POST too, for a provider's calls under the same prefix):
- ``/ok.ics``: a small, valid feed (one busy hour on 2030-03-11 from 09:00 UTC).
- ``/drip...``: a 200 that promises a megabyte and sends one byte every ``DRIP_EVERY`` seconds.
- ``/chunks.ics``: a valid feed of about a megabyte, sent in one-byte chunks (chunked encoding).
- ``/gzip...``: ``Content-Encoding: gzip``, 0.8 MB on the wire inflating to 800 MB.
- ``/secondly.ics``: the 192-byte feed with ``RRULE:FREQ=SECONDLY`` and no end.
- ``/minutely.ics``: 100 overlapping ``FREQ=MINUTELY`` rules.
"""

from __future__ import annotations

import threading
import time
import zlib
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DRIP_EVERY = 1.0
MB = 1024 * 1024


def feed(*events: tuple[str, ...], pad: int = 0) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//whofree//hostile//EN"]
    if pad:
        lines.append("X-PAD:" + "x" * pad)
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""]).encode()


OK = feed(("UID:ok", "DTSTART:20300311T090000Z", "DTEND:20300311T100000Z"))
SECONDLY = feed(("UID:s", "DTSTART:20300101T000000Z", "DTEND:20300101T000001Z", "RRULE:FREQ=SECONDLY"))
MINUTELY = feed(
    *((f"UID:m{n}", "DTSTART:20300311T000000Z", "DTEND:20300311T003000Z", "RRULE:FREQ=MINUTELY") for n in range(100))
)


@cache
def one_byte_chunks() -> bytes:
    """A valid feed of about a megabyte (one event, then padding), chunk-encoded one byte a chunk."""
    body = feed(("UID:c", "DTSTART:20300311T120000Z", "DTEND:20300311T130000Z"), pad=MB)
    return b"".join(b"1\r\n" + body[n : n + 1] + b"\r\n" for n in range(len(body))) + b"0\r\n\r\n"


@cache
def gzip_bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(MB)
    return b"".join([*(packer.compress(zeros) for _ in range(800)), packer.flush()])


class HostileServer:
    def __init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                server.requests.append(self.path)
                server.answer(self)

            do_GET = do_POST = _any

            def log_message(self, *args) -> None:
                pass

        self.requests: list[str] = []
        self._stop = threading.Event()

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a client that hangs up mid-answer is what these tests are about

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?", 1)[0]
        kind = "application/json" if "/calendar/" in path else "text/calendar"
        if path == "/ok.ics":
            self._send(h, OK, kind)
        elif path == "/secondly.ics":
            self._send(h, SECONDLY, kind)
        elif path == "/minutely.ics":
            self._send(h, MINUTELY, kind)
        elif path.startswith("/gzip"):
            self._send(h, gzip_bomb(), kind, {"Content-Encoding": "gzip"})
        elif path == "/chunks.ics":
            h.send_response(200)
            h.send_header("Content-Type", kind)
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            h.wfile.write(one_byte_chunks())
        elif path.startswith("/drip"):
            self._drip(h, kind)
        else:
            self._send(h, b"not here", "text/plain", status=404)

    def _send(self, h, body: bytes, kind: str, headers: dict | None = None, status: int = 200) -> None:
        h.send_response(status)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(body)

    def _drip(self, h, kind: str) -> None:
        h.send_response(200)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(MB))
        h.end_headers()
        h.wfile.flush()
        try:
            while not self._stop.is_set():
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(DRIP_EVERY)
        except OSError:
            pass  # the client hung up: what a deadline does
        h.close_connection = True
