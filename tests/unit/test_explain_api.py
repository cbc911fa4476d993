"""POST /v1/availability with ``explain`` through the API function (API.md §2, "Why not free")."""

from __future__ import annotations

import json

import pytest

from tests.unit.test_api_handler import call, post

# A spring-forward weekend in New York (2030-03-10, 02:00 EST -> 03:00 EDT): Ana's 09:00-17:00 is
# 14:00-22:00Z on Saturday and 13:00-21:00Z from Sunday on.
DST = {
    "start_time": "2030-03-09T13:00:00Z",
    "end_time": "2030-03-10T15:00:00Z",
    "duration_minutes": 60,
    "timezone": "America/New_York",
    "participants": [
        {"id": "ana", "open_hours": [{"days": ["sat", "sun"], "start": "09:00", "end": "17:00"}]},
        {"id": "ben", "busy": [{"start_time": "2030-03-10T13:30:00Z", "end_time": "2030-03-10T13:45:00Z"}]},
    ],
}


def slot(page: dict, start: str) -> dict:
    return next(s for s in page["collection"] if s["start_time"] == start)


def test_reasons_across_a_dst_change(event, lambda_context):
    status, page = post(event, lambda_context, {**DST, "explain": True})
    assert status == 200
    # Saturday 08:00 EST: Ana's day has not begun.
    assert slot(page, "2030-03-09T13:00:00Z") == {
        "start_time": "2030-03-09T13:00:00Z",
        "end_time": "2030-03-09T14:00:00Z",
        "available": ["ben"],
        "unavailable": [{"id": "ana", "reason": "outside_hours"}],
    }
    assert slot(page, "2030-03-09T14:00:00Z")["unavailable"] == []
    # Sunday 09:00 EDT is 13:00Z: Ana is open, Ben is busy.
    assert slot(page, "2030-03-10T13:00:00Z")["available"] == ["ana"]
    assert slot(page, "2030-03-10T13:00:00Z")["unavailable"] == [{"id": "ben", "reason": "busy"}]
    # 01:00 EST on Sunday: Ana is closed, Ben (no hours: always open) is free, so the slot is offered.
    assert slot(page, "2030-03-10T06:00:00Z")["unavailable"] == [{"id": "ana", "reason": "outside_hours"}]
    # Every slot lists everyone, once, in request order.
    for s in page["collection"]:
        ids = s["available"] + [u["id"] for u in s["unavailable"]]
        assert sorted(ids, key=["ana", "ben"].index) == ["ana", "ben"]
        assert len(ids) == 2
        assert [u["id"] for u in s["unavailable"]] == [i for i in ["ana", "ben"] if i not in s["available"]]


def test_without_explain_the_answer_is_unchanged_and_tokens_do_not_depend_on_it(event, lambda_context):
    plain = post(event, lambda_context, {**DST, "count": 3})[1]
    off = post(event, lambda_context, {**DST, "count": 3, "explain": False})[1]
    on = post(event, lambda_context, {**DST, "count": 3, "explain": True})[1]
    assert off == plain
    assert "unavailable" not in json.dumps(plain)
    assert [{k: v for k, v in s.items() if k != "unavailable"} for s in on["collection"]] == plain["collection"]
    token = plain["pagination"]["next_page_token"]
    assert token is not None
    assert on["pagination"]["next_page_token"] == token
    # A token from a plain page serves an explained next page.
    nxt = post(event, lambda_context, {**DST, "count": 3, "explain": True, "page_token": token})
    assert nxt[0] == 200
    assert all("unavailable" in s for s in nxt[1]["collection"])


def test_sample_event_without_explain_is_byte_identical_to_explain_false(event, lambda_context):
    ev = event("availability")
    body = json.loads(ev["body"])
    before = call(ev, lambda_context)[2]
    ev["body"] = json.dumps({**body, "explain": False})
    assert call(ev, lambda_context)[2] == before


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, None, [], {}])
def test_bad_explain_values_are_400_naming_it(event, lambda_context, value):
    status, body = post(event, lambda_context, {**DST, "explain": value})
    assert status == 400
    assert set(body) == {"title", "message", "details"}
    assert [d["parameter"] for d in body["details"]] == ["explain"]


def test_explain_is_in_the_openapi_document(event, lambda_context):
    doc = json.loads(call(event("openapi"), lambda_context)[2])
    schemas = doc["components"]["schemas"]
    assert schemas["AvailabilityRequest"]["properties"]["explain"]["type"] == "boolean"
    unavailable = schemas["Slot"]["properties"]["unavailable"]
    assert "explain" in unavailable["description"]
    assert schemas["Unavailable"]["properties"]["reason"]["enum"] == ["held", "busy", "outside_hours", "unknown"]


def test_get_explain_is_in_the_openapi_document(event, lambda_context):
    doc = json.loads(call(event("openapi"), lambda_context)[2])
    operation = doc["paths"]["/v1/event_type_available_times"]["get"]
    (parameter,) = [p for p in operation["parameters"] if p["name"] == "explain"]
    assert parameter["schema"] == {"type": "boolean", "default": False}
    assert "Cal.com" in operation["description"]
    assert "`unknown`" in operation["description"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    slot = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]["collection"]["items"]["$ref"]
    properties = doc["components"]["schemas"][slot.rsplit("/", 1)[1]]["properties"]
    assert "unavailable" in properties
    assert "available_hosts" in properties
