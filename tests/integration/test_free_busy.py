"""POST /v1/free_busy: merged busy blocks per participant, warnings for unreadable calendars."""

from __future__ import annotations

import json

import pytest

from tests.integration.test_configured_event_types import call


def source(user: str) -> dict:
    return {"provider": "calendly", "user": f"https://api.calendly.com/users/{user}"}


BODY = {
    "start_time": "2030-03-11T00:00:00Z",
    "end_time": "2030-03-18T00:00:00Z",
    "participants": [{"id": "alice", "source": source("alice")}, {"id": "bashir", "source": source("bashir")}],
}


def post(event, context, body) -> tuple[int, dict]:
    status, _, text = call(event, context, "POST", "/v1/free_busy", body)
    return status, json.loads(text)


def test_merged_busy_blocks_per_participant(calendly, event, lambda_context, monkeypatch, settings):
    settings.delenv("WHOFREE_TABLE_NAME", raising=False)  # a read: works without a table
    status, body = post(event, lambda_context, BODY)
    assert status == 200
    assert body == {
        "collection": [
            {
                "participant": "alice",
                "busy": [
                    {"start_time": "2030-03-11T14:00:00Z", "end_time": "2030-03-11T15:00:00Z"},
                    # A Calendly meeting's own buffers (15 min each side) count as busy.
                    {"start_time": "2030-03-14T17:45:00Z", "end_time": "2030-03-14T18:45:00Z"},
                ],
            },
            {
                "participant": "bashir",
                "busy": [
                    {"start_time": "2030-03-11T09:00:00Z", "end_time": "2030-03-11T10:30:00Z"},
                    {"start_time": "2030-03-15T13:00:00Z", "end_time": "2030-03-15T14:00:00Z"},
                ],
            },
        ],
        "warnings": [],
    }


def test_an_unreadable_calendar_is_only_a_warning_and_all_unreadable_is_424(calendly, event, lambda_context):
    calendly.fail("/user_busy_times", "500", user="https://api.calendly.com/users/bashir", always=True)
    status, body = post(event, lambda_context, BODY)
    assert status == 200
    assert [c["participant"] for c in body["collection"]] == ["alice"]
    assert [w["participant"] for w in body["warnings"]] == ["bashir"]
    calendly.fail("/user_busy_times", "500", always=True)
    status, body = post(event, lambda_context, {**BODY, "participants": BODY["participants"][1:]})
    assert status == 424


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({"end_time": "2030-03-10T00:00:00Z"}, "end_time"),
        ({"end_time": "2030-07-01T00:00:00Z"}, "end_time"),
        ({"start_time": "2030-03-11T00:00:00"}, "start_time"),
        ({"participants": []}, "participants"),
        (
            {"participants": [{"id": "a", "source": source("alice")}, {"id": "a", "source": source("bashir")}]},
            "participants[1].id",
        ),
        ({"participants": [{"id": "a"}]}, "participants[0].source"),
        ({"participants": [{"id": "a", "source": {"provider": "fax"}}]}, "participants[0].source"),
    ],
)
def test_bad_requests_are_400(event, lambda_context, change, parameter):
    status, body = post(event, lambda_context, {**BODY, **change})
    assert status == 400
    assert parameter in [d["parameter"] for d in body["details"]]
