"""`make run ACCOUNTS=multi` and `whofree-admin --local`: an account made against the runner's DynamoDB
Local is served with its key, and refused without it, after a rotation and after its deletion."""

from __future__ import annotations

import json

import httpx
import pytest
from click.testing import CliRunner

from tests.e2e.conftest import ROOT, Runner
from whofree_admin import stack
from whofree_admin.cli import main

BODY = json.loads(json.loads((ROOT / "events" / "availability.json").read_text())["body"])


@pytest.fixture(scope="module")
def multi():
    started = Runner(None, "--accounts", "multi")
    yield started
    started.stop()
    assert not stack.run_file(started.port).exists()  # the runner removes what it published


def admin(runner: Runner, *args: str) -> str:
    result = CliRunner().invoke(main, ["--local", "--port", str(runner.port), *args])
    assert result.exit_code == 0, result.output
    return result.output


def availability(runner: Runner, key: str | None) -> httpx.Response:
    headers = {"x-api-key": key} if key is not None else {}
    return httpx.post(f"{runner.base}/v1/availability", json=BODY, headers=headers, timeout=30)


def test_the_runner_says_how_to_make_a_key(multi):
    assert "whofree-admin --local" in multi.output()
    assert json.loads(stack.run_file(multi.port).read_text())["table"] == "local-WhofreeTable"


def test_a_local_account_is_served_with_its_key_and_refused_without(multi):
    made = json.loads(admin(multi, "accounts", "create", "Acme", "--json"))
    assert made["api_key_id"].startswith("local_")
    assert availability(multi, made["api_key"]).status_code == 200
    refused = availability(multi, None)
    assert refused.status_code == 401
    assert refused.json() == {
        "title": "Unauthenticated",
        "message": "A valid x-api-key header is required.",
        "details": [],
    }
    assert availability(multi, made["api_key"] + "x").status_code == 401
    assert httpx.get(f"{multi.base}/v1/openapi.json", timeout=30).status_code == 200  # needs no key

    rotated = json.loads(admin(multi, "keys", "rotate", made["account"], "--json"))
    assert availability(multi, made["api_key"]).status_code == 401
    assert availability(multi, rotated["api_key"]).status_code == 200

    out = admin(multi, "accounts", "delete", made["account"], "--yes")
    assert "record(s) erased" in out
    assert availability(multi, rotated["api_key"]).status_code == 401
    assert made["account"] not in admin(multi, "accounts", "list")


def test_each_key_acts_for_its_own_account(multi):
    a = json.loads(admin(multi, "accounts", "create", "A", "--json"))["api_key"]
    b = json.loads(admin(multi, "accounts", "create", "B", "--json"))["api_key"]
    config = {
        "name": "Team",
        "duration_minutes": 30,
        "hosts": [{"id": "ana@example.com", "busy": []}],
    }
    url = f"{multi.base}/v1/event_types/team"
    assert httpx.put(url, json=config, headers={"x-api-key": a}, timeout=30).status_code in (200, 201)
    assert httpx.get(url, headers={"x-api-key": a}, timeout=30).json()["resource"]["name"] == "Team"
    assert httpx.get(url, headers={"x-api-key": b}, timeout=30).status_code == 404


def test_local_keys_are_stored_as_hashes_only(multi):
    import boto3

    made = json.loads(admin(multi, "accounts", "create", "Globex", "--json"))
    where = json.loads(stack.run_file(multi.port).read_text())
    client = boto3.client(
        "dynamodb",
        endpoint_url=where["endpoint"],
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    items = client.scan(TableName=where["table"])["Items"]
    assert made["api_key"] not in json.dumps(items)
    assert any(i["pk"]["S"] == "LOCAL_APIKEY" and i["key_id"]["S"] == made["api_key_id"] for i in items)
