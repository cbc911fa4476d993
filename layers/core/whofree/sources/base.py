"""What every busy source shares: the hosts it is asked for and what it answers (a leaf)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from whofree import connected
from whofree.connected import Credential
from whofree.context import Context
from whofree.domain import Schedule
from whofree.errors import InvalidArgument, NotFound
from whofree.providers.types import ProviderError, warned

Blocks = list[tuple[float, float]]


@dataclass(frozen=True)
class Sourced:
    """A host to read: its id, its ``source`` (a ``whofree.models`` source of one provider) and the
    zone its calendar is read in (ICS floating times)."""

    id: str
    source: Any
    timezone: str


@dataclass
class Read:
    """What a source read: busy blocks per host id, each failed host's error, and mailbox working
    hours where the provider has them (Microsoft)."""

    busy: dict[str, Blocks] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    hours: dict[str, Schedule] = field(default_factory=dict)

    @classmethod
    def failing(cls, hosts: Iterable[Sourced], message: str) -> Read:
        """Every host failed with the same error (no credential, say)."""
        return cls(failed={h.id: message for h in hosts})

    @classmethod
    def merged(cls, reads: Iterable[Read]) -> Read:
        out = cls()
        for read in reads:
            out.busy.update(read.busy)
            out.failed.update(read.failed)
            out.hours.update(read.hours)
        return out


async def credential(
    hosts: list[Sourced], provider: str, context: Context, deployment: Callable[[Context], str]
) -> Credential | Read:
    """The credential that reads ``hosts`` (one provider, one named connection or none: see
    ``whofree.sources.busy``), or a ``Read`` where each of them failed with the reason: a connection that
    cannot be used (needs reauthorization, revoked, deleted since, ambiguous) makes its hosts warnings,
    never free, never a 5xx."""
    named = getattr(hosts[0].source, "connection", None)
    try:
        return await connected.credential(context, provider, named, deployment)
    except ProviderError as exc:
        return Read.failing(hosts, warned(exc))
    except (NotFound, InvalidArgument) as exc:
        return Read.failing(hosts, exc.details[0].message if exc.details else exc.message)


class BusySource(Protocol):
    """One provider's busy time for its hosts over [start, end)."""

    async def __call__(self, hosts: list[Sourced], start: float, end: float, context: Context) -> Read: ...
