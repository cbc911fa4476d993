"""The labelled-slot engine: pure Python, no I/O, no AWS imports."""

from whofree.engine.slots import Group, Participant, Query, Result, Window, compute, merge, zone

__all__ = ["Group", "Participant", "Query", "Result", "Window", "compute", "merge", "zone"]
