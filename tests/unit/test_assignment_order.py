"""Assignment order (API.md §3 "Who is assigned next"), each rule against orders computed by hand."""

from __future__ import annotations

from whofree.domain import EventType, Host
from whofree.times.order import WINDOW, assign

NOW = 2_000_000_000.0
DAY = 86_400


def event_type(hosts: list[Host], rule: str, scheduling: str | None = None) -> EventType:
    return EventType("et", "Team", 30, None, hosts, host_order=rule, scheduling=scheduling)


def ids(et: EventType, booked: dict[str, list[float]] | None = None) -> list[str]:
    return assign(et, booked or {}, NOW).public()["order"]


def test_listed_is_hosts_order_after_priority():
    hosts = [Host("a"), Host("b", priority=3), Host("c"), Host("d", priority=0)]
    et = event_type(hosts, "listed")
    # b (priority 3) first; a and c (2) in hosts order; d (0) last. Bookings change nothing.
    assert ids(et) == ["b", "a", "c", "d"]
    assert ids(et, {"a": [NOW - 10], "b": [NOW - 5]}) == ["b", "a", "c", "d"]
    assert assign(et, {}, NOW).public() == {"rule": "listed", "order": ["b", "a", "c", "d"]}


def test_least_recently_booked():
    hosts = [Host("a"), Host("b"), Host("c"), Host("d")]
    et = event_type(hosts, "least_recently_booked")
    booked = {"a": [NOW - 100, NOW - 3 * DAY], "c": [NOW - 50 * DAY], "d": [NOW - 2 * DAY]}
    # Never booked first (b), then by the last booking, oldest first: c (50 days), d (2 days), a (100 s).
    assert ids(et, booked) == ["b", "c", "d", "a"]
    # Ties (two never booked) fall back to hosts order.
    assert ids(et, {"a": [NOW - 1]}) == ["b", "c", "d", "a"]


def test_least_recently_booked_after_priority():
    hosts = [Host("a", priority=4), Host("b"), Host("c", priority=1)]
    et = event_type(hosts, "least_recently_booked")
    # a was booked last, yet priority 4 comes first; c (priority 1) is last although never booked.
    assert ids(et, {"a": [NOW - 1], "b": [NOW - DAY]}) == ["a", "b", "c"]


def test_weighted_shortfall_against_the_share_of_the_last_30_days():
    hosts = [Host("a", weight=100), Host("b", weight=300), Host("c", weight=100)]
    et = event_type(hosts, "weighted")
    # 4 bookings in 30 days (a 2, b 2; a's third is older and not counted); weights sum to 500.
    # Targets: a 0.8, b 2.4, c 0.8; shortfalls: a -1.2, b 0.4, c 0.8: c, b, a.
    booked = {"a": [NOW - DAY, NOW - 2 * DAY, NOW - WINDOW - 1], "b": [NOW - 3 * DAY, NOW - 4 * DAY]}
    answer = assign(et, booked, NOW)
    assert answer.public() == {"rule": "weighted", "order": ["c", "b", "a"]}
    # The order holds until the first counted booking (b's, 4 days ago) leaves the window.
    assert answer.valid_until == NOW - 4 * DAY + WINDOW


def test_weighted_with_priority_and_ties():
    hosts = [Host("a", weight=100), Host("b", weight=300, priority=3), Host("c", weight=100), Host("d", weight=100)]
    et = event_type(hosts, "weighted")
    booked = {"a": [NOW - DAY], "b": [NOW - 2 * DAY, NOW - 3 * DAY], "c": [NOW - 5 * DAY]}
    # b first by priority (whatever its shortfall). Then among a, c, d (weight 100 of 600, 4 bookings:
    # a target of 2/3 each): d (0 booked) is furthest below; a and c tie (1 each), so least recently
    # booked: c (5 days ago) before a (1 day ago).
    assert ids(et, booked) == ["b", "d", "c", "a"]


def test_calcom_weights_come_before_priority():
    # Cal.com's own precedence (getLuckyUser.ts): the weights filter first, then priority.
    hosts = [Host("a", priority=4, weight=100), Host("b", weight=300), Host("c", weight=100)]
    booked = {"a": [NOW - DAY, NOW - 2 * DAY], "b": [NOW - 3 * DAY, NOW - 4 * DAY]}
    assert ids(event_type(hosts, "weighted", scheduling="roundRobin"), booked) == ["c", "b", "a"]
    # The same hosts in a configured event type: priority first.
    assert ids(event_type(hosts, "weighted"), booked) == ["a", "c", "b"]
