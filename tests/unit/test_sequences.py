"""POST /v1/availability/sequences (API.md §2b) through the API function: hand-checked answers, the
limits, paging and the page's byte budget."""

from __future__ import annotations

import pytest

from functions.api import app as api
from tests.helpers import call_handler


def ana_ben() -> list[dict]:
    return [{"id": "ana@example.com"}, {"id": "ben@example.com"}]


def post(event, context, body: dict | str, path: str = "/v1/availability/sequences") -> tuple[int, dict]:
    reply = call_handler(api.lambda_handler, event("availability"), context, path=path, body=body)
    return reply.status, reply.json()


def every_page(event, context, body: dict) -> list[dict]:
    body = dict(body)
    out = []
    while True:
        status, page = post(event, context, body)
        assert status == 200, page
        out += page["collection"]
        if page["pagination"]["next_page_token"] is None:
            return out
        body["page_token"] = page["pagination"]["next_page_token"]


def starts(items: list[dict]) -> list[list[tuple[str, str]]]:
    """Each sequence as its meetings' (id, start)."""
    return [[(m["id"], m["start_time"]) for m in item["meetings"]] for item in items]


def test_the_contract_example(event, lambda_context):
    body = {
        "start_time": "2030-01-07T14:00:00Z",
        "end_time": "2030-01-07T15:30:00Z",
        "participants": ana_ben(),
        "meetings": [
            {"id": "tech", "duration_minutes": 45, "participants": ["ana@example.com"]},
            {"id": "culture", "duration_minutes": 45, "participants": ["ben@example.com"]},
        ],
    }
    status, page = post(event, lambda_context, body)
    assert status == 200
    assert page == {
        "collection": [
            {
                "start_time": "2030-01-07T14:00:00Z",
                "end_time": "2030-01-07T15:30:00Z",
                "meetings": [
                    {
                        "id": "tech",
                        "start_time": "2030-01-07T14:00:00Z",
                        "end_time": "2030-01-07T14:45:00Z",
                        "available": ["ana@example.com"],
                    },
                    {
                        "id": "culture",
                        "start_time": "2030-01-07T14:45:00Z",
                        "end_time": "2030-01-07T15:30:00Z",
                        "available": ["ben@example.com"],
                    },
                ],
            }
        ],
        "pagination": {"count": 1, "next_page_token": None},
    }


def test_a_fall_back_night_offers_the_repeated_hour_twice(event, lambda_context):
    # New York, 2030-11-03: 01:00-02:00 happens twice (EDT 05:00-06:00Z, then EST 06:00-07:00Z). Bo's
    # window 01:00-02:00 runs from the first 01:00 (compatible rule: 05:00Z) to 02:00 EST (07:00Z).
    # Al is busy 05:30-06:00Z. The 30-minute grid in New York gives 05:00, 05:30, 06:00, 06:30Z.
    body = {
        "start_time": "2030-11-03T05:00:00Z",
        "end_time": "2030-11-03T07:30:00Z",
        "timezone": "America/New_York",
        "interval_minutes": 30,
        "participants": [
            {
                "id": "al",
                "busy": [{"start_time": "2030-11-03T01:30:00-04:00", "end_time": "2030-11-03T01:00:00-05:00"}],
            },
            {
                "id": "bo",
                "timezone": "America/New_York",
                "open_hours": [{"days": ["sun"], "start": "01:00", "end": "02:00"}],
            },
        ],
        "meetings": [
            {"id": "one", "duration_minutes": 30, "participants": ["al"]},
            {"id": "two", "duration_minutes": 30, "participants": ["bo"]},
        ],
        "gap_minutes": {"min": 0, "max": 30},
    }
    assert starts(every_page(event, lambda_context, body)) == [
        # 01:00 EDT: no gap needed.
        [("one", "2030-11-03T05:00:00Z"), ("two", "2030-11-03T05:30:00Z")],
        # 01:30 EDT: Al is busy. 01:00 EST, the repeated hour: Bo's window still runs.
        [("one", "2030-11-03T06:00:00Z"), ("two", "2030-11-03T06:30:00Z")],
        # 01:30 EST: "two" would start at 07:00Z or later, after Bo's window.
    ]


