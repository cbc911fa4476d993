"""The page writer: columns of JSON values in, slot objects out, cut at the byte budget."""

from __future__ import annotations

import json

from whofree.availability import render_items

COLUMNS = [
    ("start_time", ['"2030-01-07T09:00:00Z"', '"2030-01-07T09:15:00Z"', '"2030-01-07T09:30:00Z"']),
    ("end_time", ['"2030-01-07T09:30:00Z"', '"2030-01-07T09:45:00Z"', '"2030-01-07T10:00:00Z"']),
    ("available", ['["a","b"]', '["a"]', "[]"]),
]
SLOTS = [
    {"start_time": "2030-01-07T09:00:00Z", "end_time": "2030-01-07T09:30:00Z", "available": ["a", "b"]},
    {"start_time": "2030-01-07T09:15:00Z", "end_time": "2030-01-07T09:45:00Z", "available": ["a"]},
    {"start_time": "2030-01-07T09:30:00Z", "end_time": "2030-01-07T10:00:00Z", "available": []},
]


def compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def test_every_slot_is_written_in_order_when_the_budget_allows():
    text, written = render_items(COLUMNS, 10_000)
    assert written == 3
    assert text == ",".join(map(compact, SLOTS))


def test_the_page_stops_before_the_slot_that_would_pass_the_budget():
    # Each object costs its length plus one separator byte, as the page's budget counts it.
    sizes = [len(compact(slot)) + 1 for slot in SLOTS]
    for budget, expected in [(sizes[0] + sizes[1], 2), (sizes[0] + sizes[1] - 1, 1), (1, 1), (sum(sizes), 3)]:
        text, written = render_items(COLUMNS, budget)
        assert written == expected, budget
        assert json.loads(f"[{text}]") == SLOTS[:expected]


def test_no_slots_no_text():
    assert render_items([("start_time", []), ("end_time", []), ("available", [])], 100) == ("", 0)


def test_slot_labels_match_a_plain_reading_of_the_bitsets():
    import random

    from whofree.availability import slot_labels

    rng = random.Random(4)
    for people in (1, 7, 8, 9, 17, 100):
        names = [json.dumps(f"p{n}") for n in range(people)]
        size = rng.choice((1, 5, 96, 300))
        free = [rng.getrandbits(size) if rng.random() < 0.8 else 0 for _ in range(people)]
        for page in ([], [0], [size - 1], sorted(rng.sample(range(size), min(size, 40)))):
            expected = [",".join(names[p] for p in range(people) if free[p] >> i & 1) for i in page]
            assert slot_labels(free, size, page, names) == expected, (people, size, page)


def test_a_page_known_to_fit_is_written_as_the_budgeted_writer_writes_it():
    """Both writers of a page (one join when the page surely fits its budget, sized slots when it may
    not) give the plain JSON of the slots, with ids that hold quotes, commas, brackets and field names."""
    import random

    from whofree.availability.render import collection
    from whofree.engine import Participant, Query, Result
    from whofree.instants import iso

    rng = random.Random(6)
    odd = ['"available":[,', 'a"b', ",]},", "[,", "\\", "ü", "\U0001f600", "available", ""]
    for people in (1, 7, 8, 9, 30):
        ids = [rng.choice(odd) + str(n) for n in range(people)]
        size = rng.choice((1, 40, 96))
        grid = [1_900_000_000 + 900 * i for i in range(size)]
        free = [rng.getrandbits(size) if rng.random() < 0.8 else 0 for _ in range(people)]
        query = Query(
            start=grid[0],
            end=grid[-1] + 1800,
            duration=1800,
            interval_minutes=15,
            timezone="UTC",
            participants=[Participant(id=i, timezone="UTC") for i in ids],
        )
        result = Result(grid=grid, offered=list(range(size)), free=free)
        for page in ([0], sorted(rng.sample(range(size), min(size, 25)))):
            expected = ",".join(
                compact(
                    {
                        "start_time": iso(grid[i]),
                        "end_time": iso(grid[i] + 1800),
                        "available": [ids[p] for p in range(people) if free[p] >> i & 1],
                    }
                )
                for i in page
            )
            assert collection(query, result, page, False, 10**9) == (expected, len(page))
            # A budget the whole page fits in, but not every slot at its widest: the sized writer.
            assert collection(query, result, page, False, len(expected) + 1) == (expected, len(page))
