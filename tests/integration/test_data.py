"""Every record kind of the data-access layer (whofree.data) round-trips on DynamoDB Local."""

from __future__ import annotations

import json
import time

import pytest

from tests.helpers import context
from whofree.data import answers, event_types, hits, holds, host_data, idempotency, oauth_tokens, versions
from whofree.data import table as store
from whofree.domain import Schedule, StoredToken
from whofree.engine import Window
from whofree.errors import InvalidArgument
from whofree.models import EventTypeConfig
from whofree.settings import load

CONFIG = EventTypeConfig.model_validate(
    {"name": "Team", "duration_minutes": 30, "hosts": [{"id": "ana@example.com"}, {"id": "ben@example.com"}]}
)


def test_answers(table):
    now = time.time()
    answers.put(table, "et", "v1", b"header\nslot", 100, 200, int(now) + 60)
    assert answers.get(table, "et", "v1") == answers.Stored(b"header\nslot", 100, 200, {})
    assert answers.get(table, "et", "v2") is None
    assert answers.get(table.with_clock(lambda: now + 61), "et", "v1") is None  # past its TTL
    assert answers.drop(table, "et") >= 1
    assert answers.get(table, "et", "v1") is None


def test_host_data(table):
    schedule = Schedule("Europe/London", [Window(frozenset({0, 1}), 540, 1020)], {19_000: [(600, 660)]})
    cache = host_data.for_table(table, load())
    # A connector reads the cache before the provider: that read notes the host's version.
    assert cache.get_schedule("calendly", "user-1") is None
    cache.put_schedule("calendly", "user-1", schedule)
    assert cache.get_schedule("calendly", "user-1") == schedule
    cache.put_busy("calendly", "user-1", 604_800, 605_000, [(605_100.0, 605_200.0)])
    assert cache.get_busy("calendly", "user-1", 604_800, 605_000) == [(605_100.0, 605_200.0)]
    assert cache.get_busy("calendly", "user-1", 604_800, 604_900) is None  # fetched from too late
    host_data.drop(table, "calendly", "user-1")
    assert cache.get_schedule("calendly", "user-1") is None


def test_host_data_read_before_a_change_is_never_stored_and_a_change_makes_it_stale(table):
    """What a connector fetched before a host's version was bumped is not stored (the write is
    conditioned on the version read before the fetch); what was stored before a bump is a miss."""
    blocks = [(605_100.0, 605_200.0)]
    slow = host_data.for_table(table, load())
    assert slow.get_busy("nylas", "grant-1#a@x.test", 604_800, 604_800) is None  # before its fetch
    versions.bump(table, [versions.host("grant-1")])  # a delivery lands mid-fetch
    slow.put_busy("nylas", "grant-1#a@x.test", 604_800, 604_800, blocks)
    assert table.get(host_data.partition("nylas", "grant-1#a@x.test"), "busy#604800") is None
    fresh = host_data.for_table(table, load())
    assert fresh.get_busy("nylas", "grant-1#a@x.test", 604_800, 604_800) is None
    fresh.put_busy("nylas", "grant-1#a@x.test", 604_800, 604_800, blocks)
    assert host_data.for_table(table, load()).get_busy("nylas", "grant-1#a@x.test", 604_800, 604_800) == blocks
    versions.bump(table, [versions.host("grant-1")])
    assert host_data.for_table(table, load()).get_busy("nylas", "grant-1#a@x.test", 604_800, 604_800) is None


def test_configured_event_types(table):
    resource, created = event_types.put(table, "team", CONFIG, "2030-01-01T00:00:00Z")
    assert created
    assert event_types.put(table, "team", CONFIG, "2030-01-02T00:00:00Z")[1] is False
    got = event_types.get(table, "team")
    assert (got["created_at"], got["updated_at"]) == ("2030-01-01T00:00:00Z", "2030-01-02T00:00:00Z")
    assert got["hosts"] == resource["hosts"]
    assert event_types.config(table, "team") == CONFIG
    assert event_types.get(table, "not an id!") is None
    event_types.put(table, "zeta", CONFIG, "2030-01-01T00:00:00Z")
    first, last = event_types.page(table, 1, None)
    assert ([r["id"] for r in first], last) == (["team"], "team")
    assert [r["id"] for r in event_types.page(table, 5, last)[0]] == ["zeta"]
    assert [i for i, _ in event_types.every(table)] == ["team", "zeta"]
    assert event_types.delete(table, "team")
    assert not event_types.delete(table, "team")


def put_hold(table, uid: str, hosts: list[str], start: int, end: int, expires_at: int, now: float) -> holds.Hold:
    hold = holds.Hold(uid, "et", hosts, start, end, expires_at)
    holds.put(table, hold, (start, end), holds.locks(table, hosts), now)
    return hold


