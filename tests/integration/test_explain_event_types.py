"""GET /v1/event_type_available_times with ``explain=true`` through the API handler (API.md §2 "Why not
free", §3, §4), checked against the reference implementation (tests/reference.py), not the engine.

Configured event types (against DynamoDB Local): a team across New York's clock change, a hold, a host
whose calendar cannot be read, the cache. Calendly event types: the demo team on the fake Calendly
(its range crosses New York's clock change too), with a hold and with a failing host.
"""

from __future__ import annotations

import copy
import json
import time
from datetime import UTC, datetime

import pytest

from tests.fakes import calendly_demo
from tests.helpers import call_handler, context
from tests.integration.test_configured_event_types import CONFIG, call, put
from tests.reference import explained

START, END = "2030-03-08T00:00:00Z", "2030-03-13T00:00:00Z"  # New York springs forward on the 10th
CALENDLY_TYPE = f"https://api.calendly.com/event_types/{calendly_demo.EVENT_TYPE_UUID}"


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def get(event, context, event_type: str, **query) -> tuple[int, dict, dict]:
    params = {"event_type": event_type, "start_time": START, "end_time": END, **query}
    status, headers, body = call(event, context, "GET", "/v1/event_type_available_times", query=params)
    return status, headers, json.loads(body)


def shape(body: dict) -> list[tuple[str, list[str], list[tuple[str, str]]]]:
    out = []
    for s in body["collection"]:
        assert all(set(u) == {"id", "reason"} for u in s["unavailable"])
        out.append(
            (
                s["start_time"],
                [h["id"] for h in s["available_hosts"]],
                [(u["id"], u["reason"]) for u in s["unavailable"]],
            )
        )
    return out


def want(req: dict, holds=None, unknown=frozenset(), now: float | None = None):
    now = time.time() if now is None else now
    return [(iso(t), ids, why) for t, ids, why in explained(req, now, holds, set(unknown))]


def hold(event, context, event_type: str, start: str, host: str) -> dict:
    from functions.api import app as api

    body = {"event_type": event_type, "start_time": start, "host": host, "expires_in_minutes": 30}
    reply = call_handler(api.lambda_handler, event("availability"), context, path="/v1/reservations", body=body)
    assert reply.status == 201, reply.body
    return reply.json()["resource"]


# ---------------------------------------------------------------- configured event types


def team() -> dict:
    config = copy.deepcopy(CONFIG)
    del config["groups"]  # anyone free offers a slot: more slots, more reasons
    return config


def as_section_2(config: dict) -> dict:
    """The configured event type as the §2 request the reference takes (sources left out)."""
    return {
        **{k: v for k, v in config.items() if k not in ("name", "hosts")},
        "start_time": START,
        "end_time": END,
        "participants": [{k: v for k, v in h.items() if k != "source"} for h in config["hosts"]],
    }


def test_configured_reasons_across_a_dst_change_with_a_hold(table, event, lambda_context):
    config = team()
    put(event, lambda_context, "team", config)
    slot = "2030-03-11T15:00:00Z"  # Ana, Ben and Chen are all free
    resource = hold(event, lambda_context, "team", slot, "ana@example.com")
    status, headers, body = get(event, lambda_context, "team", explain="true")
    assert status == 200, body
    assert headers["X-Cache"] == "miss"
    got = shape(body)
    held = {"ana@example.com": [(epoch(slot), epoch(resource["end_time"]))]}
    assert got == want(as_section_2(config), held)
    reasons = {r for _, _, why in got for _, r in why}
    assert reasons == {"held", "busy", "outside_hours"}
    # Neighbouring 60-minute slots on the 30-minute grid overlap the hold too.
    assert ("ana@example.com", "held") in dict((s, why) for s, _, why in got)["2030-03-11T14:30:00Z"]
    # Slots on both sides of the clock change: Ana opens at 14:00Z on Friday the 8th, 13:00Z on Monday the 11th.
    at = {s: why for s, _, why in got}
    assert ("ana@example.com", "outside_hours") in at["2030-03-08T13:00:00Z"]
    assert "ana@example.com" not in dict(at["2030-03-11T13:00:00Z"])
    # Same slots and labels as without explain.
    _, _, plain = get(event, lambda_context, "team")
    assert [(s["start_time"], s["available_hosts"]) for s in plain["collection"]] == [
        (s["start_time"], s["available_hosts"]) for s in body["collection"]
    ]
    assert all("unavailable" not in s for s in plain["collection"])


