"""X-Ray subsegments (whofree/tracing.py): on Lambda with a sampled invocation, each provider call and
each DynamoDB call sends one subsegment document to the daemon's UDP address, under the invocation's
trace and parent ids; off Lambda, unsampled, or with POWERTOOLS_TRACE_DISABLED, nothing is sent.
A loopback UDP socket stands in for the daemon."""

from __future__ import annotations

import asyncio
import json
import socket

import httpx
import pytest

from whofree import settings as whofree_settings
from whofree.data import table as tables
from whofree.providers.http import Deadline, ProviderClient
from whofree.providers.types import ProviderError

ROOT_ID = "1-5759e988-bd862e3fe1be46a994272793"
PARENT = "53995c3f42cd8ad8"


@pytest.fixture
def daemon():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    yield sock
    sock.close()


def received(sock: socket.socket) -> list[dict]:
    documents = []
    while True:
        try:
            data = sock.recv(70_000)
        except TimeoutError:
            return documents
        header, _, body = data.partition(b"\n")
        assert json.loads(header) == {"format": "json", "version": 1}
        documents.append(json.loads(body))


@pytest.fixture
def on_lambda(monkeypatch, daemon):
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "whofree-api")
    monkeypatch.setenv("AWS_XRAY_DAEMON_ADDRESS", f"127.0.0.1:{daemon.getsockname()[1]}")
    monkeypatch.setenv("_X_AMZN_TRACE_ID", f"Root={ROOT_ID};Parent={PARENT};Sampled=1")
    return monkeypatch


def provider_calls(statuses: list[int]) -> None:
    answers = iter(statuses)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(answers), json={"ok": True})

    async def run() -> None:
        client = ProviderClient(
            "calendly",
            "https://api.calendly.com",
            {},
            Deadline.after(5),
            max_retries=0,
            transport=httpx.MockTransport(answer),
        )
        async with client:
            results = await asyncio.gather(
                *(
                    client.get("/user_busy_times", params={"user": "https://api.calendly.com/users/secret-ana"})
                    for _ in statuses
                ),
                return_exceptions=True,
            )
        for result in results:
            assert isinstance(result, (dict, ProviderError))

    asyncio.run(run())


def test_each_provider_call_is_a_subsegment_naming_the_host_only(on_lambda, daemon):
    provider_calls([200, 200, 500])
    documents = received(daemon)
    assert len(documents) == 3
    assert len({d["id"] for d in documents}) == 3  # concurrent calls never share or close each other's
    for document in documents:
        assert document["type"] == "subsegment"
        assert (document["trace_id"], document["parent_id"]) == (ROOT_ID, PARENT)
        assert document["name"] == "calendly"
        assert document["namespace"] == "remote"
        assert document["http"]["request"] == {"method": "GET", "url": "https://api.calendly.com"}
        assert document["end_time"] >= document["start_time"]
        assert "secret-ana" not in json.dumps(document)
    statuses = sorted(d["http"]["response"]["status"] for d in documents)
    assert statuses == [200, 200, 500]
    assert [d.get("fault") for d in documents if d["http"]["response"]["status"] == 500] == [True]


def test_each_dynamodb_call_is_a_subsegment_with_its_operation(on_lambda, daemon, table):
    table.put({"pk": "trace", "sk": "a", "n": 1})
    table.get("trace", "a")
    with pytest.raises(tables.ConditionFailed):
        table.put({"pk": "trace", "sk": "a"}, condition="attribute_not_exists(pk)")
    documents = received(daemon)
    assert [d["aws"]["operation"] for d in documents] == ["PutItem", "GetItem", "PutItem"]
    for document in documents:
        assert (document["name"], document["namespace"]) == ("DynamoDB", "aws")
        assert document["aws"]["table_name"] == table.name
        assert (document["trace_id"], document["parent_id"]) == (ROOT_ID, PARENT)
    # A lost conditional write is DynamoDB's 400: an error of the call, not a fault.
    assert documents[-1]["error"] is True
    assert documents[-1]["http"]["response"]["status"] == 400
    assert "fault" not in documents[-1]


@pytest.mark.parametrize(
    "change",
    [
        ("AWS_LAMBDA_FUNCTION_NAME", None),  # a local run or a test
        ("_X_AMZN_TRACE_ID", f"Root={ROOT_ID};Parent={PARENT};Sampled=0"),  # not sampled
        ("POWERTOOLS_TRACE_DISABLED", "true"),
        ("AWS_XRAY_DAEMON_ADDRESS", None),
    ],
)
def test_nothing_is_sent_when_tracing_is_off(on_lambda, daemon, change):
    name, value = change
    if value is None:
        on_lambda.delenv(name)
    else:
        on_lambda.setenv(name, value)
    assert whofree_settings.xray() is None
    provider_calls([200])
    assert received(daemon) == []
