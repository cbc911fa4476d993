"""Helpers shared by the tests: call the §2 computation at JSON level."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from whofree import availability

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
