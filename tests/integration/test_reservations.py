"""Holds (API.md §4) against DynamoDB Local: a hold reserves a whole meeting, in one transaction.

Concurrency is real: threads call the use case (or the handler) at once against DynamoDB Local, and
only the transaction's conditions keep them apart.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.fakes import calendly_demo
from tests.helpers import call_handler, context
from tests.integration.test_configured_event_types import CONFIG, call, put, times
from whofree import reservations
from whofree.data import holds
from whofree.errors import Conflict, NotFound
from whofree.models import ReservationRequest

SLOT = "2030-03-11T15:00:00Z"  # offered to Ana, Ben and Chen in the team example
ANA, BEN, CHEN = "ana@example.com", "ben@example.com", "chen@example.com"
CALENDLY_TYPE = f"https://api.calendly.com/event_types/{calendly_demo.EVENT_TYPE_UUID}"


def hold(event, context, body: dict, key: str | None = None) -> tuple[int, dict]:
    status, text = hold_text(event, context, body, key)
    return status, json.loads(text) if text else {}


def hold_text(event, context, body: dict, key: str | None = None) -> tuple[int, str]:
    from functions.api import app as api

    ev = event("availability")
    headers = {**ev["headers"], "Idempotency-Key": key} if key else None
    status, _, text = call_handler(api.lambda_handler, ev, context, path="/v1/reservations", body=body, headers=headers)
    return status, text


def hosts_at(event, context, event_type: str, start: str) -> list[str] | None:
    _, _, body = times(event, context, event_type)
    return next(([h["id"] for h in s["available_hosts"]] for s in body["collection"] if s["start_time"] == start), None)


def records(table) -> list[dict]:
    """Every hold record in the table (a test-only scan)."""
    raw = table.client.scan(TableName=table.name)["Items"]
    return [i for i in raw if i["pk"]["S"].startswith(table.stored_pk("HOLD#"))]


def live_entries(table, host: str, now: float | None = None) -> list:
    return holds.locks(table, [host])[host].live(time.time() if now is None else now)


def race(n: int, attempt) -> list[str]:
    """Run ``attempt(i)`` for i < n in n threads released at the same moment; "201" or "409" each."""
    gate = threading.Barrier(n)

    def one(i: int) -> str:
        gate.wait()
        try:
            attempt(i)
        except Conflict:
            return "409"
        return "201"

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))


@pytest.fixture
def team(table, event, lambda_context):
    """The team without groups: §2's default rule, one host a meeting (a round robin of three)."""
    config = copy.deepcopy(CONFIG)
    config.pop("groups")
    put(event, lambda_context, "team", config)
    return table


@pytest.fixture
def grouped(table, event, lambda_context):
    """The team with its groups: Ana in every meeting ("all"), and one of Ben and Chen."""
    assert put(event, lambda_context, "grouped", CONFIG)[0] == 201
    return table


# ---------------------------------------------------------------- which hosts, atomically


def test_thirty_concurrent_hostless_holds_where_one_host_is_required_make_exactly_one(grouped):
    request = ReservationRequest(event_type="grouped", start_time=SLOT)
    made: list[dict] = []
    outcomes = race(30, lambda _: made.append(reservations.create(request, context(grouped))))
    assert outcomes.count("201") == 1, outcomes
    assert outcomes.count("409") == 29
    # The one hold is the whole meeting: Ana (required) and one of Ben and Chen, least recently held.
    assert made[0]["hosts"] == [ANA, BEN]
    assert len(records(grouped)) == 1
    assert [e.uid for e in live_entries(grouped, ANA)] == [made[0]["uid"]]
    assert live_entries(grouped, CHEN) == []


