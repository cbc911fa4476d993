"""`make invoke`: sam local invoke without Docker. Every file in events/ goes through it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Every sample event, the function it belongs to, and what that function answers to it.
EXPECTED = {
    "availability.json": ("api", 200),
    "availability_explain.json": ("api", 200),  # the same team, with "explain": true
    "docs.json": ("api", 200),
    "openapi.json": ("api", 200),
    "event_type_available_times.json": ("api", 200),  # the demo Calendly, as under make run
    "webhook_calendly.json": ("webhooks", 401),  # the sample carries no signature: refused, as on AWS
    "reservation.json": ("api", 503),  # a hold needs the table: without WHOFREE_TABLE_NAME, 503 as on sam local invoke
    "ui.json": ("api", 200),  # the who-is-free page, no API key
    "warmer.json": ("warmer", None),  # a scheduled event: the warmer's report, not an HTTP answer
    # An SQS batch for the sender: its subscription does not exist, so the event is dropped, not retried.
    "subscription_event.json": ("subscriptions", None),
}


def env() -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("WHOFREE_", "POWERTOOLS_"))}
    if os.environ.get("WHOFREE_DYNAMODB_ENDPOINT"):  # CI's DynamoDB Local, for the warmer
        keep["WHOFREE_DYNAMODB_ENDPOINT"] = os.environ["WHOFREE_DYNAMODB_ENDPOINT"]
    return keep


def test_every_event_file_is_covered():
    assert sorted(p.name for p in (ROOT / "events").glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_event_runs_through_its_function(name):
    function, status = EXPECTED[name]
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "invoke.py"), function, f"events/{name}"],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert len(lines) == 1, done.stdout  # one JSON document, as sam local invoke prints
    answer = json.loads(lines[0])
    if function == "subscriptions":
        assert answer == {"batchItemFailures": []}
    elif status is None:
        assert answer["failed"] == {}
        assert isinstance(answer["warmed"], list)
    else:
        assert answer["statusCode"] == status
        if answer["statusCode"] != 204 and "json" in str(answer.get("multiValueHeaders")):
            json.loads(answer["body"])
    assert "Warning" not in done.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_invoke_prints_the_response_as_sam_local_invoke_does():
    done = subprocess.run(
        ["make", "-s", "invoke", "FUNCTION=api", "EVENT=events/availability.json"],  # noqa: S607
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["statusCode"] == 200
    assert json.loads(answer["body"])["collection"][0]["available"] == [
        "ana@example.com",
        "ben@example.com",
        "chen@example.com",
    ]


def test_the_explain_event_says_why_not_free():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "invoke.py"), "api", "events/availability_explain.json"],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    slots = json.loads(json.loads(done.stdout)["body"])["collection"]
    assert slots[2]["available"] == ["ana@example.com", "ben@example.com"]
    assert slots[2]["unavailable"] == [{"id": "chen@example.com", "reason": "outside_hours"}]


def test_an_unknown_function_says_which_exist():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "invoke.py"), "nope", "events/availability.json"],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "ApiFunction" in done.stderr


def test_missing_prerequisites_are_named_with_how_to_install_them(tmp_path):
    # A PATH with the shell tools the check uses, and no java, node or npm.
    for tool in ("bash", "sed", "head", "dirname", "cat"):
        (tmp_path / tool).symlink_to(shutil.which(tool))
    done = subprocess.run(
        [str(ROOT / "scripts" / "check-prereqs"), "run"],
        env={"PATH": str(tmp_path), "WHOFREE_PYTHON": sys.executable, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Java 17" in done.stderr
    assert "apt-get install openjdk-17-jre-headless" in done.stderr
    assert "brew install openjdk@17" in done.stderr
    assert "apt-get install nodejs npm" in done.stderr
    assert "Python 3.13" not in done.stderr  # WHOFREE_PYTHON is one
