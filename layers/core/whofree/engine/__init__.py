"""The labelled-slot engine: pure Python, no I/O, no AWS imports."""

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

__all__ = ["BusyColumns", "Group", "Participant", "Query", "Result", "Window", "compute", "free_masks", "merge", "zone"]