def test_a_sequence_that_crosses_midnight(event, lambda_context):
    # 2030-01-07 is a Monday. Al is busy until 22:30 UTC; Bo is open 00:30-02:00 on Tuesdays.
    body = {
        "start_time": "2030-01-07T22:00:00Z",
        "end_time": "2030-01-08T03:00:00Z",
        "interval_minutes": 60,
        "participants": [
            {"id": "al", "busy": [{"start_time": "2030-01-07T21:00:00Z", "end_time": "2030-01-07T22:30:00Z"}]},
            {"id": "bo", "open_hours": [{"days": ["tue"], "start": "00:30", "end": "02:00"}]},
        ],
        "meetings": [
            {"id": "one", "duration_minutes": 60, "participants": ["al"]},
            {"id": "two", "duration_minutes": 60, "participants": ["bo"]},
        ],
        "gap_minutes": {"min": 0, "max": 60},
    }
    items = every_page(event, lambda_context, body)
    assert starts(items) == [
        # 22:00: Al is busy. 23:00: "two" at the first start Bo can take, 00:30 (a 30-minute gap).
        [("one", "2030-01-07T23:00:00Z"), ("two", "2030-01-08T00:30:00Z")],
        [("one", "2030-01-08T00:00:00Z"), ("two", "2030-01-08T01:00:00Z")],
        # 01:00: "two" would start at 02:00 or later, after Bo's window; 02:00: past the range.
    ]
    assert items[0]["end_time"] == "2030-01-08T01:30:00Z"


def test_order_any_lists_the_listed_order_first_then_the_others(event, lambda_context):
    body = {
        "start_time": "2030-01-07T09:00:00Z",
        "end_time": "2030-01-07T10:30:00Z",
        "interval_minutes": 30,
        "participants": ana_ben(),
        "meetings": [
            {"id": "a", "duration_minutes": 30},
            {"id": "b", "duration_minutes": 30},
            {"id": "c", "duration_minutes": 30},
        ],
        "order": "any",
    }
    items = every_page(event, lambda_context, body)
    assert [[m for m, _ in item] for item in starts(items)] == [
        ["a", "b", "c"],
        ["a", "c", "b"],
        ["b", "a", "c"],
        ["b", "c", "a"],
        ["c", "a", "b"],
        ["c", "b", "a"],
    ]
    assert {item["start_time"] for item in items} == {"2030-01-07T09:00:00Z"}
    assert all(m["available"] == ["ana@example.com", "ben@example.com"] for item in items for m in item["meetings"])


def test_explain_per_meeting_and_request_order(event, lambda_context):
    body = {
        "start_time": "2030-01-07T09:00:00Z",
        "end_time": "2030-01-07T10:00:00Z",
        "participants": [
            {"id": "z", "busy": [{"start_time": "2030-01-07T09:30:00Z", "end_time": "2030-01-07T10:00:00Z"}]},
            {"id": "y", "open_hours": [{"days": ["mon"], "start": "09:00", "end": "09:30"}]},
            {"id": "x"},
        ],
        "meetings": [
            {"id": "first", "duration_minutes": 30, "participants": ["x", "y", "z"]},
            {"id": "second", "duration_minutes": 30, "participants": ["y", "z", "x"]},
        ],
        "explain": True,
    }
    status, page = post(event, lambda_context, body)
    assert status == 200
    first, second = page["collection"][0]["meetings"]
    assert first["available"] == ["z", "y", "x"]
    assert first["unavailable"] == []
    assert second["available"] == ["x"]
    assert second["unavailable"] == [{"id": "z", "reason": "busy"}, {"id": "y", "reason": "outside_hours"}]


def test_groups_of_a_meeting_decide_it(event, lambda_context):
    base = {
        "start_time": "2030-01-07T09:00:00Z",
        "end_time": "2030-01-07T10:00:00Z",
        "participants": [
            {"id": "a", "busy": [{"start_time": "2030-01-07T09:30:00Z", "end_time": "2030-01-07T10:00:00Z"}]},
            {"id": "b"},
        ],
        "meetings": [
            {"id": "m1", "duration_minutes": 30},
            {"id": "m2", "duration_minutes": 30, "groups": [{"members": ["a", "b"], "required": "all"}]},
        ],
    }
    status, page = post(event, lambda_context, base)
    assert status == 200
    assert page["collection"] == []
    base["meetings"][1]["groups"][0]["required"] = 1
    status, page = post(event, lambda_context, base)
    assert [m["available"] for m in page["collection"][0]["meetings"]] == [["a", "b"], ["b"]]


# ---------------------------------------------------------------- limits


def valid() -> dict:
    return {
        "start_time": "2030-01-07T09:00:00Z",
        "end_time": "2030-01-07T17:00:00Z",
        "participants": ana_ben(),
        "meetings": [{"id": "m0", "duration_minutes": 30}, {"id": "m1", "duration_minutes": 30}],
    }


