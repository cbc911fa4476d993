"""The fast parse path (json.loads + bulk checks) and the model agree on every body."""

from __future__ import annotations

import json

import pytest

from tests.unit.test_api_handler import MALFORMED, busy, person, with_
from whofree import availability
from whofree.errors import InvalidArgument


def slow(body: str) -> availability.Parsed:
    request = availability._strict(body)
    return availability.Parsed(request, [availability._busy_texts(p.busy) for p in request.participants])


VALID = [
    with_(),
    with_(
        participants=[
            person(busy=[busy(), busy("2030-01-07T12:00:00+02:00", "2030-01-07T13:00:00.250Z")]),
            {"id": "b", "busy": None},
            {"id": "c", "busy": []},
        ]
    ),
    with_(participants=[person(busy=[busy()] * 10_000)]),
]


@pytest.mark.parametrize("body", VALID)
def test_fast_and_slow_paths_read_valid_bodies_alike(body):
    text = json.dumps(body)
    fast, reference = availability.parse(text), slow(text)
    assert fast.busy == reference.busy
    without_busy = {"participants": {"__all__": {"busy"}}}
    assert fast.request.model_dump(exclude=without_busy) == reference.request.model_dump(exclude=without_busy)


@pytest.mark.parametrize(("body", "parameter"), MALFORMED.values(), ids=MALFORMED.keys())
def test_both_paths_refuse_what_the_model_refuses(body, parameter):
    text = body if isinstance(body, str) else json.dumps(body)
    now = availability.datetime.now(availability.UTC)
    with pytest.raises(InvalidArgument) as fast_error:
        availability.answer(availability.parse(text), now)
    with pytest.raises(InvalidArgument) as slow_error:
        availability.answer(slow(text), now)
    assert [d.parameter for d in slow_error.value.details] == [d.parameter for d in fast_error.value.details]


@pytest.mark.parametrize("value", [123, 1.5, None, True, ["2030-01-07T10:00:00Z"], {"t": 1}, "x" * 41])
def test_a_busy_instant_that_is_not_a_timestamp_string_is_400(value):
    body = json.dumps(with_(participants=[person(busy=[busy(start=value)])]))
    with pytest.raises(InvalidArgument) as error:
        availability.to_query(availability.parse(body), availability.datetime.now(availability.UTC))
    assert "participants[0].busy[0].start_time" in [d.parameter for d in error.value.details]
