"""Sequences of meetings back to back (API.md §2b): pure, no I/O, bitsets only.

A meeting's offered starts are a bitset over a 5-minute grid of instants, its *track*: bit i is the
instant ``anchor + 300 * i``. Gaps are multiples of 5 minutes, so once the first start of a sequence
and its order are fixed, every later meeting starts on the 5-minute grid through the first start
shifted by the durations before it. In one *frame* (an order and the residue of the first start
modulo 5 minutes), index i at position j stands for ``anchor + offset_j + 300 * i``, ``offset_j``
being the sum of the durations before position j; a gap of g steps moves from index i at position j
to index i + g at position j + 1.

So, for the meetings at positions 1..k of an order, with ``F_j`` the starts at position j from which
the rest of the sequence can be completed::

    F_k = track_k
    F_j = track_j AND OR_{g in gaps} (F_{j+1} >> g)

and the offered first starts are the grid's first starts AND F_1. The smallest-gaps rule (the
earliest start of meeting 2, then of meeting 3, ...) is greedy over the F sets: from an index at
position j the smallest g with bit i + g of F_{j+1} set, found for every index at once with one shift
and AND per gap (``Frame.choices``). Nothing here loops over starts; only writing a page follows the
choices for the sequences it serves.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat

STEP = 300  # seconds: gaps are multiples of 5 minutes


@dataclass(frozen=True, slots=True)
class Track:
    """A meeting's offered starts on one 5-minute grid: bit i is the instant ``anchor + 300 * i``."""

    anchor: int
    mask: int


# (meeting index, residue of its starts modulo 300 s) -> that meeting's track on that residue
Tracks = Callable[[int, int], Track]


def bits(mask: int) -> list[int]:
    """The indices of the set bits of ``mask``, ascending (C-level passes over its binary text)."""
    if not mask:
        return []
    text = bin(mask)[:1:-1]
    return list(compress(range(len(text)), map("1".__eq__, text)))


def residue_anchor(start: int, residue: int) -> int:
    """The first instant at or after ``start`` that is ``residue`` modulo 300 s."""
    return start + (residue - start) % STEP


