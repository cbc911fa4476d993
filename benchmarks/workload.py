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
