"""Why not free (API.md §2, ``explain``): for each slot, every participant not free with one reason.

Pure and I/O-free, like the rest of the engine, and built from the same bitsets (bit i = grid[i]).
Per participant it keeps three masks apart that ``free_masks`` folds into one: ``allowed`` (the slot
lies inside one open stretch), ``blocked`` (a busy block overlaps the buffered slot) and ``held`` (a
hold overlaps it). The first reason that applies, in ``REASONS`` order, is then a few bitwise
operations; a participant whose calendar could not be read is never free, and is ``unknown`` only
where no reason known from the rest of its data applies.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from whofree.engine.slots import (
    BusyMasks,
    Interval,
    Query,
    Result,
    _hours_key,
    allowed_mask,
    open_stretches,
)

# Precedence: the first that applies is the reason given.
REASONS: tuple[str, ...] = ("held", "busy", "outside_hours", "unknown")


@dataclass(frozen=True, slots=True)
class Explanation:
    grid: list[int]
    free: list[int]  # per participant, bitset of the grid indices where free (as free_masks)
    # One entry per REASONS item: per participant, the grid indices where that is the reason.
    # For each participant the masks are disjoint and, with ``free``, cover the whole grid.
    reasons: tuple[list[int], ...]

    def unavailable(self, slots: Sequence[int]) -> list[list[tuple[int, str]]]:
        """For each grid index in ``slots`` (ascending), the participants not free there, in
        participant order, each with its reason: ``[(participant index, reason), ...]``."""
        unique = sorted(set(slots))
        if not unique:
            return [[] for _ in slots]
        # Transpose every reason's masks (per participant) to per-slot sets of participants.
        per_reason = [Result(grid=self.grid, offered=[], free=masks).free_sets(unique) for masks in self.reasons]
        at: dict[int, list[tuple[int, str]]] = {}
        for n, index in enumerate(unique):
            who: list[tuple[int, str]] = []
            for reason, sets in zip(REASONS, per_reason, strict=True):
                members = sets[n]
                while members:
                    low = members & -members
                    who.append((low.bit_length() - 1, reason))
                    members ^= low
            who.sort()
            at[index] = who
        return [at[index] for index in slots]


def explain(
    grid: list[int],
    query: Query,
    holds: Sequence[Sequence[Interval]] | None = None,
    unknown: Collection[int] = (),
) -> Explanation:
    """Free masks and reasons for ``query.participants`` on ``grid`` (any ascending list of starts).

    ``holds``: per participant, its holds as intervals (they may also be in its ``busy``; either way
    they make it not free, and ``held`` wins over ``busy``). ``unknown``: indices of participants
    whose calendar could not be read; their ``busy`` and hours are what is known without it. They
    are never free.
    """
    full = (1 << len(grid)) - 1
    unknown = set(unknown)
    busy_masks = BusyMasks(grid, query)  # a hold rules out slots exactly as a busy block does
    shared: dict[tuple, int] = {}
    free: list[int] = []
    reasons: tuple[list[int], ...] = tuple([] for _ in REASONS)
    held_r, busy_r, outside_r, unknown_r = reasons
    for n, p in enumerate(query.participants):
        key = _hours_key(p)
        allowed = shared.get(key) if key is not None else None
        if allowed is None:
            stretches = open_stretches(p, grid[0], grid[-1] + query.duration) if grid else []
            allowed = allowed_mask(stretches, grid, query.duration)
            if key is not None:
                shared[key] = allowed
        blocked = busy_masks.blocked(p.busy) if p.busy else 0
        held = busy_masks.blocked(holds[n]) if holds is not None and holds[n] else 0
        held_r.append(held)
        busy_r.append(blocked & ~held)
        outside_r.append(full & ~allowed & ~blocked & ~held)
        ok = allowed & ~blocked & ~held
        if n in unknown:
            free.append(0)
            unknown_r.append(ok)
        else:
            free.append(ok)
            unknown_r.append(0)
    return Explanation(grid=grid, free=free, reasons=reasons)
