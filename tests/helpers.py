"""Helpers shared by the tests: call the §2 computation at JSON level; build a request context."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

from whofree import availability
from whofree.context import Context, Runtime

NOW = datetime(2029, 1, 1, tzinfo=UTC)


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def answer(req: dict, now: datetime = NOW) -> dict:
    return json.loads(availability.answer(availability.parse(json.dumps(req)), now).body)


def slots(req: dict, now: datetime = NOW) -> list[tuple[str, list[str]]]:
    """Every offered slot as (start, [free ids]), following pages until the end."""
    out = []
    req = dict(req)
    while True:
        page = answer(req, now)
        out += [(s["start_time"], s["available"]) for s in page["collection"]]
        token = page["pagination"]["next_page_token"]
        if token is None:
            return out
        req["page_token"] = token


def starts(req: dict, now: datetime = NOW) -> list[str]:
    return [s for s, _ in slots(req, now)]


def context(table=None, at: float | None = None, transport: object | None = None, seconds: float = 10.0) -> Context:
    """A request's context over ``table`` (or none), ``seconds`` before its deadline, with the clock
    fixed at ``at`` (default: the real clock) for the context and the table alike; ``transport``
    (httpx) serves every provider client. Settings are the process's, as the test set them."""
    from whofree import settings

    clock = time.time if at is None else (lambda: at)
    runtime = Runtime(
        settings.get(), (lambda rt: table.with_clock(rt.clock)) if table is not None else None, clock, transport
    )
    return runtime.context(seconds)