def track_of(instants: Sequence[int], start: int, residue: int) -> Track:
    """The instants of ``instants`` that are ``residue`` modulo 300 s and not before ``start``, as a track."""
    anchor = residue_anchor(start, residue)
    mask = 0
    for t in instants:
        if t >= anchor and (t - anchor) % STEP == 0:
            mask |= 1 << ((t - anchor) // STEP)
    return Track(anchor, mask)


@dataclass(slots=True)
class Frame:
    """The offered sequences of one order whose first starts share one residue modulo 300 s."""

    order: tuple[int, ...]  # meeting indices, in the order they take place
    rank: int  # the order's place in the answer's ordering (0: the listed order)
    anchor: int  # instant of index 0 at position 1
    offsets: tuple[int, ...]  # per position: the durations before it, seconds
    valid: int  # offered first starts (indices at position 1)
    # per position j < k: (gap in steps, the indices at position j whose smallest gap it is), ascending gaps
    choices: list[list[tuple[int, int]]] = field(default_factory=list)

    def starts(self) -> list[int]:
        """The instants of the offered first starts, ascending."""
        return [self.anchor + STEP * i for i in bits(self.valid)]

    def follow(self, firsts: Sequence[int]) -> list[list[int]]:
        """For each first start of ``firsts`` (offered ones, instants), the start of every meeting of
        its sequence, by position. The smallest gaps are looked up with one AND per gap and position
        over all of ``firsts`` at once."""
        indices = [(t - self.anchor) // STEP for t in firsts]
        paths = [[i] for i in indices]
        current = indices
        for options in self.choices:
            wanted = 0
            for i in current:
                wanted |= 1 << i
            gap_of: dict[int, int] = {}
            for gap, hits in options:
                found = wanted & hits
                if found:
                    for i in bits(found):
                        gap_of[i] = gap
                    wanted ^= found
                    if not wanted:
                        break
            current = [i + gap_of[i] for i in current]
            for path, i in zip(paths, current, strict=True):
                path.append(i)
        return [
            [self.anchor + offset + STEP * i for offset, i in zip(self.offsets, path, strict=True)] for path in paths
        ]


def frame(
    order: tuple[int, ...],
    rank: int,
    firsts: Track,
    durations: Sequence[int],
    gaps: tuple[int, int],
    tracks: Tracks,
) -> Frame:
    """The offered sequences of ``order`` whose first start is one of ``firsts`` (a track: the grid's
    first starts of one residue). ``durations`` in seconds per meeting; ``gaps`` (min, max) in steps
    of 5 minutes; ``tracks(meeting, residue)`` each meeting's offered starts."""
    anchor = firsts.anchor
    offsets = [0]
    for meeting in order[:-1]:
        offsets.append(offsets[-1] + durations[meeting])
    # Each position's track, moved into the frame: index i there stands for anchor + offset + 300 i.
    raw = []
    for meeting, offset in zip(order, offsets, strict=True):
        at = anchor + offset
        track = tracks(meeting, at % STEP)
        shift = (at - track.anchor) // STEP  # >= 0: a track's anchor is its first instant in range
        raw.append(track.mask >> shift if shift >= 0 else track.mask << -shift)
    lo, hi = gaps
    feasible = [0] * len(order)
    feasible[-1] = raw[-1]
    for j in range(len(order) - 2, -1, -1):
        later = feasible[j + 1]
        reach = 0
        for gap in range(lo, hi + 1):
            reach |= later >> gap
        feasible[j] = raw[j] & reach
    valid = firsts.mask & feasible[0]
    choices: list[list[tuple[int, int]]] = []
    reached = valid
    for j in range(len(order) - 1):
        options = []
        left = reached
        following = 0
        for gap in range(lo, hi + 1):
            if not left:
                break
            hits = left & (feasible[j + 1] >> gap)
            if hits:
                options.append((gap, hits))
                left ^= hits
                following |= hits << gap
        choices.append(options)
        reached = following
    return Frame(tuple(order), rank, anchor, tuple(offsets), valid, choices)


def sequences(
    firsts: Sequence[Track],
    orders: Sequence[tuple[int, ...]],
    durations: Sequence[int],
    gaps: tuple[int, int],
    tracks: Tracks,
) -> list[Frame]:
    """Every frame: each order (its rank is its place in ``orders``) over each residue's first starts."""
    return [
        frame(order, rank, first, durations, gaps, tracks)
        for rank, order in enumerate(orders)
        for first in firsts
        if first.mask
    ]


def first_tracks(grid: Sequence[int]) -> list[Track]:
    """The grid's first starts (ascending instants), one track per residue modulo 300 s."""
    by_residue: dict[int, list[int]] = {}
    for t in grid:
        by_residue.setdefault(t % STEP, []).append(t)
    return [track_of(instants, instants[0], residue) for residue, instants in sorted(by_residue.items())]


def upcoming(frames: Sequence[Frame], after: tuple[int, int] | None, limit: int) -> list[tuple[int, int, int]]:
    """The first ``limit`` offered sequences after ``after`` (first start, order rank), each as (first
    start, order rank, index in ``frames``), in the answer's order: ascending first start, then rank."""
    streams = []
    for n, each in enumerate(frames):
        starts = each.starts()
        first = 0
        if after is not None:
            first = (bisect_right if each.rank <= after[1] else bisect_left)(starts, after[0])
        streams.append(zip(starts[first:], repeat(each.rank), repeat(n)))
    out = []
    for item in heapq.merge(*streams):
        out.append(item)
        if len(out) >= limit:
            break
    return out


def paths(frames: Sequence[Frame], page: Sequence[tuple[int, int, int]]) -> list[list[tuple[int, int]]]:
    """For each sequence of ``page`` (as ``upcoming`` gives them), its meetings as (meeting index,
    start), in the order they take place."""
    by_frame: dict[int, list[int]] = {}
    for start, _, n in page:
        by_frame.setdefault(n, []).append(start)
    found: dict[tuple[int, int], list[int]] = {}
    for n, firsts in by_frame.items():
        for first, path in zip(firsts, frames[n].follow(firsts), strict=True):
            found[(n, first)] = path
    return [list(zip(frames[n].order, found[(n, start)], strict=True)) for start, _, n in page]


_AFTER = re.compile(r"(-?[0-9]{1,15}):([0-9]{1,3})")


def after_text(start: int, rank: int) -> str:
    """Where the next page starts, as a page token carries it."""
    return f"{start}:{rank}"


def read_after(text: str) -> tuple[int, int] | None:
    """``after_text`` read back; None when the text is no such thing."""
    match = _AFTER.fullmatch(text)
    return None if match is None else (int(match[1]), int(match[2]))
