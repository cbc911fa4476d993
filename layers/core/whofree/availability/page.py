"""POST /v1/availability as a function: JSON body in, JSON page out (API.md §2).

No I/O, no AWS: the API function wraps this with HTTP, logging and metrics. The steps are modules of
their own: parsing (the body), query (instants and cross-field rules), the engine, render (the JSON).
This module picks the page (count, page token, byte budget) and puts them together.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime

from whofree import pagination
from whofree.availability import render
from whofree.availability.parsing import Parsed
from whofree.availability.query import to_query
from whofree.engine import compute

# Lambda's response limit is 6 MB; API.md §1 keeps a page under 5 MB. The envelope (pagination,
# token) is small and bounded, so it is reserved up front.
PAGE_BYTES_LIMIT = 5_000_000
_ENVELOPE_RESERVE = 1_024


@dataclass(frozen=True, slots=True)
class Page:
    body: str
    slots: int
    participants: int
    has_more: bool


def request_digest(parsed: Parsed) -> bytes:
    # The page size (and explain, which changes no slot) may change from page to page; nothing else.
    skeleton = parsed.request.model_dump_json(exclude={"page_token", "count", "explain"})
    busy = json.dumps(parsed.busy, separators=(",", ":"))
    return pagination.request_digest(f"{skeleton}\n{busy}".encode())


def answer(parsed: Parsed, now: datetime, tokens: pagination.PageTokens) -> Page:
    """The page of labelled slots ``parsed`` asks for at ``now``; its page token signed by ``tokens``."""
    req = parsed.request
    query = to_query(parsed, now)
    result = compute(query)
    grid, offered = result.grid, result.offered

    first = 0
    digest = None
    if req.page_token is not None:
        digest = request_digest(parsed)
        after = tokens.decode(req.page_token, digest)
        first = bisect_right([grid[i] for i in offered], after) if offered else 0
    page = offered[first : first + req.count]

    budget = PAGE_BYTES_LIMIT - _ENVELOPE_RESERVE
    slots, written = render.collection(query, result, page, req.explain, budget)

    has_more = first + written < len(offered)
    token = "null"  # noqa: S105 - JSON null, not a secret
    if has_more:
        if digest is None:
            digest = request_digest(parsed)
        token = json.dumps(tokens.encode(grid[page[written - 1]], digest))
    body = f'{{"collection":[{slots}],"pagination":{{"count":{written},"next_page_token":{token}}}}}'
    return Page(body=body, slots=written, participants=len(query.participants), has_more=has_more)
