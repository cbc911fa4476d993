"""Labelled slots: who is free in each slot of a grid (API.md §2 semantics).

Pure and I/O-free. All instants are integer epoch seconds; durations and buffers are seconds.

How it stays fast: the grid is one sorted list of candidate starts, and every set of slots is a
bitset (a Python int, bit i = grid[i]). A participant's free starts are "inside an open stretch"
AND NOT "near a busy block", both found with ``bisect`` on the grid; group rules are bitwise
operations on those sets (a bit-sliced counter for "k of n"). Nothing loops over minutes, and the
only per-slot work left is writing the labels of the slots a page returns.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, reduce
from itertools import compress, repeat
from operator import add, itemgetter, lshift, or_, sub
from zoneinfo import ZoneInfo

from whofree.engine import zones
from whofree.engine.localtime import LocalClock

Interval = tuple[float, float]  # [start, end) in epoch seconds (busy blocks may have fractions)


@dataclass(frozen=True, slots=True)
class Window:
    """A weekly open window: on each of ``weekdays`` (0 = Monday) from ``start`` to ``end``.

    ``start``/``end`` are minutes of the local day; ``end`` may be 1440 ("24:00"). When
    ``end <= start`` the window ends on the next day.
    """

    weekdays: frozenset[int]
    start: int
    end: int


class BusyColumns(Sequence[Interval]):
    """Busy blocks as two parallel lists, ``starts[i]`` and ``ends[i]``: what a request parser
    produces without building a tuple per block. Elsewhere it reads as a sequence of (start, end).

    With ``instants``, the lists hold keys of that mapping rather than instants (a request's own
    timestamp texts, say): all participants of a query can share one mapping, and BusyMasks then
    places each distinct key on the grid once, for all of them, with no instant looked up per block.
    """

    __slots__ = ("ends", "instants", "starts")

    def __init__(self, starts: list, ends: list, instants: Mapping[Hashable, float] | None = None) -> None:
        if len(starts) != len(ends):
            raise ValueError("starts and ends differ in length")
        self.starts, self.ends, self.instants = starts, ends, instants

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return list(zip(*self._columns(self.starts[index], self.ends[index]), strict=True))
        starts, ends = self._columns([self.starts[index]], [self.ends[index]])
        return starts[0], ends[0]

    def __iter__(self) -> Iterator[Interval]:
        return zip(*self._columns(self.starts, self.ends), strict=True)

    def columns(self) -> tuple[list[float], list[float]]:
        """The blocks as (starts, ends) lists of instants."""
        return self._columns(self.starts, self.ends)

    def _columns(self, starts: list, ends: list) -> tuple[list[float], list[float]]:
        if self.instants is None:
            return starts, ends
        value = self.instants.__getitem__
        return list(map(value, starts)), list(map(value, ends))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BusyColumns({list(self)!r})"


def columns(busy: Sequence[Interval]) -> tuple[list[float], list[float]]:
    """Busy blocks as (starts, ends) lists."""
    if type(busy) is BusyColumns:
        return busy.columns()
    return list(map(_FIRST, busy)), list(map(_SECOND, busy))


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    timezone: str
    # None for both: open all the time.
    open_hours: Sequence[Window] | None = None
    # proleptic ordinal of a local date -> that date's (start, end) minute intervals
    date_overrides: dict[int, Sequence[tuple[int, int]]] | None = None
    busy: Sequence[Interval] = ()


@dataclass(frozen=True, slots=True)
class Group:
    members: Sequence[int]  # indices into the participant list
    required: int  # at least this many members must be free (len(members) for "all")


@dataclass(frozen=True, slots=True)
class Query:
    start: int  # first possible slot start (epoch seconds, already rounded up)
    end: int  # no slot may end after this
    duration: int  # seconds
    interval_minutes: int
    timezone: str  # grid alignment zone
    participants: Sequence[Participant]
    groups: Sequence[Group] | None = None  # None: anyone free offers a slot
    buffer_before: int = 0
    buffer_after: int = 0
    earliest: int | None = None  # now + minimum notice, rounded up; None for no lower bound


@dataclass(slots=True)
class Result:
    grid: list[int]  # every candidate start where someone has open time, ascending
    offered: list[int]  # indices into grid of the offered slots, ascending
    free: list[int] = field(repr=False)  # per participant, bitset of the grid indices where free

    def free_sets(self, slots: Sequence[int]) -> list[int]:
        """For each grid index in ``slots`` (ascending), a bitset of the free participants (bit p).

        This transposes the per-participant bitsets with a sweep: a participant's bit toggles at
        every index where its membership changes, so the set at index i is the XOR of all
        toggles up to i. The work is per change, not per (slot, participant).
        """
        if not slots:
            return []
        hi = slots[-1] + 1
        toggles = [0] * (hi + 1)
        for participant, mask in enumerate(self.free):
            if not mask:
                continue
            bit = 1 << participant
            changes = format(mask ^ (mask << 1), "b")[::-1]  # char i == "1": membership flips at i
            index = changes.find("1")
            while 0 <= index <= hi:
                toggles[index] ^= bit
                index = changes.find("1", index + 1)
        out: list[int] = []
        wanted = iter(slots)
        want = next(wanted)
        active = 0
        for index in range(hi):
            active ^= toggles[index]
            if index == want:
                out.append(active)
                want = next(wanted, -1)
        return out


@cache
def zone(name: str) -> ZoneInfo:
    # Only IANA names (engine.zones): ZoneInfo alone also opens folders and files such as "localtime".
    return ZoneInfo(zones.check(name))


@cache
def clock(name: str) -> LocalClock:
    # Per-process cache: offsets of a (zone, day) never change while the tz database is loaded.
    return LocalClock(zone(name))


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted union of half-open intervals; touching intervals join (``[a,b) + [b,c) = [a,c)``)."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def build_grid(query: Query) -> list[int]:
    """Candidate starts: wall time in the query zone on the interval grid, inside the range."""
    lo = query.start if query.earliest is None else max(query.start, query.earliest)
    hi = query.end - query.duration  # last allowed start
    if hi < lo:
        return []
    tz = clock(query.timezone)
    grid: list[int] = []
    for ordinal in range(tz.local_ordinal(lo), tz.local_ordinal(hi) + 1):
        grid.extend(tz.grid_day(ordinal, query.interval_minutes))
    return grid[bisect_left(grid, lo) : bisect_right(grid, hi)]


def open_stretches(participant: Participant, start: int, end: int) -> list[Interval] | None:
    """The participant's open time overlapping [start, end) as merged stretches; None = always."""
    if participant.open_hours is None and participant.date_overrides is None:
        return None
    tz = clock(participant.timezone)
    windows = participant.open_hours or ()
    overrides = participant.date_overrides or {}
    pieces: list[Interval] = []
    # A window starting the day before the range may run into it.
    for ordinal in range(tz.local_ordinal(start) - 1, tz.local_ordinal(end) + 1):
        override = overrides.get(ordinal)
        if override is not None:
            day = override
        else:
            weekday = (ordinal + 6) % 7  # date.fromordinal(1) is a Monday
            day = [(w.start, w.end) for w in windows if weekday in w.weekdays]
        for first, last in day:
            a = tz.instant(ordinal, first)
            b = tz.instant(ordinal, last + 1440 if last <= first else last)
            if b > a and b > start and a < end:
                pieces.append((a, b))
    return merge(pieces)


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def run_mask(first: int, stop: int) -> int:
    """Bitset of grid indices [first, stop)."""
    return ((1 << (stop - first)) - 1) << first if first < stop else 0


