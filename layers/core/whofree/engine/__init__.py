"""The labelled-slot engine: pure Python, no I/O, no AWS imports."""

from whofree.engine.explain import REASONS, Explanation, explain
from whofree.engine.slots import (
    BusyColumns,
    Group,
    Participant,
    Query,
    Result,
    Window,
    compute,
    free_masks,
    merge,
    zone,
)

__all__ = [
    "REASONS",
    "BusyColumns",
    "Explanation",
    "Group",
    "Participant",
    "Query",
    "Result",
    "Window",
    "compute",
    "explain",
    "free_masks",
    "merge",
    "zone",
]