def test_an_unreadable_calendar_is_unknown_unless_something_known_applies(table, calendly, event, lambda_context):
    config = team()
    # Ben's calendar is Bashir's in the fake, and it fails; his hours and an inline block are still known.
    config["hosts"][1]["source"] = {"provider": "calendly", "user": "https://api.calendly.com/users/bashir"}
    config["hosts"][1]["busy"] = [{"start_time": "2030-03-11T12:00:00Z", "end_time": "2030-03-11T13:00:00Z"}]
    calendly.fail("/user_busy_times", "500", user="https://api.calendly.com/users/bashir", always=True)
    put(event, lambda_context, "team", config)
    status, _, body = get(event, lambda_context, "team", explain="true")
    assert status == 200
    assert [w["participant"] for w in body["warnings"]] == ["ben@example.com"]
    got = shape(body)
    assert got == want(as_section_2(config), unknown={"ben@example.com"})
    ben = [dict(why).get("ben@example.com") for _, _, why in got]
    assert None not in ben  # never free
    assert {"unknown", "busy", "outside_hours"} <= set(ben)


def test_a_hosts_filter_lists_only_those_hosts(table, event, lambda_context):
    config = team()
    put(event, lambda_context, "team", config)
    _, _, body = get(event, lambda_context, "team", explain="true", hosts="ben@example.com,chen@example.com")
    full = want(as_section_2(config))
    keep = {"ben@example.com", "chen@example.com"}
    expected = [
        (s, [i for i in ids if i in keep], [(i, r) for i, r in why if i in keep])
        for s, ids, why in full
        if keep & set(ids)
    ]
    assert shape(body) == expected


def test_cached_answers_carry_reasons_and_are_kept_apart_from_plain_ones(table, event, lambda_context):
    put(event, lambda_context, "team", team())
    _, headers, first = get(event, lambda_context, "team", explain="true")
    assert headers["X-Cache"] == "miss"
    _, headers, again = get(event, lambda_context, "team", explain="true")
    assert headers["X-Cache"] == "hit"
    assert again == first
    # A shorter range inside the cached one is a hit, with the same reasons.
    _, headers, part = get(
        event,
        lambda_context,
        "team",
        explain="true",
        start_time="2030-03-11T15:00:00Z",
        end_time="2030-03-11T17:00:00Z",
    )
    assert headers["X-Cache"] == "hit"
    assert part["collection"] == [
        s for s in first["collection"] if "2030-03-11T15:00:00Z" <= s["start_time"] <= "2030-03-11T16:00:00Z"
    ]
    assert any(s["unavailable"] for s in part["collection"])
    # Without explain: another cache entry, never an answer with reasons.
    _, headers, plain = get(event, lambda_context, "team")
    assert headers["X-Cache"] == "miss"
    assert all("unavailable" not in s for s in plain["collection"])
    _, headers, plain_again = get(event, lambda_context, "team", explain="false")
    assert headers["X-Cache"] == "hit"
    assert plain_again == plain
    # And the explained entry is still there.
    assert get(event, lambda_context, "team", explain="true")[1]["X-Cache"] == "hit"


@pytest.mark.parametrize("value", ["yes", "1", "True", ""])
def test_bad_explain_values_are_400_naming_it(table, event, lambda_context, value):
    put(event, lambda_context, "team", team())
    status, _, body = get(event, lambda_context, "team", explain=value)
    assert status == 400
    assert [d["parameter"] for d in body["details"]] == ["explain"]


# ---------------------------------------------------------------- Calendly event types
# Calendly's slot list is its own (the fake's is the reference's, without whofree's holds), so each
# slot is checked against the reference at that start alone.