def test_holds(table):
    now = int(time.time())
    uid = holds.new_uid()
    assert holds.UID.fullmatch(uid)
    first = put_hold(table, uid, ["ana", "ben"], 1_000_000, 1_001_800, now + 60, now)
    seen = holds.locks(table, ["ana", "ben", "chen"])
    assert seen["chen"] == holds.Lock("chen")  # never held: no item, no version
    assert holds.busy(seen, 999_000, 1_002_000, now) == (
        {"ana": [(1_000_000, 1_001_800)], "ben": [(1_000_000, 1_001_800)]},
        now + 60,
    )
    # Overlapping on one host, whatever the start: refused in code from what was read.
    with pytest.raises(holds.Overlap):
        put_hold(table, holds.new_uid(), ["chen", "ben"], 1_001_000, 1_002_000, now + 60, now)
    # Read before the first hold committed: the version condition cancels the whole transaction.
    stale = {"ana": holds.Lock("ana"), "chen": holds.Lock("chen")}
    with pytest.raises(holds.Raced):
        holds.put(table, holds.Hold(holds.new_uid(), "et", ["ana", "chen"], 1, 2, now + 60), (5, 6), stale, now)
    assert holds.locks(table, ["chen"])["chen"] == holds.Lock("chen")  # nothing of it was written
    # Touching is not overlapping (half-open), and expired holds count for nothing.
    put_hold(table, holds.new_uid(), ["ben"], 1_001_800, 1_002_000, now + 60, now)
    assert holds.busy(holds.locks(table, ["ana"]), 0, 2_000_000, now + 61) == ({}, None)
    assert holds.get(table.with_clock(lambda: now), first.uid) == first
    assert holds.get(table.with_clock(lambda: now + 61), first.uid) is None
    assert holds.get(table, "not a uid") is None
    holds.delete(table, first, now)
    assert holds.get(table.with_clock(lambda: now), first.uid) is None
    assert [e.end for e in holds.locks(table, ["ben"])["ben"].live(now)] == [1_002_000]
    assert holds.locks(table, ["ana"])["ana"].live(now) == []


def test_a_host_takes_at_most_max_live_holds(table):
    """A lock item stays small (99 of them fit one 4 MB transaction): the next hold is refused."""
    now = int(time.time())
    for n in range(holds.MAX_LIVE):
        put_hold(table, holds.new_uid(), ["ana"], 10 * n, 10 * n + 5, now + 60, now)
    with pytest.raises(holds.Full):
        put_hold(table, holds.new_uid(), ["ana"], 100_000, 100_005, now + 60, now)
    # Once they expire, there is room again (and the lock is pruned to the new hold).
    put_hold(table, holds.new_uid(), ["ana"], 100_000, 100_005, now + 120, now + 61)
    assert len(holds.locks(table, ["ana"])["ana"].entries) == 1


def test_host_ids_never_make_a_key_over_dynamodb_limits(table):
    """Any host id, however long (provider ids are not bounded by our 512 bytes), makes a valid lock key:
    hashed when too long, so two long ids never share a lock."""
    now = int(time.time())
    long_ids = ["😀" * 254, "😀" * 600, "😀" * 599 + "x"]
    for n, host in enumerate(long_ids):
        put_hold(table, holds.new_uid(), [host], 1_000_000 + n, 1_000_001 + n, now + 60, now)
    seen = holds.locks(table, long_ids)
    assert [len(seen[h].entries) for h in long_ids] == [1, 1, 1]
    assert store.fit("HOLDLOCK", "😀" * 600, store.MAX_PK_BYTES).startswith("HOLDLOCK#")
    assert store.fit("HOLDLOCK", "ana", store.MAX_PK_BYTES) == "HOLDLOCK=ana"
    with pytest.raises(store.StoreError):
        store.check_key("x" * 2049, "s")
    # Other keys built from text a client controls: the same rule.
    huge = "https://example.com/" + "😀" * 1990  # an ICS URL within its 2000 characters
    assert answers.partition("team") == "ANSWER#team"
    assert answers.partition(huge).startswith("ANSWER!")
    assert host_data.partition("ics", "https://a/x.ics") == "HOST#ics#https://a/x.ics"
    assert host_data.partition("ics", huge).startswith("HOST#ics!")
    assert answers.get(table, huge, "v") is None  # a lookup, not a DynamoDB ValidationException
    writer = host_data.for_table(table, load())
    assert writer.get_busy("ics", huge, 0, 0) is None  # read before the fetch, as a connector does
    writer.put_busy("ics", huge, 0, 0, [[1, 2]])
    assert host_data.for_table(table, load()).get_busy("ics", huge, 0, 0) == [(1, 2)]


def test_hit_counters(table):
    request = context(table, at=time.time())
    for _ in range(3):
        hits.count_hit(request, "popular")
    hits.count_hit(request, "quiet", flush=True)
    assert hits.popular(request, hours=1, top=5) == ["popular", "quiet"]


def test_oauth_tokens(table):
    oauth_tokens.save(table, "calendly", "access-1", "refresh-1", 3600, now=1_000)
    store = oauth_tokens.TableTokens(table, "calendly")
    token = store.load()
    assert token == StoredToken("access-1", "refresh-1", 4_600, 1)
    assert store.lease(token, until=2_000, now=1_500)
    assert not store.lease(token, until=2_000, now=1_600)  # leased
    store.release(token)
    assert store.lease(token, until=2_000, now=1_600)
    store.save("access-2", "refresh-2", 3600, 2, now=1_700)
    assert store.load() == StoredToken("access-2", "refresh-2", 5_300, 2)
    assert not store.lease(token, until=2_000, now=1_800)  # an old version
    assert oauth_tokens.TableTokens(table, "other").load() is None


def test_idempotency_records(table, lambda_context):
    calls = []

    def work(data: dict) -> dict:
        calls.append(data)
        return {"n": len(calls)}

    assert idempotency.once(table, work, "key-1", {"a": 1}, lambda_context) == {"n": 1}
    assert idempotency.once(table, work, "key-1", {"a": 1}, lambda_context) == {"n": 1}  # the first answer
    assert len(calls) == 1
    with pytest.raises(InvalidArgument):
        idempotency.once(table, work, "key-1", {"a": 2}, lambda_context)
    assert json.dumps(idempotency.once(table, work, "key-2", {"a": 1}, lambda_context)) == '{"n": 2}'
