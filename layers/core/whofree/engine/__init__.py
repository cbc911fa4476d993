"""The labelled-slot engine: pure Python, no I/O, no AWS imports."""

from whofree.engine.explain import REASONS, Explanation, explain
from whofree.engine.slots import Group, Participant, Query, Result, Window, compute, free_masks, merge, zone

__all__ = [
    "REASONS",
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