SPAN = {"start_time": calendly_demo.START, "end_time": calendly_demo.END}


def at_start(req: dict, slot: str, holds=None, unknown=frozenset()) -> tuple[list[str], list[tuple[str, str]]]:
    """(free ids, [(id, reason)] of the others) at one start, by the reference: the request narrowed to
    that slot, with an extra always-free participant so that it is offered whoever else is free."""
    one = {**req, "start_time": slot, "end_time": iso(epoch(slot) + req["duration_minutes"] * 60)}
    ((_, ids, why),) = explained({**one, "participants": [*one["participants"], {"id": "_"}]}, 0, holds, set(unknown))
    return [i for i in ids if i != "_"], why


def test_calendly_reasons_match_the_reference_across_a_dst_change(table, calendly, event, lambda_context):
    req = calendly_demo.reference_request()
    status, _, body = get(event, lambda_context, CALENDLY_TYPE, explain="true", **SPAN)
    assert status == 200, body
    assert shape(body) == want(req, now=0)
    # A hold on Alice in a slot only she can take.
    slot = next(s for s, ids, _ in want(req, now=0) if ids == ["alice@example.com"])
    resource = hold(event, lambda_context, CALENDLY_TYPE, slot, "alice@example.com")
    _, headers, body = get(event, lambda_context, CALENDLY_TYPE, explain="true", **SPAN)
    assert headers["X-Cache"] == "miss"  # the hold changed its host's lock version, so the cached answer is stale
    # API.md §4: a hold makes its host busy for [start - buffer_before, end + buffer_after).
    after = calendly_demo.AFTER_BUFFER * 60
    holds = {"alice@example.com": [(epoch(slot), epoch(resource["end_time"]) + after)]}
    got = shape(body)
    assert [s for s, _, _ in got] == [s for s, _, _ in want(req, now=0)]
    # Free hosts are listed in assignment order (a Calendly round robin: least recently booked, and
    # the hold made Alice the most recently booked); the reference lists them in host order.
    rank = {host: n for n, host in enumerate(body["assignment"]["order"])}
    assert body["assignment"]["order"][-1] == "alice@example.com"
    for s, ids, why in got:
        expected, expected_why = at_start(req, s, holds)
        assert (ids, why) == (sorted(expected, key=rank.__getitem__), expected_why), s
    assert dict(dict((s, why) for s, _, why in got)[slot])["alice@example.com"] == "held"
    assert {r for _, _, why in got for _, r in why} == {"held", "busy", "outside_hours"}


def test_calendly_failing_host_is_unknown_and_the_others_match(table, calendly, event, lambda_context):
    calendly.fail("/user_busy_times", "500", user="https://api.calendly.com/users/bashir", always=True)
    status, _, body = get(event, lambda_context, CALENDLY_TYPE, explain="true", **SPAN)
    assert status == 200
    assert [w["participant"] for w in body["warnings"]] == ["bashir@example.com"]
    # Without his calendar whofree knows nothing of Bashir (his hours come from Calendly too): unknown.
    req = calendly_demo.reference_request()
    blind = {
        **req,
        "participants": [p if p["id"] != "bashir@example.com" else {"id": p["id"]} for p in req["participants"]],
    }
    got = shape(body)
    assert got
    for s, ids, why in got:
        assert (ids, why) == at_start(blind, s, unknown={"bashir@example.com"}), s
    assert all(dict(why)["bashir@example.com"] == "unknown" for _, _, why in got)


def test_calendly_hosts_filter_lists_only_those_hosts(calendly, event, lambda_context):
    req = calendly_demo.reference_request()
    keep = ["alice@example.com", "chiyo@example.com"]
    status, _, body = get(event, lambda_context, CALENDLY_TYPE, explain="true", hosts=",".join(keep), **SPAN)
    assert status == 200
    expected = [
        (s, [i for i in ids if i in keep], [(i, r) for i, r in why if i in keep])
        for s, ids, why in want(req, now=0)
        if set(keep) & set(ids)
    ]
    assert shape(body) == expected


