"""compute() drops the grid starts where nobody has open time: the same slots, the same people free."""

from __future__ import annotations

import random

import pytest

from whofree.engine import Group, Participant, Query, Window, compute
from whofree.engine.slots import at_least, build_grid, free_masks

START = 1_893_456_000  # 2030-01-01T00:00:00Z
ZONES = ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]


def on_the_whole_grid(query: Query) -> list[tuple[int, list[str]]]:
    grid = build_grid(query)
    masks = free_masks(grid, query)
    full = (1 << len(grid)) - 1
    offered = at_least(masks, 1, full) if query.groups is None else full
    for group in query.groups or ():
        offered &= at_least([masks[i] for i in group.members], group.required, full)
    return [
        (grid[i], [p.id for p, m in zip(query.participants, masks, strict=True) if m >> i & 1])
        for i in range(len(grid))
        if offered >> i & 1
    ]


def computed(query: Query) -> list[tuple[int, list[str]]]:
    result = compute(query)
    return [
        (result.grid[i], [p.id for p, m in zip(query.participants, result.free, strict=True) if m >> i & 1])
        for i in result.offered
    ]


def person(rng: random.Random, n: int) -> Participant:
    hours = rng.choice(
        [None, [], [Window(frozenset(range(5)), 8 * 60, 12 * 60)], [Window(frozenset({5, 6}), 1320, 120)]]
    )
    busy = []
    for _ in range(rng.randint(0, 20)):
        start = START + rng.randrange(0, 9 * 86_400, 900)
        busy.append((start, start + rng.choice((900, 3600, 5 * 3600))))
    return Participant(id=f"p{n}", timezone=rng.choice(ZONES), open_hours=hours, busy=busy)


@pytest.mark.parametrize("seed", range(60))
def test_the_same_slots_and_people_as_on_the_whole_grid(seed):
    rng = random.Random(seed)
    people = [person(rng, n) for n in range(rng.randint(0, 6))]
    groups = None
    if people and rng.random() < 0.5:
        members = rng.sample(range(len(people)), rng.randint(1, len(people)))
        groups = [Group(members=members, required=rng.randint(0, len(members)))]  # 0: nobody needed
    query = Query(
        start=START,
        end=START + rng.choice((1, 3, 8)) * 86_400,
        duration=rng.choice((900, 1800, 7200)),
        interval_minutes=rng.choice((15, 30, 60)),
        timezone=rng.choice(ZONES),
        participants=people,
        groups=groups,
    )
    assert computed(query) == on_the_whole_grid(query)


def test_starts_where_nobody_has_open_time_are_left_out():
    hours = [Window(frozenset(range(7)), 9 * 60, 10 * 60)]
    query = Query(START, START + 86_400, 1800, 30, "UTC", [Participant("a", "UTC", open_hours=hours)])
    assert compute(query).grid == [START + 9 * 3600, START + 9 * 3600 + 1800]