def test_overlapping_holds_at_different_start_times_on_one_host_make_exactly_one(team):
    # 60-minute meetings on a 30-minute grid: 15:00 and 15:30 overlap on Ben without sharing a start.
    starts = ["2030-03-11T15:00:00Z", "2030-03-11T15:30:00Z"]
    requests = [ReservationRequest(event_type="team", start_time=s, hosts=[BEN]) for s in starts]
    outcomes = race(20, lambda i: reservations.create(requests[i % 2], context(team)))
    assert outcomes.count("201") == 1, outcomes
    assert len(records(team)) == 1
    assert len(live_entries(team, BEN)) == 1


def test_buffers_are_part_of_a_hold(table, event, lambda_context):
    config = {k: v for k, v in copy.deepcopy(CONFIG).items() if k != "groups"} | {"buffer_after_minutes": 15}
    put(event, lambda_context, "buffered", config)
    first = reservations.create(ReservationRequest(event_type="buffered", start_time=SLOT, host=BEN), context(table))
    assert first["end_time"] == "2030-03-11T16:00:00Z"
    # 16:00 touches the meeting but not its buffer: the buffers of both meetings would overlap.
    later = ReservationRequest(event_type="buffered", start_time="2030-03-11T16:00:00Z", host=BEN)
    with pytest.raises(Conflict):
        reservations.create(later, context(table))
    [entry] = live_entries(table, BEN)
    assert (entry.start, entry.end) == (first_epoch(SLOT), first_epoch(SLOT) + 3600 + 900)


def first_epoch(text: str) -> int:
    from whofree.instants import parse

    return int(parse(text))


def test_two_holds_on_different_round_robin_hosts_in_one_slot_both_succeed(table, calendly):
    request = ReservationRequest(event_type=CALENDLY_TYPE, start_time="2030-03-11T15:00:00Z")
    slot_hosts = free_in_calendly(table, request.start_time)
    assert len(slot_hosts) >= 2
    made = []
    outcomes = race(2, lambda _: made.append(reservations.create(request, context(table))))
    assert outcomes == ["201", "201"]
    assert sorted(len(m["hosts"]) for m in made) == [1, 1]  # round robin: one host a meeting
    assert made[0]["hosts"] != made[1]["hosts"]
    assert {m["hosts"][0] for m in made} <= set(slot_hosts)


def free_in_calendly(table, start: str) -> list[str]:
    import asyncio

    from whofree.times import dispatch

    request = dispatch.read_request(
        {"event_type": CALENDLY_TYPE, "start_time": start, "end_time": "2030-03-12T00:00:00Z"}
    )
    labelled = asyncio.run(dispatch.times(request, context(table)))
    return next([h.id for h in hs] for s, hs in labelled.slots if s.start == first_epoch(start))


def test_a_collective_hold_takes_every_host(table, calendly):
    calendly.event_types[calendly_demo.EVENT_TYPE_UUID]["pooling_type"] = "collective"
    request = ReservationRequest(event_type=CALENDLY_TYPE, start_time="2030-03-11T15:00:00Z")
    everyone = free_in_calendly(table, request.start_time)
    made = reservations.create(request, context(table))
    assert sorted(made["hosts"]) == sorted(everyone)
    with pytest.raises(Conflict):  # every host is held now: the collective slot cannot be held again
        reservations.create(request, context(table))


def test_a_collective_hold_takes_no_host_when_one_is_taken_mid_way(grouped, event, lambda_context, monkeypatch):
    """Every host of the meeting or none: Chen is held by another event type after this hold read the
    locks and before its transaction; the transaction is cancelled whole, nothing of it is written, and
    read again Chen is held: 409."""
    everyone = {**copy.deepcopy(CONFIG), "groups": [{"members": [ANA, BEN, CHEN], "required": "all"}]}
    put(event, lambda_context, "all-hands", everyone)
    other = {**copy.deepcopy(CONFIG), "groups": None}
    other.pop("groups")
    put(event, lambda_context, "chen-1on1", other)
    real_put = holds.put
    calls = []

    def put_after_a_competitor(table, hold, interval, seen, now):
        if not calls:
            calls.append("competitor")
            competitor = ReservationRequest(event_type="chen-1on1", start_time=SLOT, host=CHEN)
            reservations.create(competitor, context(table))
        calls.append(hold.hosts)
        return real_put(table, hold, interval, seen, now)

    monkeypatch.setattr(holds, "put", put_after_a_competitor)
    with pytest.raises(Conflict):
        reservations.create(ReservationRequest(event_type="all-hands", start_time=SLOT), context(grouped))
    # The competitor's own put, then the meeting's put (cancelled: Chen's lock changed); read again,
    # Chen is held and the meeting cannot be completed, so there is no second try.
    assert calls == ["competitor", [CHEN], [ANA, BEN, CHEN]]
    assert len(records(grouped)) == 1  # the competitor's
    assert live_entries(grouped, ANA) == []
    assert live_entries(grouped, BEN) == []
    assert len(live_entries(grouped, CHEN)) == 1


