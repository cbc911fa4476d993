"""The labelled-slot engine: pure Python, no I/O, no AWS imports."""

from whofree.engine.slots import Group, Participant, Query, Result, Window, compute, free_masks, merge, zone

__all__ = ["Group", "Participant", "Query", "Result", "Window", "compute", "free_masks", "merge", "zone"]
