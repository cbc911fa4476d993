"""Provider call budgets shared by every function (whofree.budgets), on DynamoDB Local: however many
functions use one credential at once, together they never take more calls in a minute than its limit."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from whofree.budgets import SharedBudget
from whofree.data import budgets

MOMENT = 1_900_000_000.0  # 40 s into its minute
WINDOW = int(MOMENT) - int(MOMENT) % 60


def test_fifty_functions_never_spend_more_than_the_credentials_limit(table):
    limit = 120

    def one_function() -> int:
        budget = SharedBudget(table, "calcom", "con_shared", limit, clock=lambda: MOMENT)

        async def calls() -> int:
            return sum([await budget.take(lambda: 0.0) for _ in range(10)])  # no time to wait for the next minute

        return asyncio.run(calls())

    with ThreadPoolExecutor(50) as pool:
        granted = list(pool.map(lambda _: one_function(), range(50)))
    assert budgets.spent(table, "calcom", "con_shared", WINDOW) == limit  # 500 wanted: the minute is spent, not passed
    assert 0 < sum(granted) <= limit
    assert budgets.spent(table, "calcom", "another", WINDOW) == 0  # each credential its own


def test_a_spent_minute_waits_for_the_next_when_the_deadline_allows(table):
    now = [MOMENT]
    slept = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    budget = SharedBudget(table, "calendly", "deployment", 2, clock=lambda: now[0], sleep=sleep)

    async def run() -> list[bool]:
        return [
            await budget.take(lambda: 100.0),
            await budget.take(lambda: 100.0),
            await budget.take(lambda: 10.0),  # the minute ends in 20 s: past this deadline
            await budget.take(lambda: 100.0),  # waits for the next minute
        ]

    assert asyncio.run(run()) == [True, True, False, True]
    assert slept == [20.0]
    assert budgets.spent(table, "calendly", "deployment", WINDOW) == 2
    assert budgets.spent(table, "calendly", "deployment", WINDOW + 60) == 1


def test_each_account_has_its_own_budget(table):
    other = table.unscoped().scoped("acc_other")
    for scope in (table, other):
        budget = SharedBudget(scope, "calcom", "deployment", 1, clock=lambda: MOMENT)
        assert asyncio.run(budget.take(lambda: 0.0)) is True