def test_a_hold_after_an_earlier_one_expired_is_made(team):
    request = ReservationRequest(event_type="team", start_time=SLOT, host=BEN, expires_in_minutes=1)
    now = time.time()
    reservations.create(request, context(team, at=now))
    with pytest.raises(Conflict):
        reservations.create(request, context(team, at=now + 30))
    # The expired hold is still in Ben's lock (DynamoDB deletes late; Local never): it must not count.
    assert len(holds.locks(team, [BEN])[BEN].entries) == 1
    again = reservations.create(request, context(team, at=now + 61))
    assert again["hosts"] == [BEN]
    # Pruned on write: only the new hold is left in the lock.
    assert [e.uid for e in holds.locks(team, [BEN])[BEN].entries] == [again["uid"]]


# ---------------------------------------------------------------- the HTTP route


def test_a_hold_hides_its_hosts_until_deleted(grouped, event, lambda_context):
    assert hosts_at(event, lambda_context, "grouped", SLOT) == [ANA, BEN, CHEN]
    status, body = hold(event, lambda_context, {"event_type": "grouped", "start_time": SLOT})
    assert status == 201, body
    resource = body["resource"]
    assert resource["hosts"] == [ANA, BEN]
    assert (resource["start_time"], resource["end_time"]) == (SLOT, "2030-03-11T16:00:00Z")
    # Ana is held, and she is in every meeting: the slot is not offered any more.
    assert hosts_at(event, lambda_context, "grouped", SLOT) is None
    assert hold(event, lambda_context, {"event_type": "grouped", "start_time": SLOT, "host": CHEN})[0] == 409
    # DELETE releases both hosts in one transaction.
    assert call(event, lambda_context, "DELETE", f"/v1/reservations/{resource['uid']}")[0] == 204
    assert live_entries(grouped, ANA) == []
    assert live_entries(grouped, BEN) == []
    assert hosts_at(event, lambda_context, "grouped", SLOT) == [ANA, BEN, CHEN]
    assert call(event, lambda_context, "DELETE", f"/v1/reservations/{resource['uid']}")[0] == 404


@pytest.mark.parametrize(
    "uid",
    ["garbage", "WyJ4IiwxZTQwMCwiaCJd.x", "A" * 3000, "%F0%9F%98%80" * 10, "AAAAAAAAAAAAAAAAAAAAAA"],
)
def test_unknown_or_malformed_uids_are_404(table, event, lambda_context, uid):
    status, _, body = call(event, lambda_context, "DELETE", f"/v1/reservations/{uid}", path_params={"uid": uid})
    assert status == 404, body


def test_named_hosts_come_first_and_the_rest_is_completed(grouped, event, lambda_context):
    status, body = hold(event, lambda_context, {"event_type": "grouped", "start_time": SLOT, "hosts": [CHEN]})
    assert status == 201, body
    assert body["resource"]["hosts"] == [ANA, CHEN]  # Ana completes the meeting; Chen counts for his group


