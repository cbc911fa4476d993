"""Unit tests do no I/O: no socket, no name lookup, no process, no AWS call (moto included).

Each phase of a test under tests/unit/ (its fixtures too) runs with those doors shut. A test that
opens one fails, naming what it did, even when the code under test swallowed the refusal: it
belongs in tests/integration/ or tests/e2e/. Reading the repository's own files is allowed."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from unittest import mock

import botocore.client
import pytest

DOORS = (
    (socket.socket, "connect", "opened a connection"),
    (socket.socket, "connect_ex", "opened a connection"),
    (socket.socket, "bind", "bound a socket"),
    (socket, "getaddrinfo", "looked a name up"),
    (subprocess.Popen, "_execute_child", "started a process"),
    (botocore.client.BaseClient, "_make_api_call", "called AWS (or moto)"),
)


@contextmanager
def _shut(item: pytest.Item) -> Iterator[None]:
    opened: list[str] = []

    def door(what: str):
        def refuse(*args, **kwargs):
            opened.append(what)
            raise AssertionError(f"a unit test does no I/O, and {item.nodeid} {what}")

        return refuse

    with ExitStack() as stack:
        for owner, name, what in DOORS:
            stack.enter_context(mock.patch.object(owner, name, door(what)))
        yield
    if opened:
        pytest.fail(f"a unit test does no I/O, and {item.nodeid} {opened[0]}: it belongs in tests/integration/")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    with _shut(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    with _shut(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item):
    with _shut(item):
        return (yield)
