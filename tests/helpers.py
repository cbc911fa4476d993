"""Helpers shared by the tests: call a function's handler with an API Gateway event, and the §2
computation at JSON level."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from whofree import availability
from whofree.context import DEFAULT_ACCOUNT, Context, Runtime

NOW = datetime(2029, 1, 1, tzinfo=UTC)
SAMPLE = object()  # an argument of call_handler left as the sample event has it


class Reply(NamedTuple):
    """A handler's answer: its status, its headers (one value each) and its body as sent."""

    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        """The body decoded; an empty body is an empty object."""
        return json.loads(self.body) if self.body else {}


def call_handler(
    handler: Callable[[dict, Any], dict],
    event: dict,
    context: Any,
    *,
    method: str | None = None,
    path: str | None = None,
    body: Any = SAMPLE,
    query: Any = SAMPLE,
    path_params: Any = SAMPLE,
    headers: dict[str, str] | None = None,
) -> Reply:
    """``handler`` (a function's ``lambda_handler``) called as Lambda calls it with an API Gateway REST
    event: ``event`` (a sample from events/, see the ``event`` fixture) with the given parts replaced.
    A body that is neither text nor None is sent as JSON (bytes as their text); ``headers`` replace the
    sample's, single- and multi-value alike."""
    event = dict(event)
    if method is not None:
        event["httpMethod"] = method
    if path is not None:
        event["path"] = path
    if body is not SAMPLE:
        event["body"] = body.decode() if isinstance(body, bytes) else body
        if event["body"] is not None and not isinstance(event["body"], str):
            event["body"] = json.dumps(event["body"])
    if query is not SAMPLE:
        event["queryStringParameters"] = query
    if path_params is not SAMPLE:
        event["pathParameters"] = path_params
    if headers is not None:
        event["headers"] = dict(headers)
        event["multiValueHeaders"] = {name: [value] for name, value in headers.items()}
    result = handler(event, context)
    single = {name: values[-1] for name, values in (result.get("multiValueHeaders") or {}).items()}
    return Reply(result["statusCode"], single | (result.get("headers") or {}), result["body"])


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def answer(req: dict, now: datetime = NOW) -> dict:
    return json.loads(availability.answer(availability.parse(json.dumps(req)), now, page_tokens()).body)


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
    """A request's context over ``table`` (or none; a scoped table: its account's context), ``seconds`` before its deadline, with the clock
    fixed at ``at`` (default: the real clock) for the context and the table alike; ``transport``
    (httpx) serves every provider client. Settings are read from the environment, as the test set it."""
    from whofree import settings

    clock = time.time if at is None else (lambda: at)
    runtime = Runtime(
        settings.load(),
        (lambda rt: table.unscoped().with_clock(rt.clock)) if table is not None else None,
        clock,
        transport,
    )
    account = (table.account if table is not None else None) or DEFAULT_ACCOUNT
    return runtime.context(seconds, account)


def page_tokens():
    """Page tokens under the settings the test made (the local key unless it set one)."""
    from whofree import pagination, settings

    return pagination.PageTokens(settings.load())