def test_without_hosts_the_least_recently_held_free_host_is_picked(team, event, lambda_context):
    # Completed in assignment order (API.md §3): least recently booked, where a granted hold is a booking.
    config = copy.deepcopy(CONFIG)
    config.pop("groups")
    put(event, lambda_context, "team-lrb", config | {"host_order": "least_recently_booked"})
    first = hold(event, lambda_context, {"event_type": "team-lrb", "start_time": SLOT})[1]["resource"]["hosts"]
    second = hold(event, lambda_context, {"event_type": "team-lrb", "start_time": "2030-03-11T13:00:00Z"})[1]
    third = hold(event, lambda_context, {"event_type": "team-lrb", "start_time": SLOT})[1]["resource"]["hosts"]
    assert first == [ANA]  # never held: the first in host order
    assert second["resource"]["hosts"] == [BEN]  # Ana was held most recently
    assert third == [CHEN]  # Ana and Ben are held for that slot already


def test_listed_completes_in_host_order(team, event, lambda_context):
    first = hold(event, lambda_context, {"event_type": "team", "start_time": SLOT})[1]["resource"]["hosts"]
    second = hold(event, lambda_context, {"event_type": "team", "start_time": "2030-03-11T13:00:00Z"})[1]
    assert first == [ANA]
    assert second["resource"]["hosts"] == [ANA]  # listed: the first free host, held before or not


def test_an_idempotency_key_returns_the_first_answer(team, event, lambda_context):
    body = {"event_type": "team", "start_time": SLOT, "host": CHEN}
    first = hold_text(event, lambda_context, body, key="retry-1")
    again = hold_text(event, lambda_context, body, key="retry-1")
    assert first[0] == again[0] == 201
    # Byte for byte, keys in the first answer's order (not the record's sorted JSON).
    assert first[1] == again[1]
    assert list(json.loads(first[1])["resource"]) == [
        "uid",
        "event_type",
        "hosts",
        "start_time",
        "end_time",
        "expires_at",
        "provider_reservation",
    ]
    assert len(records(team)) == 1
    status, error = hold(event, lambda_context, {**body, "host": BEN}, key="retry-1")
    assert status == 400
    assert error["details"][0]["parameter"] == "Idempotency-Key"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"event_type": "team", "start_time": "2030-03-11T15:10:00Z"}, 409),  # not a slot of the grid
        ({"event_type": "team", "start_time": "2030-03-11T14:00:00Z", "host": ANA}, 409),  # Ana is busy
        ({"event_type": "team", "start_time": SLOT, "host": "zoe@example.com"}, 409),
        ({"event_type": "team", "start_time": SLOT, "hosts": [BEN, "zoe@example.com"]}, 409),
        ({"event_type": "nope", "start_time": SLOT}, 404),
        ({"event_type": "team", "start_time": "soon"}, 400),
        ({"event_type": "team", "start_time": "9999-12-31T00:00:00Z"}, 400),
        ({"event_type": "team", "start_time": SLOT, "expires_in_minutes": 61}, 400),
        ({"event_type": "team", "start_time": SLOT, "host": BEN, "hosts": [BEN]}, 400),
        ({"event_type": "team", "start_time": SLOT, "hosts": [BEN, BEN]}, 400),
        ({"event_type": "team", "start_time": SLOT, "hosts": [BEN, CHEN]}, 409),  # more than the meeting takes
        ({"event_type": "team", "start_time": SLOT, "hosts": []}, 400),
        ({"event_type": "team", "start_time": SLOT, "host": "😀" * 254}, 400),
        ({"event_type": "team"}, 400),
    ],
)
def test_reservations_that_cannot_be_made(team, event, lambda_context, body, status):
    assert hold(event, lambda_context, body)[0] == status


def test_reservations_need_a_table(event, lambda_context, monkeypatch, settings):
    settings.delenv("WHOFREE_TABLE_NAME", raising=False)
    assert hold(event, lambda_context, {"event_type": "team", "start_time": SLOT})[0] == 503


# ---------------------------------------------------------------- effect in every answer


