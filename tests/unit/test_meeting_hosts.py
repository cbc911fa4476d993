"""Which hosts a meeting needs (API.md §4), decided without I/O: reservations.needs and choose."""

from __future__ import annotations

import dataclasses

import pytest

from whofree.data.holds import MAX_HOSTS, Entry, Lock
from whofree.domain import EventType, Group, Host
from whofree.errors import Conflict
from whofree.reservations import Need, choose, needs
from whofree.times.order import assign

NOW = 1_000_000.0
SLOT = (2_000_000, 2_003_600)


def event_type(ids: list[str], pooling: str | None = None, groups=None, mandatory=()) -> EventType:
    hosts = [Host(i, key=f"k-{i}") for i in ids]
    typed = tuple(Group(tuple(m), r) for m, r in groups) if groups is not None else None
    return EventType("et", "Team", 60, pooling, hosts, groups=typed, mandatory=frozenset(mandatory))


def locks(ids: list[str], held_at: dict[str, float] | None = None, busy: tuple[str, ...] = ()) -> dict[str, Lock]:
    out = {}
    for i in ids:
        entries = (Entry("u", SLOT[0] + 1800, SLOT[1] + 1800, int(NOW) + 60),) if i in busy else ()
        out[i] = Lock(i, "v" if entries else None, entries, (held_at or {}).get(i, 0.0))
    return out


def pick(et: EventType, named=(), free=None, held_at=None, busy=()) -> list[str]:
    """The meeting's hosts; with ``held_at``, completed in least-recently-booked order (API.md §3)."""
    ids = [h.id for h in et.hosts]
    rank = None
    if held_at is not None:
        ranked = dataclasses.replace(et, host_order="least_recently_booked")
        rank = assign(ranked, {h: [t] for h, t in held_at.items()}, NOW).rank()
    return choose(et, list(named), list(free if free is not None else ids), locks(ids, held_at, busy), SLOT, NOW, rank)


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


def test_naming_more_hosts_than_the_meeting_takes_is_409():
    with pytest.raises(Conflict, match="takes 1 of a, b, and 2 are named"):
        pick(event_type(["a", "b"], "round_robin"), named=["a", "b"])  # a round robin takes one host
    with pytest.raises(Conflict, match="takes 1"):
        pick(event_type(["a", "b", "c"], groups=None), named=["a", "c"])  # §2's rule: one host
    grouped = event_type(["a", "b", "c", "d"], groups=[(["a"], "all"), (["b", "c"], 1)])
    with pytest.raises(Conflict, match="b, c"):
        pick(grouped, named=["a", "b", "c"])
    # d is in no group (optional): named, it is held along with what the meeting needs.
    assert pick(grouped, named=["d"]) == ["a", "b", "d"]
    # As many as it takes is fine; a host in two groups counts for each.
    assert pick(grouped, named=["a", "c"]) == ["a", "c"]
    assert pick(event_type(["a", "b", "c"], "collective"), named=["c", "a", "b"]) == ["a", "b", "c"]
    assert pick(event_type(["a", "b", "c"], groups=[(["a", "b"], 1), (["b", "c"], 1)]), named=["a", "c"]) == ["a", "c"]
    calcom = event_type(["a", "b", "c"], "round_robin", mandatory={"k-c"})
    assert pick(calcom, named=["c", "b"]) == ["b", "c"]
    with pytest.raises(Conflict):
        pick(calcom, named=["a", "b"])
