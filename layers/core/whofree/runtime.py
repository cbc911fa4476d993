"""A function's ``Runtime``, made once at its init (functions/*/app.py): the settings it was started
with, its table (made on first use), the clock and the in-process caches. Requests get a
``whofree.context.Context`` from it."""

from __future__ import annotations

import time

from whofree.context import Clock, Runtime
from whofree.settings import Settings


def _table(runtime: Runtime):
    from whofree.data.table import table

    return table(runtime.settings, runtime.clock)


def start(settings: Settings, clock: Clock = time.time, transport: object | None = None) -> Runtime:
    """The runtime of a function started with ``settings`` (read and validated at its init: ``settings.load()``)."""
    return Runtime(settings, _table, clock, transport)