class _Edges(dict):
    """Busy edge instant -> 1 << (its grid index), each searched in the grid once, when first seen.

    Starts use bisect_right(grid, b0 - lead) and ends bisect_left(grid, b1 + lag) (see BusyMasks).
    """

    __slots__ = ("_grid", "_right", "shift")

    def __init__(self, grid: list[int], shift: int, right: bool) -> None:
        super().__init__()
        self._grid, self.shift, self._right = grid, shift, right

    def __missing__(self, edge: float) -> int:
        search = bisect_right if self._right else bisect_left
        bit = self[edge] = 1 << search(self._grid, edge + self.shift)
        return bit


class BusyMasks:
    """The slot starts that a participant's busy blocks rule out, as a bitset.

    Slot start s collides with busy [b0, b1) iff b0 - duration - after < s < b1 + before: the grid
    indices [bisect_right(b0 - duration - after), bisect_left(b1 + before)). Team calendars repeat
    the same edges (meetings on the quarter-hour), so each distinct edge is searched once per query
    and kept as the power of two of its index: lazily for blocks given as instants (no pass over
    every block to collect them), in one bulk pass per mapping for blocks given as keys of one
    (BusyColumns.instants). A block's bitset is then (1 << stop) - (1 << first), and a participant's
    is the OR of its blocks': C-level passes only (dict lookups, one subtraction and one OR per
    block), no Python code per block.
    """

    __slots__ = ("_firsts", "_grid", "_keyed", "_stops")

    def __init__(self, grid: list[int], query: Query) -> None:
        self._grid = grid
        self._firsts = _Edges(grid, -(query.duration + query.buffer_after), right=True)
        self._stops = _Edges(grid, query.buffer_before, right=False)
        # id of a BusyColumns.instants mapping -> (that mapping, its keys' first bits, their stop bits)
        self._keyed: dict[int, tuple[Mapping, dict, dict]] = {}

    def _bits(self, instants: Mapping[Hashable, float]) -> tuple[dict, dict]:
        """Every key of ``instants`` as its block-start bit and its block-end bit, in bulk."""
        found = self._keyed.get(id(instants))
        if found is None or found[0] is not instants:
            keys, values = list(instants), list(instants.values())
            power = list(map(lshift, repeat(1), range(len(self._grid) + 1))).__getitem__  # one int per index
            edges = []
            for table, search in ((self._firsts, bisect_right), (self._stops, bisect_left)):
                shifted = map(add, values, repeat(table.shift))
                edges.append(dict(zip(keys, map(power, map(search, repeat(self._grid), shifted)), strict=True)))
            found = self._keyed[id(instants)] = (instants, edges[0], edges[1])
        return found[1], found[2]

    def blocked(self, busy: Sequence[Interval]) -> int:
        if not busy:
            return 0
        if type(busy) is BusyColumns and busy.instants is not None:
            first_bits, stop_bits = self._bits(busy.instants)
            starts, ends = busy.starts, busy.ends
        else:
            first_bits, stop_bits = self._firsts, self._stops
            starts, ends = columns(busy)
        firsts, stops = map(first_bits.__getitem__, starts), map(stop_bits.__getitem__, ends)
        # Blocks that rule out no start (both edges between the same two starts) are left out of the OR.
        mask = reduce(or_, filter(None, map(sub, stops, firsts)), 0)
        if mask < 0:  # a block whose stop is before its first (end before start): it rules out nothing
            mask = 0
            for first, stop in zip(map(first_bits.__getitem__, starts), map(stop_bits.__getitem__, ends), strict=True):
                if stop > first:
                    mask |= stop - first
        return mask


