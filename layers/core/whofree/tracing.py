"""X-Ray subsegments for the calls that take a request's time: provider calls (providers/http.py)
and DynamoDB calls (data/table.py), each its own subsegment under the invocation's Lambda segment.

Lambda's active tracing (the template's ``Tracing: Active``) records each invocation; this adds what
happens inside it. Each subsegment is an independent X-Ray segment document (``"type":
"subsegment"``, the invocation's trace id and parent id) sent by UDP to the X-Ray daemon Lambda runs
(``AWS_XRAY_DAEMON_ADDRESS``), as the X-Ray SDKs do, without them:

- Powertools' Tracer needs the X-Ray SDK (``aws-xray-sdk``, not in the layer; importing it costs a
  cold start ~0.8 s, observability.py) and keeps open subsegments on one stack per thread: provider
  calls run as up to 50 concurrent asyncio tasks in one thread, so each would close another's
  subsegment. A document per call, with its own id, needs no stack, so concurrency cannot mix them.
- Patching boto3 would trace every AWS call, SSM and Secrets Manager included, and needs the SDK too:
  the table's three call points are the only DynamoDB calls (data/table.py), so they carry their own.

Off (nothing but one environment lookup per call) unless the function runs on Lambda with a daemon,
the invocation is sampled and POWERTOOLS_TRACE_DISABLED is not set (settings.xray): so never in
tests or local runs. A subsegment names the provider and its host, never a path or query (a private
ICS feed's URL is a secret, a Calendly URL names a user), and DynamoDB's operation and table.
Sending is best effort: a lost datagram loses a subsegment, never a request.
"""

from __future__ import annotations

import json
import secrets
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from whofree import settings

HEADER = b'{"format": "json", "version": 1}\n'  # the daemon's protocol: this line, then the document
MAX_DATAGRAM = 64_000


@dataclass(frozen=True, slots=True)
class Target:
    host: str
    port: int
    trace_id: str
    parent_id: str


@dataclass(slots=True)
class Subsegment:
    """What a traced call adds while it runs: its HTTP status (4xx error, 429 throttle, 5xx fault)."""

    document: dict[str, Any] = field(default_factory=dict)

    def status(self, code: int) -> None:
        self.document.setdefault("http", {})["response"] = {"status": code}
        if code == 429:
            self.document["throttle"] = True
        if 400 <= code < 500:
            self.document["error"] = True
        elif code >= 500:
            self.document["fault"] = True


def target() -> Target | None:
    """Where this invocation's subsegments go, or None when tracing is off."""
    found = settings.xray()
    if found is None:
        return None
    daemon, header = found
    fields = dict(part.split("=", 1) for part in header.split(";") if "=" in part)
    # "host:port", or "tcp:host:port udp:host:port" when TCP and UDP addresses differ.
    udp = next((a.removeprefix("udp:") for a in daemon.split() if a.startswith("udp:")), daemon.split()[0])
    host, _, port = udp.rpartition(":")
    if not (fields.get("Root") and fields.get("Parent") and host and port.isdigit()):
        return None
    return Target(host, int(port), fields["Root"], fields["Parent"])


@contextmanager
def subsegment(name: str, namespace: str, **facts: Any) -> Iterator[Subsegment]:
    """One call as a subsegment named ``name`` (``remote``: an HTTP service, ``aws``: an AWS one), with
    ``facts`` (``http={"request": ...}``, ``aws={"operation": ...}``); an exception marks it a fault
    (or an error, for an AWS 4xx) and goes on."""
    where = target()
    span = Subsegment()
    if where is None:
        yield span
        return
    span.document.update(
        name=name[:200],
        id=secrets.token_hex(8),
        trace_id=where.trace_id,
        parent_id=where.parent_id,
        type="subsegment",
        namespace=namespace,
        start_time=time.time(),
        **facts,
    )
    try:
        yield span
    except BaseException as exc:
        status = _aws_status(exc)
        if status is not None:
            span.status(status)
        else:
            span.document["fault"] = True
        span.document["cause"] = {"exceptions": [{"id": secrets.token_hex(8), "type": type(exc).__name__}]}
        raise
    finally:
        span.document["end_time"] = time.time()
        send(where, span.document)


def _aws_status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return status if isinstance(status, int) else None
    return None


def send(where: Target, document: dict[str, Any]) -> None:
    data = HEADER + json.dumps(document, separators=(",", ":"), default=str).encode()
    if len(data) > MAX_DATAGRAM:
        return
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.sendto(data, (where.host, where.port))
    except OSError:
        pass  # best effort: tracing never fails a request
