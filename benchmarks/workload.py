"""Deterministic request bodies for the benchmarks (no randomness across runs: seeded)."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Helsinki",
    "Africa/Lagos",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "America/St_Johns",
]
START = datetime(2030, 3, 4, tzinfo=UTC)  # a Monday; the range crosses DST changes in several zones


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def availability_request(participants: int, days: int, busy_per_day: int = 8, seed: int = 7) -> dict:
    """``participants`` people in their own zones, two daily windows, ``busy_per_day`` busy blocks a day."""
    rng = random.Random(seed)
    people = []
    for n in range(participants):
        busy = []
        for day in range(days):
            base = START + timedelta(days=day)
            for _ in range(busy_per_day):
                start = base + timedelta(minutes=15 * rng.randrange(0, 96))
                busy.append(
                    {
                        "start_time": _iso(start),
                        "end_time": _iso(start + timedelta(minutes=rng.choice((15, 30, 45, 60)))),
                    }
                )
        people.append(
            {
                "id": f"person{n:03d}@example.com",
                "name": f"Person {n}",
                "timezone": ZONES[n % len(ZONES)],
                "open_hours": [
                    {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "12:00"},
                    {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "13:00", "end": "18:00"},
                ],
                "busy": busy,
            }
        )
    return {
        "start_time": _iso(START),
        "end_time": _iso(START + timedelta(days=days)),
        "duration_minutes": 30,
        "interval_minutes": 15,
        "participants": people,
        "count": 10_000,
    }


def availability_body(participants: int, days: int, **kw) -> str:
    return json.dumps(availability_request(participants, days, **kw))


# The hard case: six zones whose working days overlap in pairs, a lunch gap, days ending at
# 17:00 or 18:00, and busy blocks on every day (weekends too) of 15-90 minutes. About 45 000 labels.
HARD_ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Sydney",
]


def hard_request(participants: int = 100, days: int = 28, busy_per_day: int = 8, seed: int = 8) -> dict:
    """``participants`` people in six zones, 08:00-12:00 and 13:00-17:00/18:00 on weekdays, busy blocks every day."""
    rng = random.Random(seed)
    people = []
    for n in range(participants):
        busy = []
        for day in range(days):
            base = START + timedelta(days=day)
            for _ in range(busy_per_day):
                start = base + timedelta(minutes=15 * rng.randrange(0, 96))
                length = 15 * rng.randrange(1, 7)  # 15-90 minutes
                busy.append({"start_time": _iso(start), "end_time": _iso(start + timedelta(minutes=length))})
        weekdays = ["mon", "tue", "wed", "thu", "fri"]
        people.append(
            {
                "id": f"person{n:03d}@example.com",
                "name": f"Person {n}",
                "timezone": HARD_ZONES[n % len(HARD_ZONES)],
                "open_hours": [
                    {"days": weekdays, "start": "08:00", "end": "12:00"},
                    {"days": weekdays, "start": "13:00", "end": "17:00" if n % 2 else "18:00"},
                ],
                "busy": busy,
            }
        )
    return {
        "start_time": _iso(START),
        "end_time": _iso(START + timedelta(days=days)),
        "duration_minutes": 30,
        "interval_minutes": 15,
        "participants": people,
        "count": 10_000,
    }


def hard_body(participants: int = 100, days: int = 28, **kw) -> str:
    return json.dumps(hard_request(participants, days, **kw))