def allowed_mask(stretches: list[Interval] | None, grid: list[int], duration: int) -> int:
    """Slot starts whose whole slot lies inside one open stretch (§2 rule 3)."""
    if stretches is None:
        return run_mask(0, len(grid))
    mask = 0
    for a, b in stretches:
        mask |= run_mask(bisect_left(grid, a), bisect_right(grid, b - duration))
    return mask


def at_least(masks: Sequence[int], k: int, full: int) -> int:
    """Bitset of the slots where at least ``k`` of ``masks`` have their bit set."""
    if k <= 0:
        return full
    if k > len(masks):
        return 0
    if k == 1:
        out = 0
        for m in masks:
            out |= m
        return out
    if k == len(masks):
        out = full
        for m in masks:
            out &= m
        return out
    # Bit-sliced counter: planes[j] holds bit j of every slot's count; adding a mask is a ripple
    # carry over the planes, then "count >= k" is a bitwise comparison from the top bit down.
    planes = [0] * len(masks).bit_length()
    for m in masks:
        carry = m
        for j, plane in enumerate(planes):
            if not carry:
                break
            planes[j], carry = plane ^ carry, plane & carry
    greater, equal = 0, full
    for j in range(len(planes) - 1, -1, -1):
        if (k >> j) & 1:
            equal &= planes[j]
        else:
            greater |= equal & planes[j]
            equal &= full ^ planes[j]
    return greater | equal


