"""Cal.com with ``explain``: whofree sees no calendar there, so a host missing from a slot is ``unknown``."""

from __future__ import annotations

import json

from tests.fakes.calcom_scripted import EVENT_TYPE, fake, run
from tests.unit.providers.test_calcom import HOSTS, _env, faithful  # noqa: F401 - _env is a fixture
from tests.unit.providers.test_calcom import run as run_faithful


def reasons(labelled) -> list[tuple[list[str], list[tuple[str, str]]]]:
    return [([h.id for h in hosts], why) for (_, hosts), why in zip(labelled.slots, labelled.unavailable, strict=True)]


def test_hosts_absent_from_their_own_answer_are_unknown_in_host_order():
    labelled = run(fake(), explain="true")
    assert reasons(labelled) == [
        (["dana"], [("eli", "unknown"), ("fay", "unknown")]),
        (["dana", "eli"], [("fay", "unknown")]),
        (["dana", "eli"], [("fay", "unknown")]),
        (["eli"], [("dana", "unknown"), ("fay", "unknown")]),
        (["fay"], [("dana", "unknown"), ("eli", "unknown")]),
    ]
    assert labelled.warnings == []
    # Rendered into each slot, after available_hosts.
    first = json.loads(labelled.texts()[0])
    assert first["unavailable"] == [{"id": "eli", "reason": "unknown"}, {"id": "fay", "reason": "unknown"}]


def test_without_explain_nothing_changes():
    plain, explained = run(fake()), run(fake(), explain="true")
    assert plain.unavailable is None
    assert [(s, [h.id for h in hosts]) for s, hosts in plain.slots] == [
        (s, [h.id for h in hosts]) for s, hosts in explained.slots
    ]
    assert all("unavailable" not in text for text in plain.texts())


def test_a_failing_host_is_unknown_with_a_warning_and_the_hosts_filter_is_respected():
    labelled = run(fake(failing={"102"}), explain="true")
    assert [w["participant"] for w in labelled.warnings] == ["eli"]
    assert all(("eli", "unknown") in why for _, why in reasons(labelled))
    filtered = run(fake(), hosts="dana,fay", explain="true")
    assert reasons(filtered) == [
        (["dana"], [("fay", "unknown")]),
        (["dana"], [("fay", "unknown")]),
        (["dana"], [("fay", "unknown")]),
        (["fay"], [("dana", "unknown")]),
    ]


def test_collective_hosts_are_never_unavailable():
    collective = {"status": "success", "data": {**EVENT_TYPE["data"], "schedulingType": "collective"}}
    labelled = run(fake(collective), explain="true")
    assert labelled.slots
    assert all(why == [] for _, why in reasons(labelled))


def test_hosts_cal_com_cannot_tell_apart_are_unknown_and_never_free():
    # On the faithful fake, rrHostSubsetEnabled off (Cal.com's default): no host can be told apart.
    labelled = run_faithful(faithful(), explain="true")
    assert labelled.slots
    assert reasons(labelled) == [([], [("dana", "unknown"), ("eli", "unknown"), ("fay", "unknown")])] * len(
        labelled.slots
    )
    assert [w["participant"] for w in labelled.warnings] == ["dana", "eli", "fay"]
    # A fixed host is in every slot; the others stay unknown.
    fixed = run_faithful(faithful([{**HOSTS[0], "mandatory": True}, *HOSTS[1:]]), explain="true")
    assert fixed.slots
    assert all(r == (["dana"], [("eli", "unknown"), ("fay", "unknown")]) for r in reasons(fixed))
