"""BusyMasks: the grid starts a participant's busy blocks rule out, against a plain reading.

Slot start s collides with busy [b0, b1) iff b0 - duration - buffer_after < s < b1 + buffer_before.
Blocks come from requests (end after start, checked) but also from providers and holds, so the
engine must also give the plain answer for an empty or reversed block: it rules out nothing more
than its edges say.
"""

from __future__ import annotations

import random

import pytest

from whofree.engine import BusyColumns, Query
from whofree.engine.slots import BusyMasks


def plain(grid: list[int], blocks, lead: int, lag: int) -> int:
    mask = 0
    for b0, b1 in blocks:
        for i, s in enumerate(grid):
            if b0 - lead < s < b1 + lag:
                mask |= 1 << i
    return mask


def query(duration: int, before: int, after: int) -> Query:
    return Query(0, 10**6, duration, 15, "UTC", [], buffer_before=before, buffer_after=after)


@pytest.mark.parametrize("seed", range(40))
def test_blocked_matches_a_plain_reading(seed):
    rng = random.Random(seed)
    grid = sorted(rng.sample(range(0, 20_000, 300), rng.randint(0, 40)))
    duration, before, after = rng.choice((300, 900, 1800)), rng.choice((0, 300)), rng.choice((0, 600))
    masks = BusyMasks(grid, query(duration, before, after))
    for _ in range(5):
        blocks = []
        for _ in range(rng.randint(0, 12)):
            b0 = rng.randrange(-2_000, 22_000, rng.choice((1, 150, 300)))
            b1 = b0 + rng.choice((-900, -1, 0, 1, 300, 450, 2_400))  # reversed and empty ones too
            blocks.append((b0 + rng.choice((0, 0.5)), b1))
        want = plain(grid, blocks, duration + after, before)
        assert masks.blocked(blocks) == want, (grid, blocks)
        starts, ends = [b[0] for b in blocks], [b[1] for b in blocks]
        assert masks.blocked(BusyColumns(starts, ends)) == want
        # Blocks given as keys of a mapping shared with others (a request's texts): the same bits.
        instants = {f"s{j}": b0 for j, (b0, _) in enumerate(blocks)} | {f"e{j}": b1 for j, (_, b1) in enumerate(blocks)}
        instants["unused"] = 7_000
        keyed = BusyColumns([f"s{j}" for j in range(len(blocks))], [f"e{j}" for j in range(len(blocks))], instants)
        assert masks.blocked(keyed) == want
        assert list(keyed) == blocks


def test_a_reversed_block_rules_out_nothing_on_its_own():
    grid = list(range(0, 36_000, 900))
    masks = BusyMasks(grid, query(1800, 0, 0))
    assert masks.blocked([(20_000, 5_000)]) == 0
    assert masks.blocked([(20_000, 5_000), (900, 1000)]) == plain(grid, [(900, 1000)], 1800, 0)
