"""What one invocation works with: a ``Context`` built per request from the function's ``Runtime``.

A function makes one ``Runtime`` while it starts (functions/*/app.py, at import): the settings, the
table (resolved on first use, so that boto3 is not imported on a cold start that does not need it),
the clock, how provider HTTP clients are made, and the in-process caches a warm container keeps
between invocations (``Caches``). Each invocation then gets a ``Context``: the runtime, the request's
deadline and the account it acts for. Every use case, data access function and connector that needs
one of these takes the context as its one argument for them, so no module keeps state of its own
and no signature takes an optional ``now``: the time is ``context.now()``, and tests hand in a
runtime with a fixed clock instead.

A leaf: it imports only the settings; the table and the HTTP transport are typed loosely here and
built by the layers that own them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from whofree.settings import Settings

Clock = Callable[[], float]

DEFAULT_ACCOUNT = "default"


@dataclass
class Caches:
    """In-process caches: per runtime (so per container), bounded, never the only copy of anything."""

    answer_hosts: dict[str, list[str]] = field(
        default_factory=dict
    )  # "account|event type" -> host ids of its last cached answer
    nylas_providers: dict[str, str] = field(default_factory=dict)  # Nylas grant id -> its provider
    hits: dict[tuple[str, int, str], int] = field(
        default_factory=dict
    )  # (table and scope, hour, event type) -> unwritten count
    hits_flushed_at: dict[str, float] = field(
        default_factory=dict
    )  # table and scope -> when its counts were last written
    accounts: dict[str, tuple[str, float]] = field(default_factory=dict)  # API key id -> (account, when read)
    tokens: dict[str, Any] = field(default_factory=dict)  # provider -> its TokenSource (kept per container)
    page_tokens: Any = None  # whofree.pagination.PageTokens: the page-token key, read on first use
    data_keys: dict[str, bytes] = field(default_factory=dict)  # account -> its decrypted data key (bounded)
    keyring: Any = None  # whofree.connections.crypto.Keyring: made on first use
    clients: dict[str, Any] = field(default_factory=dict)  # AWS service -> its boto3 client (made on first use)


@dataclass
class Runtime:
    """Made once per function (at init). ``table`` is a factory called at most once, on first use;
    ``transport`` (tests) is handed to every provider HTTP client."""

    settings: Settings
    table_factory: Callable[[Runtime], Any] | None = None
    clock: Clock = time.time
    transport: object | None = None
    caches: Caches = field(default_factory=Caches)
    _table: Any = field(default=None, init=False, repr=False)
    _table_made: bool = field(default=False, init=False, repr=False)

    @property
    def table(self) -> Any:
        """The function's table (a ``whofree.data.table.Table``), or None when none is configured."""
        if not self._table_made:
            self._table = self.table_factory(self) if self.table_factory is not None else None
            self._table_made = True
        return self._table

    def context(self, seconds: float, account: str = DEFAULT_ACCOUNT) -> Context:
        """A request's context, ``seconds`` before its deadline."""
        return Context(self, time.monotonic() + seconds, account)


@dataclass(frozen=True)
class Context:
    """One invocation: its runtime, its deadline (a ``time.monotonic()`` instant) and its account."""

    runtime: Runtime
    deadline: float
    account: str = DEFAULT_ACCOUNT

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def table(self) -> Any:
        """The table as this request's account sees it (``Table.scoped``): every record a use case reads
        or writes through it belongs to the account. None when no table is configured. Records found
        without knowing the account (an API key's mapping, a connection's index) use
        ``runtime.table``, the global one."""
        table = self.runtime.table
        return table.scoped(self.account) if table is not None else None

    @property
    def caches(self) -> Caches:
        return self.runtime.caches

    def now(self) -> float:
        """The time (Unix seconds) by the runtime's clock."""
        return self.runtime.clock()

    def left(self) -> float:
        """Seconds until the deadline (negative once past)."""
        return self.deadline - time.monotonic()

    def http_options(self, defaults: dict) -> dict:
        """Provider client options: ``defaults`` plus the runtime's transport, when it has one."""
        return defaults | ({"transport": self.runtime.transport} if self.runtime.transport is not None else {})
