"""A page is cut at its byte budget before its per-slot text is made (API.md §1: a page never
exceeds 5 MB and may hold fewer than ``count`` items).

Long ids (emoji escape to 12 JSON characters each) times many free participants make one slot's
``available`` list ~90 KB here; ``count`` 2 000 of them would be ~185 MB of text (and as much again
for ``unavailable``) if every slot of ``count`` were written before the page is cut. Memory is
measured with tracemalloc; time is not asserted (docs/BENCHMARKS.md measures speed).
"""

from __future__ import annotations

import json
import tracemalloc
from datetime import UTC, datetime

import pytest

from tests.helpers import page_tokens
from whofree.availability import PAGE_BYTES_LIMIT, answer, parse

NOW = datetime(2030, 1, 1, tzinfo=UTC)
PEOPLE = 60
# 128 four-byte emoji = 512 bytes of UTF-8, the most an id may hold; made unique by a suffix.
IDS = [("😀" * 128)[: 128 - len(str(n))] + str(n) for n in range(PEOPLE)]
# Peak memory allowed for one page: the 5 MB page, its columns and their join, with room to spare,
# far below the ~185 MB the uncut texts take.
PEAK_BYTES = 60_000_000


def request(ids: list[str], explain: bool, open_every: int, **extra: object) -> dict:
    participants = []
    for n, ident in enumerate(ids):
        participant: dict = {"id": ident}
        if n % open_every:  # never open: "outside_hours" in every slot's unavailable list
            participant["open_hours"] = [{"days": ["sun"], "start": "00:00", "end": "00:05"}]
            participant["date_overrides"] = []
        participants.append(participant)
    return {
        "start_time": "2030-01-07T00:00:00Z",  # a Monday: no Sunday in the span
        "end_time": "2030-01-13T00:00:00Z",
        "duration_minutes": 5,
        "participants": participants,
        "count": 2_000,
        "explain": explain,
        **extra,
    }


def measured(req: dict) -> tuple[str, int]:
    body = json.dumps(req)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        page = answer(parse(body), NOW, page_tokens())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return page.body, peak


# Half free: the available lists are long. One free with explain: the unavailable lists are long
# while the available ones are short, so the page is cut by the unavailable column alone.
@pytest.mark.parametrize(("explain", "open_every"), [(False, 2), (True, 2), (True, PEOPLE)])
def test_a_page_of_long_ids_is_cut_before_its_text_is_made_and_the_next_page_continues(explain, open_every):
    body, peak = measured(request(IDS, explain, open_every))
    assert peak < PEAK_BYTES, f"peak {peak:,} bytes"
    assert len(body.encode()) <= PAGE_BYTES_LIMIT
    first = json.loads(body)
    slots = first["collection"]
    assert 1 <= len(slots) < 2_000
    assert first["pagination"]["count"] == len(slots)
    free = [i for n, i in enumerate(IDS) if n % open_every == 0]
    assert all(s["available"] == free for s in slots)
    if explain:
        closed = [{"id": i, "reason": "outside_hours"} for i in IDS if i not in free]
        assert all(s["unavailable"] == closed for s in slots)

    token = first["pagination"]["next_page_token"]
    second = json.loads(
        answer(parse(json.dumps(request(IDS, explain, open_every, page_token=token))), NOW, page_tokens()).body
    )
    # Every 5-minute start is offered: the next page starts exactly 5 minutes after this one's last.
    starts = [s["start_time"] for s in slots + second["collection"]]
    short = json.loads(
        answer(parse(json.dumps(request([f"p{n}" for n in range(PEOPLE)], False, open_every))), NOW, page_tokens()).body
    )
    assert starts == [s["start_time"] for s in short["collection"][: len(starts)]]
