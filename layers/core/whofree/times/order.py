"""Assignment order (API.md §3 "Who is assigned next"): which host an event type would give the next
booking, over every host of the event type. Pure: the caller reads the bookings.

``booked`` holds, per host id, the instants whofree learnt the host was booked (§5 deliveries,
whatever event type they came through, and the holds it granted, §4). The rules:

- ``listed``: the order of ``hosts``;
- ``least_recently_booked``: the host whose last booking is oldest (never booked: first);
- ``weighted``: the host furthest below its share of the bookings of the last 30 days first, its share
  being ``weight / sum of weights`` of all of them (compared exactly, in integers).

``priority`` (0..4, higher first) comes before the rule; ties fall back to least recently booked,
then to ``hosts`` order. A Cal.com round robin follows Cal.com's own precedence instead
(``packages/lib/server/getLuckyUser.ts``): with weights, the largest shortfall first, then the larger
weight, then priority, then least recently booked (docs/PROVIDERS.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from whofree.domain import EventType, Host

WINDOW = 30 * 86_400  # "the bookings of the last 30 days" (weighted)
RULES = ("listed", "least_recently_booked", "weighted")


@dataclass(frozen=True)
class Assignment:
    rule: str
    order: list[Host]
    valid_until: float | None = None  # a weighted order changes when a counted booking leaves the window

    def public(self) -> dict:
        return {"rule": self.rule, "order": [h.id for h in self.order]}

    def rank(self) -> dict[str, int]:
        return {h.id: n for n, h in enumerate(self.order)}


def _last(times: Sequence[float]) -> float:
    return max(times, default=-math.inf)


def assign(event_type: EventType, booked: dict[str, Sequence[float]], now: float) -> Assignment:
    """The event type's hosts in assignment order."""
    rule = event_type.host_order if event_type.host_order in RULES else "listed"
    hosts = event_type.hosts
    position = {h.id: n for n, h in enumerate(hosts)}
    if rule == "listed":
        order = sorted(hosts, key=lambda h: (-h.priority, position[h.id]))
        return Assignment(rule, order)
    last = {h.id: _last(booked.get(h.id, ())) for h in hosts}
    if rule == "least_recently_booked":
        order = sorted(hosts, key=lambda h: (-h.priority, last[h.id], position[h.id]))
        return Assignment(rule, order)
    since = now - WINDOW
    counted = {h.id: [t for t in booked.get(h.id, ()) if since < t <= now] for h in hosts}
    total = sum(len(times) for times in counted.values())
    weights = sum(h.weight for h in hosts)
    # Below its share by (weight * total / weights - count); times ``weights``, an integer.
    shortfall = {h.id: h.weight * total - len(counted[h.id]) * weights for h in hosts}
    if event_type.scheduling == "roundRobin":  # Cal.com's precedence: weights, then priority
        key = lambda h: (-shortfall[h.id], -h.weight, -h.priority, last[h.id], position[h.id])  # noqa: E731
    else:
        key = lambda h: (-h.priority, -shortfall[h.id], last[h.id], position[h.id])  # noqa: E731
    first_out = min((t for times in counted.values() for t in times), default=None)
    return Assignment(rule, sorted(hosts, key=key), None if first_out is None else first_out + WINDOW)