def refused(event, context, body: dict | str) -> list[str]:
    status, answer = post(event, context, body)
    assert status == 400, answer
    assert set(answer) == {"title", "message", "details"}
    assert answer["title"] == "Invalid Argument"
    return [d["parameter"] for d in answer["details"]]


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        (lambda b: b.update(meetings=[{"id": f"m{k}", "duration_minutes": 30} for k in range(9)]), "meetings"),
        (lambda b: b.update(meetings=b["meetings"][:1]), "meetings"),
        (
            lambda b: b.update(order="any", meetings=[{"id": f"m{k}", "duration_minutes": 30} for k in range(6)]),
            "meetings",
        ),
        (lambda b: b.update(gap_minutes={"min": 7, "max": 10}), "gap_minutes.min"),
        (lambda b: b.update(gap_minutes={"min": 0, "max": 245}), "gap_minutes.max"),
        (lambda b: b.update(gap_minutes={"min": 20, "max": 10}), "gap_minutes.max"),
        (
            lambda b: b["meetings"][1].update(participants=["ana@example.com", "eve@example.com"]),
            "meetings[1].participants[1]",
        ),
        (
            lambda b: b["meetings"][1].update(participants=["ana@example.com", "ana@example.com"]),
            "meetings[1].participants[1]",
        ),
        (lambda b: b["meetings"][1].update(id="m0"), "meetings[1].id"),
        (
            lambda b: b["meetings"][0].update(
                participants=["ana@example.com"], groups=[{"members": ["ben@example.com"], "required": 1}]
            ),
            "meetings[0].groups[0].members[0]",
        ),
        (lambda b: b["meetings"][0].update(duration_minutes=4), "meetings[0].duration_minutes"),
        (lambda b: b["meetings"][0].update(buffer_before=5), "meetings[0].buffer_before"),
        (lambda b: b.update(order="sometimes"), "order"),
        (lambda b: b.update(duration_minutes=30), "duration_minutes"),
        (lambda b: b.update(end_time="2030-01-07T08:00:00Z"), "end_time"),
        (lambda b: b["participants"][1].update(id="ana@example.com"), "participants[1].id"),
    ],
)
def test_each_violation_is_a_400_naming_the_field(event, lambda_context, change, parameter):
    body = valid()
    change(body)
    assert parameter in refused(event, lambda_context, body)


def test_a_body_that_is_not_json_is_a_400(event, lambda_context):
    assert refused(event, lambda_context, "{") == ["body"]


# ---------------------------------------------------------------- paging


def many() -> dict:
    body = valid()
    body["order"] = "any"
    body["gap_minutes"] = {"min": 0, "max": 15}
    return body


def test_pages_concatenate_to_the_whole_answer(event, lambda_context):
    whole = every_page(event, lambda_context, many())
    assert len(whole) > 10
    small = dict(many(), count=3)
    assert every_page(event, lambda_context, small) == whole
    # Two orders share each first start: a page may stop between them.
    assert whole[0]["start_time"] == whole[1]["start_time"]


def test_a_token_from_another_request_is_a_400(event, lambda_context):
    status, page = post(event, lambda_context, dict(many(), count=1))
    token = page["pagination"]["next_page_token"]
    assert status == 200
    assert token
    other = dict(many(), count=1, page_token=token, gap_minutes={"min": 0, "max": 20})
    assert refused(event, lambda_context, other) == ["page_token"]
    # count and explain may change between pages.
    status, _ = post(event, lambda_context, dict(many(), count=5, explain=True, page_token=token))
    assert status == 200


def test_a_tampered_token_is_a_400(event, lambda_context):
    _, page = post(event, lambda_context, dict(many(), count=1))
    token = page["pagination"]["next_page_token"]
    tampered = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    assert refused(event, lambda_context, dict(many(), page_token=tampered)) == ["page_token"]


def test_a_token_of_post_availability_is_a_400_here(event, lambda_context):
    single = {
        "start_time": "2030-01-07T09:00:00Z",
        "end_time": "2030-01-07T17:00:00Z",
        "duration_minutes": 30,
        "participants": ana_ben(),
        "count": 1,
    }
    status, page = post(event, lambda_context, single, path="/v1/availability")
    assert status == 200
    assert refused(event, lambda_context, dict(many(), page_token=page["pagination"]["next_page_token"])) == [
        "page_token"
    ]


def test_a_page_stays_under_5_mb(event, lambda_context):
    people = [{"id": f"{n:03d}" + "x" * 250} for n in range(500)]
    body = {
        "start_time": "2030-01-07T09:00:00Z",
        "end_time": "2030-01-07T12:00:00Z",
        "interval_minutes": 5,
        "participants": people,
        "meetings": [{"id": "a", "duration_minutes": 30}, {"id": "b", "duration_minutes": 30}],
        "count": 100,
    }
    reply = call_handler(
        api.lambda_handler, event("availability"), lambda_context, path="/v1/availability/sequences", body=body
    )
    assert reply.status == 200
    assert len(reply.body.encode()) <= 5_000_000
    page = reply.json()
    assert 0 < page["pagination"]["count"] < 100  # each sequence is about 257 kB
    assert page["pagination"]["next_page_token"]
