"""The data-access module against DynamoDB Local."""

from __future__ import annotations

import os
import time

import pytest

from whofree.data import table as store


def test_items_past_their_ttl_are_never_served(table):
    now = time.time()
    table.put({"pk": "p", "sk": "live", "v": 1, "expires_at": int(now) + 60})
    table.put({"pk": "p", "sk": "dead", "v": 2, "expires_at": int(now) - 1})
    table.put({"pk": "p", "sk": "forever", "v": 3})
    assert table.get("p", "live")["v"] == 1
    assert table.get("p", "dead") is None  # still stored: DynamoDB Local never deletes it
    assert table.with_clock(lambda: now + 120).get("p", "live") is None
    assert [i["sk"] for i in table.query("p").items] == ["forever", "live"]


def test_conditional_writes_raise_condition_failed(table):
    table.put({"pk": "h", "sk": "1", "owner": "a"}, condition="attribute_not_exists(pk)")
    with pytest.raises(store.ConditionFailed):
        table.put({"pk": "h", "sk": "1", "owner": "b"}, condition="attribute_not_exists(pk)")
    assert table.get("h", "1")["owner"] == "a"


def test_an_oversized_blob_round_trips_split_and_compressed(table):
    data = os.urandom(900_000)  # incompressible: three items
    table.put_blob("blob", "answer", data, int(time.time()) + 60, {"kind": "test"})
    got, head, _ = table.get_blob("blob", "answer")
    assert got == data
    assert head["parts"] == 3
    assert head["kind"] == "test"
    assert table.with_clock(lambda: time.time() + 120).get_blob("blob", "answer") is None


def test_a_blob_is_replaced_whole(table):
    table.put_blob("blob", "answer", b"x" * 10, int(time.time()) + 60)
    table.put_blob("blob", "answer", b"y" * 20, int(time.time()) + 60)
    assert table.get_blob("blob", "answer")[0] == b"y" * 20


def test_counters_and_partition_deletes(table):
    for _ in range(3):
        table.add("hits", "et-1", "count", 1, int(time.time()) + 60)
    assert table.get("hits", "et-1")["count"] == 3
    for n in range(30):
        table.put({"pk": "gone", "sk": f"{n:02d}"})
    assert table.delete_partition("gone") == 30
    assert table.query("gone").items == []


def test_sdk_errors_become_store_unavailable(table):
    missing = store.Table("no-such-table", table.client)
    with pytest.raises(store.StoreUnavailable):
        missing.get("a", "b")


def test_no_table_name_means_no_table(monkeypatch, settings):
    current = settings.delenv("WHOFREE_TABLE_NAME", raising=False)
    assert store.table(current) is None
    with pytest.raises(store.ServiceUnavailable):
        store.required_table(store.table(current))
