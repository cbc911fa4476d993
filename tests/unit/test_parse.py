"""The fast parse path (json.loads + bulk checks) and the model agree on every body."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.helpers import page_tokens
from tests.unit.test_api_handler import MALFORMED, busy, person, with_
from whofree import availability
from whofree.errors import InvalidArgument


def slow(body: str) -> availability.Parsed:
    return availability.parse_whole(body)


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
    now = datetime.now(UTC)
    with pytest.raises(InvalidArgument) as fast_error:
        availability.answer(availability.parse(text), now, page_tokens())
    with pytest.raises(InvalidArgument) as slow_error:
        availability.answer(slow(text), now, page_tokens())
    assert [d.parameter for d in slow_error.value.details] == [d.parameter for d in fast_error.value.details]


@pytest.mark.parametrize("value", [123, 1.5, None, True, ["2030-01-07T10:00:00Z"], {"t": 1}, "x" * 41])
def test_a_busy_instant_that_is_not_a_timestamp_string_is_400(value):
    body = json.dumps(with_(participants=[person(busy=[busy(start=value)])]))
    with pytest.raises(InvalidArgument) as error:
        availability.to_query(availability.parse(body), datetime.now(UTC))
    assert "participants[0].busy[0].start_time" in [d.parameter for d in error.value.details]


HALF_TEXTS = [
    "2030-01-07T09:00:00Z",
    "2030-01-07t09:00:00z",
    "2030-01-07T09:00:00+05:30",
    "2030-01-07T00:00:59+00:01",
    "2030-01-07T23:59:60-23:59",
    "2030-12-31T23:59:59.5Z",
    "2030-02-29T09:00:00Z",
    "2028-02-29T09:00:00Z",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "2030-01-07 09:00:00Z",
    "2030-01-07T09:00:00",
    "2030-01-07T24:00:00Z",
    "2030-1-07T09:00:00Z",
    "２０３０-01-07T09:00:00Z",
    "2030-01-07T09:00:00Z ",
    "2030-01-07",
    "",
    "x" * 41,
]


def test_learning_by_halves_agrees_with_the_instant_parser():
    import random

    from whofree.instants import InvalidInstant
    from whofree.instants import parse as parse_instant

    rng = random.Random(3)
    texts = list(HALF_TEXTS)
    for _ in range(3000):
        texts.append(
            f"{rng.choice(['1969', '2030', '2031', '0001', '9999'])}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}"
            f"{rng.choice('Tt ')}{rng.randint(0, 24):02d}:{rng.randint(0, 60):02d}:{rng.randint(0, 61):02d}"
            f"{rng.choice(['', '.25', '.000000001'])}{rng.choice(['Z', 'z', '+00:00', '-05:30', '+23:59', '+24:00', ''])}"
        )
    seen: dict = {}
    availability.learn_by_halves(seen, [(texts[: len(texts) // 2], texts[len(texts) // 2 :]), None, ([], [])])
    assert len(seen) > 300
    for text in texts:
        try:
            expected = parse_instant(text)
        except InvalidInstant:
            assert text not in seen
            continue
        if text in seen:
            assert seen[text] == expected, text
            assert type(seen[text]) is type(expected), text
        else:
            assert type(expected) is float, text  # only fractions are left to the whole-text parser


def test_learning_by_halves_when_every_text_is_clean():
    """The all-C-level path (no invalid text, no fraction) gives the parser's values too."""
    from whofree.instants import parse as parse_instant

    texts = [
        f"2030-{m:02d}-{d:02d}T{h:02d}:{q:02d}:{s:02d}{z}"
        for m in (1, 3, 10, 12)
        for d in (1, 28, 31 if m != 2 else 28)
        for h in (0, 9, 23)
        for q in (0, 15, 45)
        for s in (0, 59, 60)
        for z in ("Z", "+05:30", "-11:00", "z")
    ]
    seen: dict = {}
    availability.learn_by_halves(seen, [(texts[:100], texts[100:])])
    assert seen == {text: parse_instant(text) for text in texts}
    assert all(type(value) is int for value in seen.values())


def test_texts_are_said_to_compare_as_instants_only_when_they_do():
    """learn_by_halves returns True only for UTC texts of whole seconds without leap seconds, and for
    those, comparing texts is comparing instants (to_query then hands the engine the texts)."""
    import random

    rng = random.Random(9)
    clean = [
        f"{rng.choice(['0001', '1969', '2030', '9999'])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
        for _ in range(400)
    ]
    seen: dict = {}
    assert availability.learn_by_halves(seen, [(clean[:200], clean[200:])]) is True
    for a, b in zip(clean, reversed(clean), strict=True):
        assert (a < b) == (seen[a] < seen[b]), (a, b)
        assert (a == b) == (seen[a] == seen[b]), (a, b)
    for odd in ["2030-01-07T09:00:00z", "2030-01-07t09:00:00Z", "2030-01-07T09:00:00+00:00", "2030-01-07T23:59:60Z",
                "2030-01-07T09:00:00.5Z", "2030-01-07T09:00Z", ["2030-01-07T09:00:00Z"]]:  # fmt: skip
        assert availability.learn_by_halves({}, [([*clean[:10], odd], clean[10:21])]) is False, odd


def test_busy_blocks_out_of_order_are_named_alike_whatever_the_texts_look_like():
    """The same 'Must be after start_time.' details whether the engine gets texts or instants."""
    blocks = [busy("2030-01-07T10:00:00Z", "2030-01-07T09:00:00Z"), busy(), busy(end="2030-01-07T10:00:00Z")]
    details = []
    for zone in ("Z", "+00:00"):
        texts = [{k: v.replace("Z", zone) for k, v in b.items()} for b in blocks]
        body = json.dumps(with_(participants=[person(busy=texts), person(id="b", busy=texts[::-1])]))
        with pytest.raises(InvalidArgument) as error:
            availability.to_query(availability.parse(body), datetime.now(UTC))
        details.append([(d.parameter, d.message) for d in error.value.details])
    assert details[0] == details[1]
    assert [p for p, _ in details[0] if "busy" in p] == [
        "participants[0].busy[0].end_time",
        "participants[0].busy[2].end_time",
        "participants[1].busy[0].end_time",
        "participants[1].busy[2].end_time",
    ]
