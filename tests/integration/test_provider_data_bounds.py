"""Provider data whofree cannot use fails the read (424 here: the event type itself), never a 5xx and
never a quietly shorter or doubled list. On the fake Calendly (tests/fakes/calendly.py), over loopback.

- Pagination: a page whose next token is its own, or one that leads back to a page already read.
  Mutation check: with ``ProviderClient.pages`` returning on a repeated token (as before), the cycle
  lists two hosts twice and loses one, the self-pointing page loses one, and both tests fail.
- A Calendly ``duration`` of 0 or less (slots that end before they start), or not a number of minutes.
  Mutation check: with ``calendly.Minutes`` a plain ``int`` (no bounds), 0, -30, 100 000 and an
  increment of 0 are read and four of these tests fail.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from tests.fakes.calendly import TOKEN, FakeCalendly
from tests.helpers import context
from whofree.errors import ExternalCalendarError
from whofree.times import dispatch
from whofree.times.dispatch import read_request

pytestmark = pytest.mark.security

WEEKDAYS = [{"type": "wday", "wday": "monday", "intervals": [{"from": "09:00", "to": "17:00"}]}]


def at(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


class Paging(FakeCalendly):
    """The fake Calendly, with the memberships page at offset 2 pointing ``then`` instead of onwards."""

    def __init__(self, then: str) -> None:
        super().__init__(page_size=2)
        self.then = then

    def _route(self, path: str, q: dict) -> tuple[int, dict]:
        status, body = super()._route(path, q)
        if path == "/event_type_memberships" and q.get("page_token") == "2":
            body["pagination"]["next_page_token"] = self.then
        return status, body


def serve(fake: FakeCalendly, settings, duration=30) -> str:
    settings.setenv("WHOFREE_CALENDLY_BASE_URL", fake.start())
    settings.setenv("WHOFREE_CALENDLY_TOKEN", TOKEN)
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.001")
    settings.delenv("WHOFREE_TABLE_NAME", raising=False)
    event_type = fake.add_event_type("ETYPE", duration)
    for n in range(5):
        fake.add_host(event_type, f"h{n}", f"Host {n}", f"h{n}@example.com", "UTC", WEEKDAYS)
    fake.available[event_type] = [at("2030-03-11T10:00:00Z")]
    return event_type


def times(event_type: str):
    request = read_request(
        {"event_type": event_type, "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
    )
    return asyncio.run(dispatch.times(request, context(at=at("2030-03-01T00:00:00Z"))))


@pytest.mark.parametrize(("then", "case"), [("2", "a page pointing at itself"), ("0", "a cycle to the first page")])
def test_pages_that_lead_back_fail_the_read(then, case, settings):
    fake = Paging(then)
    try:
        event_type = serve(fake, settings)
        with pytest.raises(ExternalCalendarError, match="lead back to a page already read"):
            times(event_type)
        tokens = [p.get("page_token") for p in fake.calls("/event_type_memberships")]
        assert len(tokens) <= 3  # stopped at the repeat: no loop
    finally:
        fake.stop()


def test_pages_that_end_are_read_in_full(settings):
    fake = FakeCalendly(page_size=2)
    try:
        labelled = times(serve(fake, settings))
        assert [h.id for h in labelled.event_type.hosts] == [f"h{n}@example.com" for n in range(5)]
    finally:
        fake.stop()


@pytest.mark.parametrize("duration", [0, -30, 0.5, float("inf"), "30", True, None, 100_000])
def test_an_event_type_without_a_usable_duration_is_a_calendar_error(duration, settings):
    fake = FakeCalendly()
    try:
        event_type = serve(fake, settings, duration)
        with pytest.raises(ExternalCalendarError, match=r"could not read .*\$\.resource\.duration"):
            times(event_type)
    finally:
        fake.stop()


@pytest.mark.parametrize("fields", [{"start_time_increment": 0}, {"before_buffer": -5}, {"after_buffer": float("inf")}])
def test_an_unusable_increment_or_buffer_is_a_calendar_error(fields, settings):
    fake = FakeCalendly()
    try:
        event_type = serve(fake, settings)
        fake.event_types["ETYPE"].update(fields)
        with pytest.raises(
            ExternalCalendarError,
            match=r"could not read .*\$\.resource\.(start_time_increment|before_buffer|after_buffer)",
        ):
            times(event_type)
    finally:
        fake.stop()
