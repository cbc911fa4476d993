"""Which hosts a meeting needs (API.md §4), decided without I/O: reservations.needs and choose."""

from __future__ import annotations

import pytest

from whofree.data.holds import MAX_HOSTS, Entry, Lock
from whofree.errors import Conflict
from whofree.providers.types import EventType, Host
from whofree.reservations import Need, choose, needs

NOW = 1_000_000.0
SLOT = (2_000_000, 2_003_600)


def event_type(ids: list[str], pooling: str | None = None, **extra) -> EventType:
    return EventType("et", "Team", 60, pooling, [Host(i, key=f"k-{i}") for i in ids], extra=extra)


def locks(ids: list[str], held_at: dict[str, float] | None = None, busy: tuple[str, ...] = ()) -> dict[str, Lock]:
    out = {}
    for i in ids:
        entries = (Entry("u", SLOT[0] + 1800, SLOT[1] + 1800, int(NOW) + 60),) if i in busy else ()
        out[i] = Lock(i, "v" if entries else None, entries, (held_at or {}).get(i, 0.0))
    return out


def pick(et: EventType, named=(), free=None, held_at=None, busy=()) -> list[str]:
    ids = [h.id for h in et.hosts]
    return choose(et, list(named), list(free if free is not None else ids), locks(ids, held_at, busy), SLOT, NOW)


def test_configured_groups_all_first_then_k_least_recently_held():
    et = event_type(["a", "b", "c", "d"], groups=[(["b", "c", "d"], 2), (["a"], "all")])
    assert needs(et) == [Need(["a"], 1), Need(["b", "c", "d"], 2)]
    assert pick(et) == ["a", "b", "c"]
    assert pick(et, held_at={"b": 5.0}) == ["a", "c", "d"]  # b was held most recently
    assert pick(et, named=["d"]) == ["a", "b", "d"]  # named first; completed with the least recently held


def test_a_host_in_several_groups_counts_for_each():
    et = event_type(["a", "b", "c"], groups=[(["a", "b"], 1), (["b", "c"], 1)])
    assert pick(et, named=["b"]) == ["b"]
    # Without a name: a (first, least recently held) for the first group, then b for the second.
    assert pick(et) == ["a", "b"]


def test_configured_without_groups_is_one_host():
    et = event_type(["a", "b", "c"], groups=None)
    assert needs(et) == [Need(["a", "b", "c"], 1)]
    assert pick(et, held_at={"a": 3.0}) == ["b"]


def test_provider_pooling():
    assert pick(event_type(["a", "b"], "round_robin")) == ["a"]
    assert pick(event_type(["a"], None)) == ["a"]
    assert pick(event_type(["a", "b", "c"], "collective")) == ["a", "b", "c"]
    with pytest.raises(Conflict):
        pick(event_type(["a", "b", "c"], "collective"), free=["a", "b"])
    # Cal.com's fixed hosts of a round robin are in every meeting, plus one of the others.
    calcom = event_type(["a", "b", "c"], "round_robin", mandatory={"k-c"})
    assert needs(calcom) == [Need(["c"], 1), Need(["a", "b"], 1)]
    assert pick(calcom) == ["a", "c"]


def test_held_or_busy_hosts_are_not_taken():
    et = event_type(["a", "b"], groups=[(["a", "b"], 1)])
    assert pick(et, busy=("a",)) == ["b"]  # a has a live hold overlapping the meeting
    with pytest.raises(Conflict, match="a"):
        pick(et, named=["a"], busy=("a",))
    with pytest.raises(Conflict):
        pick(et, named=["a"], free=["b"])  # named but not free in the slot
    with pytest.raises(Conflict):
        pick(event_type(["a", "b"], groups=[(["a", "b"], "all")]), busy=("b",))


def test_an_expired_hold_does_not_count():
    et = event_type(["a"], groups=None)
    expired = {"a": Lock("a", "v", (Entry("u", *SLOT, int(NOW) - 1),))}
    assert choose(et, [], ["a"], expired, SLOT, NOW) == ["a"]


def test_a_meeting_over_one_transaction_is_409():
    ids = [f"h{n}" for n in range(MAX_HOSTS + 1)]
    with pytest.raises(Conflict, match=str(MAX_HOSTS)):
        pick(event_type(ids, groups=[(ids, "all")]))
    assert len(pick(event_type(ids[:MAX_HOSTS], groups=[(ids[:MAX_HOSTS], "all")]))) == MAX_HOSTS
