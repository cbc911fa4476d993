"""A small, obviously-correct implementation of API.md §2 (with ``explain``), for comparison with the engine.

Shares no code with whofree: stdlib only, and as literal as possible. It walks every UTC minute
of the range for the grid, turns windows into sets of open minutes, and checks each busy block
against each slot. Slow (fine for the small requests property tests generate), and only valid
for zones whose offsets are whole minutes (every zone in use since 1972 or so).
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _instant(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def _local_to_epoch(day: date, minute: int, tz: ZoneInfo) -> int:
    """Wall time -> instant, "compatible" rule: PEP 495 fold=0 is exactly that rule."""
    day = day + timedelta(days=minute // 1440)
    minute %= 1440
    return int(datetime(day.year, day.month, day.day, minute // 60, minute % 60, fold=0, tzinfo=tz).timestamp())


def _open_minutes(p: dict, default_tz: str, lo: float, hi: float) -> set[int] | None:
    if p.get("open_hours") is None and p.get("date_overrides") is None:
        return None
    tz = ZoneInfo(p.get("timezone") or default_tz)
    overrides = {o["date"]: o["intervals"] for o in p.get("date_overrides") or []}
    first = datetime.fromtimestamp(lo, tz).date() - timedelta(days=2)
    last = datetime.fromtimestamp(hi, tz).date() + timedelta(days=1)
    minutes: set[int] = set()
    day = first
    while day <= last:
        if day.isoformat() in overrides:
            windows = overrides[day.isoformat()]
        else:
            windows = [w for w in p.get("open_hours") or [] if DAYS[day.weekday()] in w["days"]]
        for w in windows:
            start, end = _hm(w["start"]), _hm(w["end"])
            if end <= start:
                end += 1440
            a, b = _local_to_epoch(day, start, tz), _local_to_epoch(day, end, tz)
            minutes.update(range(a // 60, b // 60))
        day += timedelta(days=1)
    return minutes


def reference(req: dict, now: float) -> list[tuple[int, list[str]]]:
    return [(t, available) for t, available, _ in explained(req, now)]


def explained(
    req: dict, now: float, holds: dict[str, list[tuple[float, float]]] | None = None, unknown: set[str] = frozenset()
) -> list[tuple[int, list[str], list[tuple[str, str]]]]:
    """Each offered slot as (start, available ids, [(id, reason)] of everyone else), §2 with ``explain``.

    ``holds``: §4 holds per participant id, epoch seconds; they make their participant busy like a busy
    block. ``unknown``: ids whose calendar could not be read (never free; their ``busy`` and hours are
    what is known without it).
    """
    holds = holds or {}
    start, end = _instant(req["start_time"]), _instant(req["end_time"])
    duration = req["duration_minutes"] * 60
    interval = req.get("interval_minutes") or req["duration_minutes"]
    tz = ZoneInfo(req.get("timezone", "UTC"))
    before = req.get("buffer_before_minutes", 0) * 60
    after = req.get("buffer_after_minutes", 0) * 60
    earliest = now + req.get("minimum_notice_minutes", 0) * 60
    people = req["participants"]
    default_tz = req.get("timezone", "UTC")
    opens = [_open_minutes(p, default_tz, start, end) for p in people]
    busies = [[(_instant(b["start_time"]), _instant(b["end_time"])) for b in p.get("busy") or []] for p in people]
    held = [holds.get(p["id"], []) for p in people]
    groups = req.get("groups") or [{"members": [p["id"] for p in people], "required": 1}]

    def overlaps(blocks: list[tuple[float, float]], s: int) -> bool:
        """A block overlaps the slot widened by its buffers."""
        return any(b0 < s + duration + after and b1 > s - before for b0, b1 in blocks)

    def reason(i: int, s: int) -> str | None:
        """Why participant i is not free for the slot at s (the first that applies), or None: free."""
        if overlaps(held[i], s):
            return "held"
        if overlaps(busies[i], s):
            return "busy"
        if opens[i] is not None and not all(m in opens[i] for m in range(s // 60, (s + duration) // 60)):
            return "outside_hours"
        if people[i]["id"] in unknown:
            return "unknown"
        return None

    out = []
    t = math.ceil(start / 60) * 60
    while t + duration <= end:
        local = datetime.fromtimestamp(t, tz)
        if t >= start and t >= earliest and local.second == 0 and (local.hour * 60 + local.minute) % interval == 0:
            why = {p["id"]: reason(i, t) for i, p in enumerate(people)}
            if all(
                sum(why[m] is None for m in g["members"])
                >= (len(g["members"]) if g["required"] == "all" else g["required"])
                for g in groups
            ):
                available = [p["id"] for p in people if why[p["id"]] is None]
                unavailable = [(p["id"], why[p["id"]]) for p in people if why[p["id"]] is not None]
                out.append((t, available, unavailable))
        t += 60
    return out


def sequences(req: dict, now: float) -> list[dict]:
    """API.md §2b read literally: per first start on the grid, per order, every choice of gaps tried in
    order (smallest gap of meeting 2 first, then of meeting 3, ...); the first that works is the answer.

    Each meeting is a §2 request of its own (its participants, groups, duration, buffers), asked about
    one start at a time with ``explained``. Returns items as dicts, the way the API writes them, with
    each meeting's ``unavailable`` (the API leaves it out without ``explain``).
    """
    from itertools import permutations, product

    start, end = _instant(req["start_time"]), _instant(req["end_time"])
    meetings = req["meetings"]
    interval = req.get("interval_minutes", 30)
    tz = ZoneInfo(req.get("timezone", "UTC"))
    earliest = now + req.get("minimum_notice_minutes", 0) * 60
    gap = req.get("gap_minutes") or {}
    gaps = list(range(gap.get("min", 0), gap.get("max", 0) + 1, 5))
    order_kind = req.get("order", "fixed")
    orders = [tuple(range(len(meetings)))] if order_kind == "fixed" else list(permutations(range(len(meetings))))
    everyone = [p["id"] for p in req["participants"]]

    def single(meeting: dict) -> dict:
        ids = set(meeting.get("participants") or everyone)
        one = {
            "start_time": req["start_time"],
            "end_time": req["end_time"],
            "duration_minutes": meeting["duration_minutes"],
            "interval_minutes": 1,
            "timezone": "UTC",
            "participants": [p for p in req["participants"] if p["id"] in ids],
            "buffer_before_minutes": meeting.get("buffer_before_minutes", 0),
            "buffer_after_minutes": meeting.get("buffer_after_minutes", 0),
        }
        if meeting.get("groups"):
            one["groups"] = meeting["groups"]
        return one

    answers: dict[int, dict[int, tuple[list[str], list[tuple[str, str]]]]] = {}
    singles = [single(m) for m in meetings]

    def at(m: int, s: int) -> tuple[list[str], list[tuple[str, str]]] | None:
        """Meeting m offered at s (§2 rules 3-4, inside the range): (available, unavailable), else None."""
        if m not in answers:
            # Every minute of the range, once: §2 with a 1-minute UTC grid is "every whole minute".
            answers[m] = {t: (a, u) for t, a, u in explained(singles[m], float("-inf"))}
        return answers[m].get(s)

    durations = [m["duration_minutes"] * 60 for m in meetings]
    out = []
    t = math.ceil(start / 60) * 60
    while t < end:
        local = datetime.fromtimestamp(t, tz)
        if t >= earliest and local.second == 0 and (local.hour * 60 + local.minute) % interval == 0:
            for order in orders:
                for chosen in product(gaps, repeat=len(order) - 1):  # lexicographic: smallest gaps first
                    s, placed = t, []
                    for k, m in enumerate(order):
                        if k:
                            s += chosen[k - 1] * 60
                        found = at(m, s)
                        if found is None:
                            break
                        placed.append((m, s, found))
                        s += durations[m]
                    else:
                        out.append(
                            {
                                "start_time": t,
                                "end_time": s,
                                "meetings": [
                                    {
                                        "id": meetings[m]["id"],
                                        "start_time": a,
                                        "end_time": a + durations[m],
                                        "available": f[0],
                                        "unavailable": f[1],
                                    }
                                    for m, a, f in placed
                                ],
                            }
                        )
                        break
        t += 60
    return out
