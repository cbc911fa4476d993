"""DynamoDB Local for the integration tests: started once by the test session (or reused when CI
started one and exported WHOFREE_DYNAMODB_ENDPOINT), with a fresh table per test, built from
template.yaml so the tests cannot drift from the infrastructure. ``table`` is the default account's view
of it (``Table.scoped``), as requests in single-account mode see it; ``table.unscoped()`` is the global one."""

from __future__ import annotations

import os
import uuid

import pytest

from scripts import dynamodb_local
from tests.fakes import calendly_demo
from tests.fakes.calendly import TOKEN
from whofree.context import DEFAULT_ACCOUNT
from whofree.data import table as store


@pytest.fixture(scope="session")
def dynamodb_endpoint():
    endpoint = os.environ.get("WHOFREE_DYNAMODB_ENDPOINT")
    if endpoint:
        yield endpoint
        return
    proc, endpoint = dynamodb_local.start()
    yield endpoint
    dynamodb_local.stop(proc)


@pytest.fixture
def table(dynamodb_endpoint, monkeypatch, settings):
    client = dynamodb_local.client(dynamodb_endpoint)
    names = dynamodb_local.create_tables(client, prefix=f"t{uuid.uuid4().hex[:10]}")
    name = names["WhofreeTable"]
    settings.setenv("WHOFREE_TABLE_NAME", name)
    current = settings.setenv("WHOFREE_DYNAMODB_ENDPOINT", dynamodb_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    yield store.table(current).scoped(DEFAULT_ACCOUNT)  # as the single-account mode's requests see it
    client.delete_table(TableName=name)


@pytest.fixture
def calendly(monkeypatch, settings):
    """The demo team on a fake Calendly (loopback), with whofree pointed at it."""
    fake, _ = calendly_demo.build(page_size=100)
    settings.setenv("WHOFREE_CALENDLY_BASE_URL", fake.start())
    settings.setenv("WHOFREE_CALENDLY_TOKEN", TOKEN)
    settings.setenv("WHOFREE_PROVIDER_BACKOFF", "0.01")
    yield fake
    fake.stop()
