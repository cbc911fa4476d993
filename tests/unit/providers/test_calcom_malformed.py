"""Cal.com answers of another shape than it documents, with 200 (API.md §1 "Partial failure"): a
host's own slot list fails that host (a warning, never free); the event type or the pooled slots
fail the event type (424); never a 5xx."""

from __future__ import annotations

import copy

import pytest

from tests.fakes.calcom_scripted import EVENT_TYPE, fake, run
from tests.unit.providers.test_calcom import _env  # noqa: F401 - a fixture
from whofree.errors import ExternalCalendarError

SLOT = {"start": "2030-03-11T09:00:00.000+01:00"}


def event_type(**fields) -> dict:
    changed = copy.deepcopy(EVENT_TYPE)
    changed["data"].update(fields)
    return changed


@pytest.mark.parametrize(
    "body",
    [
        {"status": "success"},  # no data
        {"status": "success", "data": "slots"},
        {"status": "success", "data": {"2030-03-11": "09:00"}},
        {"status": "success", "data": {"2030-03-11": ["09:00"]}},
        {"status": "success", "data": {"2030-03-11": [{"end": "2030-03-11T09:30:00.000+01:00"}]}},
        {"status": "success", "data": {"2030-03-11": [{"start": "2030-03-11T09:00:00.000"}]}},  # no offset
        {"status": "success", "data": {"2030-03-11": [{**SLOT, "seatsRemaining": float("inf")}]}},
        {"status": "success", "data": {"slots": {"2030-03-11": [{"time": SLOT["start"]}]}}},  # the old shape
        {"error": "backend unavailable"},
        ["x"],
    ],
)
def test_a_host_slot_list_of_another_shape_is_a_warning_and_never_free(body):
    labelled = run(fake(malformed={"102": body}))
    assert [w["participant"] for w in labelled.warnings] == ["eli"]
    assert "could not read" in labelled.warnings[0]["message"]
    assert all("eli" not in [h.id for h in hosts] for _, hosts in labelled.slots)
    assert any("dana" in [h.id for h in hosts] for _, hosts in labelled.slots)


@pytest.mark.parametrize(
    ("which", "body"),
    [
        ("event type", event_type(lengthInMinutes=float("inf"))),
        ("event type", event_type(lengthInMinutes=-30)),
        ("event type", event_type(lengthInMinutes="30")),
        ("event type", event_type(lengthInMinutes=None)),
        ("event type", event_type(hosts=["dana"])),
        ("event type", event_type(hosts=[{"name": "Dana"}])),
        ("event type", event_type(hosts={"userId": 101})),
        ("event type", {"status": "success", "data": []}),
        ("event type", {"status": "success", "data": "x"}),
        ("event type", {"error": "backend unavailable"}),
        ("pooled", {"status": "success", "data": {"2030-03-11": [{"end": "x"}]}}),
        ("pooled", {"status": "success"}),
    ],
)
def test_an_event_type_or_pooled_slots_of_another_shape_is_424(which, body):
    with pytest.raises(ExternalCalendarError, match="could not read"):
        run(fake(malformed={which: body}))


def test_every_host_slot_list_of_another_shape_is_424():
    odd = {"status": "success", "data": {"2030-03-11": ["09:00"]}}
    with pytest.raises(ExternalCalendarError, match="No host's calendar could be read"):
        run(fake(malformed={"101": odd, "102": odd, "103": odd}))