def _hours_key(participant: Participant) -> tuple | None:
    """Participants with the same zone and weekly hours (and no overrides) share open time."""
    if participant.date_overrides is not None:
        return None
    hours = None if participant.open_hours is None else tuple(participant.open_hours)
    return (participant.timezone, hours)


def open_masks(grid: list[int], query: Query) -> list[int]:
    """Per participant, the bitset of ``grid`` starts whose whole slot lies in its open time."""
    if not grid:
        return [0] * len(query.participants)
    shared: dict[tuple, int] = {}  # open-hours key -> allowed bitset
    masks = []
    for p in query.participants:
        key = _hours_key(p)
        allowed = shared.get(key) if key is not None else None
        if allowed is None:
            stretches = open_stretches(p, grid[0], grid[-1] + query.duration)
            allowed = allowed_mask(stretches, grid, query.duration)
            if key is not None:
                shared[key] = allowed
        masks.append(allowed)
    return masks


def free_masks(grid: list[int], query: Query, allowed: list[int] | None = None) -> list[int]:
    """Per participant, the bitset of ``grid`` starts where they are free for a whole slot.

    ``grid`` is any ascending list of candidate starts: the query's own grid, or a provider's slots.
    ``allowed``: open_masks(grid, query), when already known.
    """
    busy_masks = BusyMasks(grid, query)
    if allowed is None:
        allowed = open_masks(grid, query)
    return [
        a & ~busy_masks.blocked(p.busy) if a and p.busy else a for a, p in zip(allowed, query.participants, strict=True)
    ]


def _open_starts(grid: list[int], allowed: list[int]) -> tuple[list[int], list[int]]:
    """The starts of ``grid`` where someone has open time, and ``allowed`` on those starts only."""
    union = reduce(or_, allowed, 0)
    if union == (1 << len(grid)) - 1:
        return grid, allowed
    spread = f"0{len(grid)}b"
    kept = list(map("1".__eq__, format(union, spread)[::-1]))  # per grid index: someone has open time
    shorter: dict[int, int] = {0: 0}  # participants with the same hours share one bitset
    for mask in allowed:
        if mask not in shorter:
            shorter[mask] = int("".join(compress(format(mask, spread)[::-1], kept))[::-1] or "0", 2)
    return list(compress(grid, kept)), list(map(shorter.__getitem__, allowed))


def compute(query: Query) -> Result:
    grid = build_grid(query)
    allowed = open_masks(grid, query)
    if query.groups is None or all(group.required >= 1 for group in query.groups):
        # Every offered slot has someone free, so a start where nobody has open time is never offered:
        # the grid keeps only the others, and every bitset after this one is that much shorter.
        grid, allowed = _open_starts(grid, allowed)
    masks = free_masks(grid, query, allowed)
    full = (1 << len(grid)) - 1
    if query.groups is None:
        offered_mask = at_least(masks, 1, full)
    else:
        offered_mask = full
        for group in query.groups:
            offered_mask &= at_least([masks[i] for i in group.members], group.required, full)
            if not offered_mask:
                break
    bits = bin(offered_mask)[:1:-1]  # bit i of the mask at position i
    offered = list(compress(range(len(bits)), map("1".__eq__, bits)))
    return Result(grid=grid, offered=offered, free=masks)
