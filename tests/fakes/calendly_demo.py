"""The demo team on the fake Calendly: used by the end-to-end tests and by `make run`.

Three round-robin hosts in New York, London and Tokyo for a 30-minute "Intro call" with a 10-minute
after-buffer, busy blocks (one with Calendly buffers), date overrides, March 2030 (New York changes
its clocks on the 10th). Calendly's own pooled slots are computed with the reference implementation.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tests.fakes.calendly import FakeCalendly, _ts
from tests.reference import reference

EVENT_TYPE_UUID = "AAAAAAAAAAAAAAAA"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]
SHORT = {"monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri"}
START, END = "2030-03-08T00:00:00Z", "2030-03-18T00:00:00Z"
HOSTS = [
    # uuid, name, email, zone, weekday intervals, date overrides
    (
        "alice",
        "Alice Adams",
        "alice@example.com",
        "America/New_York",
        [("09:00", "17:00")],
        {"2030-03-12": [("13:00", "15:00")]},
    ),
    ("bashir", "Bashir Bello", "bashir@example.com", "Europe/London", [("08:00", "12:00"), ("13:00", "16:00")], {}),
    ("chiyo", "Chiyo Chiba", "chiyo@example.com", "Asia/Tokyo", [("18:00", "23:00")], {"2030-03-13": []}),
]
BUSY = {  # uuid -> (start, end, Calendly buffer before, after in seconds)
    "alice": [
        ("2030-03-11T14:00:00Z", "2030-03-11T15:00:00Z", 0, 0),
        ("2030-03-14T18:00:00Z", "2030-03-14T18:30:00Z", 900, 900),
    ],
    "bashir": [
        ("2030-03-11T09:00:00Z", "2030-03-11T10:30:00Z", 0, 0),
        ("2030-03-15T13:00:00Z", "2030-03-15T14:00:00Z", 0, 0),
    ],
    "chiyo": [
        ("2030-03-11T10:00:00Z", "2030-03-11T11:00:00Z", 0, 0),
        ("2030-03-17T23:00:00Z", "2030-03-18T02:00:00Z", 0, 0),
    ],
}
DURATION, AFTER_BUFFER = 30, 10


def reference_request() -> dict:
    """The same team as a §2 request, for the reference implementation."""
    people = []
    for uuid, _, email, tz, intervals, overrides in HOSTS:
        people.append(
            {
                "id": email,
                "timezone": tz,
                "open_hours": [{"days": [SHORT[d] for d in WEEKDAYS], "start": a, "end": b} for a, b in intervals],
                "date_overrides": [
                    {"date": d, "intervals": [{"start": a, "end": b} for a, b in iv]} for d, iv in overrides.items()
                ],
                "busy": [
                    {
                        "start_time": datetime.fromtimestamp(_ts(s) - bb, UTC).isoformat(),
                        "end_time": datetime.fromtimestamp(_ts(e) + ba, UTC).isoformat(),
                    }
                    for s, e, bb, ba in BUSY[uuid]
                ],
            }
        )
    return {
        "start_time": START,
        "end_time": END,
        "duration_minutes": DURATION,
        "interval_minutes": 30,
        "buffer_after_minutes": AFTER_BUFFER,
        "participants": people,
    }


def build(page_size: int = 2, latency: float = 0.0) -> tuple[FakeCalendly, str]:
    fake = FakeCalendly(latency=latency, page_size=page_size)
    event_type = fake.add_event_type(EVENT_TYPE_UUID, DURATION, after_buffer=AFTER_BUFFER, start_time_increment=30)
    for uuid, name, email, tz, intervals, overrides in HOSTS:
        rules = [
            {"type": "wday", "wday": d, "intervals": [{"from": a, "to": b} for a, b in intervals]} for d in WEEKDAYS
        ]
        rules += [{"type": "wday", "wday": d, "intervals": []} for d in ("saturday", "sunday")]
        rules += [
            {"type": "date", "date": d, "intervals": [{"from": a, "to": b} for a, b in iv]}
            for d, iv in overrides.items()
        ]
        user = fake.add_host(event_type, uuid, name, email, tz, rules)
        for s, e, bb, ba in BUSY[uuid]:
            fake.add_busy(user, _ts(s), _ts(e), bb, ba)
    # Calendly's own pooled slots: wherever any host is free (round robin).
    fake.available[event_type] = [t for t, _ in reference(reference_request(), 0)]
    return fake, event_type