def test_a_hold_makes_its_host_busy_in_other_event_types_and_their_cached_answers(team, event, lambda_context):
    """Locks are per host: a hold through "team" hides Ben in "pair" too, even in the answer "pair" had
    cached (the cached answer records Ben's lock version and is a miss once it changes)."""
    pair = {k: v for k, v in copy.deepcopy(CONFIG).items() if k != "groups"}
    pair["hosts"] = [h for h in pair["hosts"] if h["id"] in (BEN, CHEN)]
    put(event, lambda_context, "pair", pair)
    assert times(event, lambda_context, "pair")[1]["X-Cache"] == "miss"
    assert times(event, lambda_context, "pair")[1]["X-Cache"] == "hit"
    assert hosts_at(event, lambda_context, "pair", SLOT) == [BEN, CHEN]
    made = reservations.create(ReservationRequest(event_type="team", start_time=SLOT, host=BEN), context(team))
    assert times(event, lambda_context, "pair")[1]["X-Cache"] == "miss"
    assert hosts_at(event, lambda_context, "pair", SLOT) == [CHEN]
    # And a hold through "pair" on Ben at an overlapping time is refused.
    with pytest.raises(Conflict):
        reservations.create(
            ReservationRequest(event_type="pair", start_time="2030-03-11T15:30:00Z", host=BEN), context(team)
        )
    reservations.delete(made["uid"], context(team))
    assert hosts_at(event, lambda_context, "pair", SLOT) == [BEN, CHEN]


def test_a_hold_is_busy_time_in_free_busy(table, calendly, event, lambda_context):
    from tests.integration.test_free_busy import BODY, post

    config = {
        "name": "Calendly people",
        "duration_minutes": 30,
        "hosts": [{"id": "alice", "source": BODY["participants"][0]["source"]}],
    }
    put(event, lambda_context, "alice", config)
    status, before = post(event, lambda_context, BODY)
    assert status == 200
    made = reservations.create(
        ReservationRequest(event_type="alice", start_time="2030-03-12T09:00:00Z"), context(table)
    )
    assert made["hosts"] == ["alice"]
    status, after = post(event, lambda_context, BODY)
    alice = after["collection"][0]["busy"]
    assert {"start_time": "2030-03-12T09:00:00Z", "end_time": "2030-03-12T09:30:00Z"} in alice
    assert alice != before["collection"][0]["busy"]
    assert after["collection"][1] == before["collection"][1]  # Bashir holds nothing


def test_a_hold_whose_answer_cache_cannot_be_read_still_answers(team, event, lambda_context, monkeypatch):
    """The hold itself needs no cache drop (answers check their hosts' lock versions); a table fault
    while checking versions on a cache read is a miss, not an error."""
    from whofree.data import table as store

    assert times(event, lambda_context, "team")[1]["X-Cache"] == "miss"
    real = store.Table.get_many
    monkeypatch.setattr(
        store.Table, "get_many", lambda *a, **k: (_ for _ in ()).throw(store.StoreUnavailable("throttled"))
    )
    from whofree.times import cache, dispatch

    request = dispatch.read_request(
        {"event_type": "team", "start_time": "2030-03-11T00:00:00Z", "end_time": "2030-03-12T00:00:00Z"}
    )
    from functions.api import app as api

    served = api.RUNTIME.context(10)  # the function that cached it (it knows the answer's hosts)
    assert cache.load(served, request) is None
    monkeypatch.setattr(store.Table, "get_many", real)
    assert cache.load(served, request) is not None


def test_concurrent_deletes_of_one_hold_release_it_once(grouped):
    made = reservations.create(ReservationRequest(event_type="grouped", start_time=SLOT), context(grouped))
    outcomes = []

    def attempt(_: int) -> None:
        try:
            reservations.delete(made["uid"], context(grouped))
            outcomes.append(204)
        except NotFound:
            outcomes.append(404)

    race(10, attempt)
    assert sorted(outcomes) == [204] + [404] * 9
    assert records(grouped) == []
    assert live_entries(grouped, ANA) == []
    assert live_entries(grouped, BEN) == []
