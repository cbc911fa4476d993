"""Limits the storage imposes are checked when the request is validated (API.md §1): never a 500 from DynamoDB's 400 KB items or its key sizes."""

from __future__ import annotations

import copy
import json

from tests.integration.test_configured_event_types import CONFIG, call, put
from tests.integration.test_reservations import hold
from whofree.data import event_types


def busy_blocks(n: int) -> list[dict]:
    return [
        {
            "start_time": f"2030-{1 + d // 28:02d}-{1 + d % 28:02d}T{h:02d}:00:00Z",
            "end_time": f"2030-{1 + d // 28:02d}-{1 + d % 28:02d}T{h:02d}:30:00Z",
        }
        for d in range(300)
        for h in range(24)
    ][:n]


def test_case_6_an_event_type_too_big_for_one_item_is_413_naming_the_field(table, event, lambda_context):
    config = {"name": "Big", "duration_minutes": 30, "hosts": [{"id": "ana@example.com", "busy": busy_blocks(6000)}]}
    body = json.dumps(config)
    assert 450_000 < len(body) < 5_000_000  # under the body limit, over DynamoDB's 400 KB item
    status, _, text = call(event, lambda_context, "PUT", "/v1/event_types/big", body)
    assert status == 413, text
    error = json.loads(text)
    assert error["title"] == "Payload Too Large"
    assert [d["parameter"] for d in error["details"]] == ["hosts"]
    assert str(event_types.MAX_CONFIG_BYTES) in error["message"]
    assert call(event, lambda_context, "GET", "/v1/event_types/big")[0] == 404  # nothing was written
    # Just under the limit is stored, and read back whole.
    config["hosts"][0]["busy"] = busy_blocks(4500)
    assert event_types.stored_size(event_types.EventTypeConfig.model_validate(config)) < event_types.MAX_CONFIG_BYTES
    status, body = put(event, lambda_context, "big", config)
    assert status == 201, body
    status, _, text = call(event, lambda_context, "GET", "/v1/event_types/big")
    assert status == 200
    assert len(json.loads(text)["resource"]["hosts"][0]["busy"]) == 4500


def test_case_7_host_ids_are_limited_to_512_utf8_bytes(table, event, lambda_context):
    config = copy.deepcopy(CONFIG)
    config["groups"][0]["members"] = ["😀" * 254]
    config["hosts"][0]["id"] = "😀" * 254  # 254 characters, 1016 bytes
    status, body = put(event, lambda_context, "emoji", config)
    assert status == 400
    assert body["details"] == [{"parameter": "hosts[0].id", "message": body["details"][0]["message"]}]
    assert "512 bytes" in body["details"][0]["message"]
    # 128 of them (512 bytes) are fine, and so is holding that host: its lock key fits.
    config["groups"][0]["members"] = ["😀" * 128]
    config["hosts"][0]["id"] = "😀" * 128
    assert put(event, lambda_context, "emoji", config)[0] == 201
    status, made = hold(event, lambda_context, {"event_type": "emoji", "start_time": "2030-03-11T15:00:00Z"})
    assert status == 201, made
    assert made["resource"]["hosts"][0] == "😀" * 128
    assert call(event, lambda_context, "DELETE", f"/v1/reservations/{made['resource']['uid']}")[0] == 204
    # The same limit everywhere a host id is accepted.
    body = {
        "start_time": "2030-03-11T00:00:00Z",
        "end_time": "2030-03-12T00:00:00Z",
        "duration_minutes": 30,
        "participants": [{"id": "😀" * 254}],
    }
    status, _, text = call(event, lambda_context, "POST", "/v1/availability", body)
    assert status == 400
    assert json.loads(text)["details"][0]["parameter"] == "participants[0].id"
