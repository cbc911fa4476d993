"""Calendly open hours: the event type's own availability schedules first (per host where a rule names
a user), else the host's default schedule; on the fake Calendly (tests/fakes/calendly.py)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from tests.fakes.calendly import TOKEN, FakeCalendly
from tests.helpers import context
from whofree.errors import ExternalCalendarError
from whofree.times import dispatch
from whofree.times.dispatch import read_request

WEEKDAYS = [
    {"type": "wday", "wday": d, "intervals": [{"from": "09:00", "to": "17:00"}]}
    for d in ("monday", "tuesday", "wednesday", "thursday", "friday")
]
MORNINGS = [
    {"type": "wday", "wday": d, "intervals": [{"from": "09:00", "to": "12:00"}]}
    for d in ("monday", "tuesday", "wednesday", "thursday", "friday")
]


def at(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


@pytest.fixture
def calendly(settings):
    fake = FakeCalendly()
    settings.setenv("WHOFREE_CALENDLY_BASE_URL", fake.start())
    settings.setenv("WHOFREE_CALENDLY_TOKEN", TOKEN)
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.001")
    settings.delenv("WHOFREE_TABLE_NAME", raising=False)
    event_type = fake.add_event_type("ETYPE", 30)
    ana = fake.add_host(event_type, "ana", "Ana", "ana@example.com", "UTC", WEEKDAYS)
    ben = fake.add_host(event_type, "ben", "Ben", "ben@example.com", "UTC", WEEKDAYS)
    fake.available[event_type] = [at("2030-03-11T10:00:00Z"), at("2030-03-11T14:00:00Z")]
    yield fake, event_type, ana, ben
    fake.stop()


def labels(event_type: str) -> dict[str, list[str]]:
    request = read_request(
        {"event_type": event_type, "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
    )
    labelled = asyncio.run(dispatch.times(request, context(at=at("2030-03-01T00:00:00Z"))))
    return {
        datetime.fromtimestamp(s.start, UTC).strftime("%H:%M"): [h.id for h in hosts] for s, hosts in labelled.slots
    }


def test_without_event_type_schedules_the_hosts_default_schedules_apply(calendly):
    fake, event_type, _, _ = calendly
    assert labels(event_type) == {
        "10:00": ["ana@example.com", "ben@example.com"],
        "14:00": ["ana@example.com", "ben@example.com"],
    }
    assert fake.calls("/event_type_availability_schedules")


def test_a_rule_that_names_a_host_is_that_hosts_open_hours(calendly):
    fake, event_type, ana, _ = calendly
    fake.type_schedules[event_type] = [{"timezone": "UTC", "user": ana, "rules": MORNINGS}]
    assert labels(event_type) == {"10:00": ["ana@example.com", "ben@example.com"], "14:00": ["ben@example.com"]}


def test_a_rule_without_a_user_is_every_hosts_open_hours(calendly):
    fake, event_type, _, _ = calendly
    fake.type_schedules[event_type] = [{"timezone": "UTC", "rules": MORNINGS}]
    assert labels(event_type) == {"10:00": ["ana@example.com", "ben@example.com"], "14:00": []}
    assert not fake.calls("/user_availability_schedules")  # the defaults were not needed


def test_event_type_schedules_that_cannot_be_read_make_warnings_not_guesses(calendly):
    fake, event_type, _, _ = calendly
    fake.fail("/event_type_availability_schedules", "403", always=True)
    with pytest.raises(ExternalCalendarError):
        labels(event_type)  # every host unreadable: 424, never the default hours instead
