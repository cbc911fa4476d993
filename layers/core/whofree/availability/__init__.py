"""POST /v1/availability (API.md §2): a JSON body in, a JSON page out; no I/O.

One module per step:

- ``parsing``: the body to a validated request and its busy texts (msgspec fast path, the model decides);
- ``query``: instants read and cross-field rules checked, giving the engine's query;
- ``whofree.engine``: who is free in each slot;
- ``render``: slots, labels and reasons written as JSON text within a byte budget;
- ``page``: which slots a page holds (count, page token) and the page's envelope.

``details`` words pydantic's errors as the contract's error details, for every body whofree validates.
"""

from whofree.availability.details import validation_details
from whofree.availability.page import PAGE_BYTES_LIMIT, Page, answer, request_digest
from whofree.availability.parsing import Parsed, parse, parse_whole
from whofree.availability.query import learn_by_halves, to_query
from whofree.availability.render import render_items, slot_labels

__all__ = [
    "PAGE_BYTES_LIMIT",
    "Page",
    "Parsed",
    "answer",
    "learn_by_halves",
    "parse",
    "parse_whole",
    "render_items",
    "request_digest",
    "slot_labels",
    "to_query",
    "validation_details",
]