def test_calendly_next_page_keeps_explain(calendly, event, lambda_context):
    from urllib.parse import parse_qs, urlsplit

    _, _, first = get(event, lambda_context, CALENDLY_TYPE, explain="true", count="5", **SPAN)
    query = {k: v[-1] for k, v in parse_qs(urlsplit(first["pagination"]["next_page"]).query).items()}
    assert query["explain"] == "true"
    assert query.pop("event_type") == CALENDLY_TYPE
    _, _, second = get(event, lambda_context, CALENDLY_TYPE, **query)
    assert second["collection"]
    assert all("unavailable" in s for s in second["collection"])
    _, _, plain = get(event, lambda_context, CALENDLY_TYPE, count="5", **SPAN)
    assert "explain" not in parse_qs(urlsplit(plain["pagination"]["next_page"]).query)


# ---------------------------------------------------------------- Cal.com event types
# whofree sees no Cal.com calendar (a host missing from its own slots is unknown), but since holds
# apply to every kind, a held Cal.com host is "held", before "unknown" (§2's order), failing or not.


def test_calcom_held_hosts_are_held_before_unknown(table, settings):
    import asyncio

    from tests.fakes import calcom_scripted as calcom_fixtures
    from whofree.data import holds
    from whofree.times import dispatch

    settings.setenv("WHOFREE_CALCOM_API_KEY", "cal_test_key")
    settings.setenv("WHOFREE_CALCOM_BASE_URL", "https://calcom.test")
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.001")
    now = int(time.time())

    def hold(host: str, start: str) -> None:
        at = epoch(start)
        made = holds.Hold(holds.new_uid(), "calcom:42", [host], at, at + 30 * 60, now + 300)
        holds.put(table, made, (made.start, made.end), holds.locks(table, [host]), now)

    def run(**fake) -> list[tuple[str, list[str], list[tuple[str, str]]]]:
        request = dispatch.read_request(
            {
                "event_type": "calcom:42",
                "start_time": "2030-03-11T00:00:00Z",
                "end_time": "2030-03-12T00:00:00Z",
                "explain": "true",
            }
        )
        labelled = asyncio.run(dispatch.times(request, context(table, transport=calcom_fixtures.fake(**fake))))
        # Free hosts in host order here (they are listed in assignment order: test_assignment*.py).
        place = {h.id: n for n, h in enumerate(labelled.event_type.hosts)}
        return [
            (iso(slot.start), sorted((h.id for h in hosts), key=place.__getitem__), why)
            for (slot, hosts), why in zip(labelled.slots, labelled.unavailable, strict=True)
        ]

    # Dana's hold at 09:30 (+01:00) for 30 minutes; with Cal.com's 10-minute after-buffer it reaches
    # the 09:00 slot too, not the 10:00 one.
    hold("dana", "2030-03-11T08:30:00Z")
    assert run() == [
        ("2030-03-11T08:00:00Z", [], [("dana", "held"), ("eli", "unknown"), ("fay", "unknown")]),
        ("2030-03-11T08:30:00Z", ["eli"], [("dana", "held"), ("fay", "unknown")]),
        ("2030-03-11T09:00:00Z", ["dana", "eli"], [("fay", "unknown")]),
        ("2030-03-11T13:00:00Z", ["eli"], [("dana", "unknown"), ("fay", "unknown")]),
        ("2030-03-11T14:00:00Z", ["fay"], [("dana", "unknown"), ("eli", "unknown")]),
    ]
    # Eli's Cal.com call fails: unknown, except where his hold says held.
    hold("eli", "2030-03-11T13:00:00Z")
    got = {s: dict(why) for s, _, why in run(failing={"102"})}
    assert got["2030-03-11T13:00:00Z"]["eli"] == "held"
    assert {s: why["eli"] for s, why in got.items() if s != "2030-03-11T13:00:00Z"} == dict.fromkeys(
        ["2030-03-11T08:00:00Z", "2030-03-11T08:30:00Z", "2030-03-11T09:00:00Z", "2030-03-11T14:00:00Z"], "unknown"
    )
