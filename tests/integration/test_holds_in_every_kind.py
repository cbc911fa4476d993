"""A hold hides its host in Calendly, Cal.com and configured answers alike (API.md §4), because the one
dispatcher applies holds for every kind of event type (whofree.times.dispatch)."""

from __future__ import annotations

import asyncio
import copy
import json
import time

from tests.fakes import calendly_demo
from tests.helpers import context
from tests.integration.test_configured_event_types import CONFIG, TEAM
from tests.unit.providers import test_calcom as calcom_fixtures
from whofree import configured
from whofree.data import holds
from whofree.times import dispatch
from whofree.times.dispatch import read_request

CALENDLY_TYPE = f"https://api.calendly.com/event_types/{calendly_demo.EVENT_TYPE_UUID}"


def labels(table, event_type: str, start: str, end: str, transport=None) -> dict[int, list[str]]:
    request = read_request({"event_type": event_type, "start_time": start, "end_time": end})
    labelled = asyncio.run(dispatch.times(request, context(table, transport=transport)))
    return {slot.start: [h.id for h in hosts] for slot, hosts in labelled.slots}


def hold(table, event_type: str, host: str, start: int, minutes: int) -> None:
    now = int(time.time())
    made = holds.Hold(holds.new_uid(), event_type, [host], start, start + minutes * 60, now + 300)
    holds.put(table, made, (made.start, made.end), holds.locks(table, [host]), now)


def check_hidden(before: dict[int, list[str]], after: dict[int, list[str]], host: str, start: int) -> None:
    assert host in before[start]
    assert host not in after.get(start, [])
    # The other hosts of that slot keep it, and far from the hold nothing changed but, where the event
    # type orders its hosts by their bookings (a Calendly round robin), the order: a granted hold is a
    # booking (API.md §3).
    assert sorted(h for h in before[start] if h != host) == sorted(after.get(start, []))
    far = {s: sorted(hosts) for s, hosts in before.items() if abs(s - start) >= 4 * 3600}
    assert far
    assert {s: sorted(after.get(s) or []) for s in far} == far


def shared_slot(before: dict[int, list[str]]) -> tuple[int, str]:
    start = next(s for s, hosts in sorted(before.items()) if len(hosts) >= 2)
    return start, before[start][0]


def test_calendly(table, calendly):
    before = labels(table, CALENDLY_TYPE, calendly_demo.START, calendly_demo.END)
    start, host = shared_slot(before)
    hold(table, CALENDLY_TYPE, host, start, calendly_demo.DURATION)
    check_hidden(before, labels(table, CALENDLY_TYPE, calendly_demo.START, calendly_demo.END), host, start)


def calcom_transport():
    """The faithful fake Cal.com, with per-host answers on (rrHostSubsetEnabled): hosts can be labelled."""
    return calcom_fixtures.faithful(rrHostSubsetEnabled=True).transport()


def test_calcom(table, settings):
    settings.setenv("WHOFREE_CALCOM_API_KEY", "cal_test_key")
    settings.setenv("WHOFREE_CALCOM_BASE_URL", "https://calcom.test")
    span = ("2030-03-11T00:00:00Z", "2030-03-12T00:00:00Z")
    before = labels(table, "calcom:42", *span, transport=calcom_transport())
    start, host = shared_slot(before)
    hold(table, "calcom:42", host, start, 30)
    check_hidden(before, labels(table, "calcom:42", *span, transport=calcom_transport()), host, start)


def test_configured(table):
    config = copy.deepcopy(CONFIG)
    config.pop("groups")  # anyone free offers a slot, so a held host just disappears from the labels
    configured.put(table, "team", configured.parse(json.dumps(config)))
    before = labels(table, "team", TEAM["start_time"], TEAM["end_time"])
    start, host = shared_slot(before)
    hold(table, "team", host, start, config["duration_minutes"])
    check_hidden(before, labels(table, "team", TEAM["start_time"], TEAM["end_time"]), host, start)
