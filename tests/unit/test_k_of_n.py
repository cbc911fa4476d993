"""k-of-n groups for every n from 1 to 17 and every k, against the reference (tests/reference.py).

The engine counts free members with a bit-sliced counter (engine.slots.at_least). Each request here
has a slot for every count 0..n of free members (a staircase), so a counter that is one bit-plane
short (it wraps at 4, 8 or 16 members) or a comparison off by one changes the answer.

Mutation check: with ``planes = [0] * (len(masks) - 1).bit_length()`` in at_least (one plane short
for groups of 4, 8 or 16), n = 4, 8 and 16 fail here while the engine's other tests pass.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from tests.helpers import slots
from tests.reference import reference
from whofree.engine.slots import at_least
from whofree.instants import iso

pytestmark = pytest.mark.security

NOW = datetime(2029, 1, 1, tzinfo=UTC)
START = int(datetime(2030, 3, 11, tzinfo=UTC).timestamp())
SLOT = 1800


def request(n: int, required: int | str, seed: int) -> dict:
    """n participants over 2n + 2 half-hour slots: in slot j < n + 1, members 0..j-1 are free (j free);
    after that, random subsets. A participant is busy in every slot where it is not free."""
    rng = random.Random(seed)
    total = 2 * n + 2
    free = [set(range(j)) for j in range(n + 1)] + [
        {i for i in range(n) if rng.random() < 0.5} for _ in range(total - n - 1)
    ]
    people = []
    for i in range(n):
        busy = [
            {"start_time": iso(START + j * SLOT), "end_time": iso(START + (j + 1) * SLOT)}
            for j in range(total)
            if i not in free[j]
        ]
        people.append({"id": f"p{i}", "busy": busy})
    people.append({"id": "optional"})  # in no group: never decides, listed when free
    return {
        "start_time": iso(START),
        "end_time": iso(START + total * SLOT),
        "duration_minutes": 30,
        "participants": people,
        "groups": [{"members": [f"p{i}" for i in range(n)], "required": required}],
    }


@pytest.mark.parametrize("n", range(1, 18))
def test_k_of_n_matches_the_reference_for_every_k(n):
    for required in [*range(1, n + 1), "all"]:
        req = request(n, required, seed=n)
        expected = [(iso(t), ids) for t, ids in reference(req, NOW.timestamp())]
        assert slots(req, NOW) == expected, f"n={n}, required={required}"
        # The staircase really covers every count: its offered slots are those with k or more free.
        k = n if required == "all" else required
        staircase_end = iso(START + (n + 1) * SLOT)
        assert [s for s, _ in expected if s < staircase_end] == [iso(START + j * SLOT) for j in range(k, n + 1)]


@pytest.mark.parametrize("n", range(1, 18))
def test_the_counter_itself_for_every_count(n):
    # Slot c has exactly c of the n masks set (for c = 0..n), plus random slots after those.
    rng = random.Random(n)
    width = n + 1 + 64
    columns = [set(range(c)) for c in range(n + 1)] + [{i for i in range(n) if rng.random() < 0.5} for _ in range(64)]
    masks = [sum(1 << s for s, members in enumerate(columns) if i in members) for i in range(n)]
    full = (1 << width) - 1
    for k in range(n + 2):
        expected = sum(1 << s for s, members in enumerate(columns) if len(members) >= k)
        assert at_least(masks, k, full) == expected, f"n={n}, k={k}"
