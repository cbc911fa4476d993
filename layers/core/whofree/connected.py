"""The credential that reads a provider for the request's account (API.md §7): the connection named, else
the account's only connection of that provider, else (single-account mode, no connection) the
deployment's own credential, as before connections.

``credential`` is what event types, sources, reservations, the warmer and free_busy call; the ``label``
it returns names the credential without its secret: the connection id, or ``deployment``. The label
keys the host cache (whofree.data.host_data), so data read through one connection is never served to
a read through another, and the provider's shared call budget (whofree.budgets).

What ``whofree.connections.access`` raises passes through: ``ConnectionNotFound`` (404, another
account's id included), ``InvalidArgument`` naming ``connection`` (several, none named), and the
``ProviderError``s of a connection that cannot be used (none in multi-account mode, needs
reauthorization, revoked), which callers turn into their hosts' warnings (sources) or a 424 (a
provider event type, whose every host it reads).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from whofree import budgets, connections
from whofree.context import Context


@dataclass(frozen=True)
class Credential:
    token: str = field(repr=False)
    label: str  # the connection id, or budgets.DEPLOYMENT
    region: str | None = None  # Nylas
    tenant: str | None = None  # Microsoft

    @property
    def via(self) -> str | None:
        """The host cache's connection label: None for the deployment's credential (its keys unchanged)."""
        return None if self.label == budgets.DEPLOYMENT else self.label


def resolve(
    context: Context, provider: str, connection: str | None, deployment: Callable[[Context], str]
) -> Credential:
    """The credential to read ``provider`` with (blocking: it may read the table and refresh a token)."""
    if context.table is None:  # no table, no connections: the deployment's own credential
        if connection is not None:
            raise connections.ConnectionNotFound(connection)
        return Credential(deployment(context), budgets.DEPLOYMENT)
    found = connections.access(context, provider, connection)
    if found is None:
        return Credential(deployment(context), budgets.DEPLOYMENT)
    return Credential(found.token, found.connection, found.region, found.tenant)


async def credential(
    context: Context, provider: str, connection: str | None, deployment: Callable[[Context], str]
) -> Credential:
    """``resolve`` off the event loop."""
    return await asyncio.to_thread(resolve, context, provider, connection, deployment)


def check_sources(context: Context, named: list[tuple[str, object]]) -> None:
    """Every connection a source names (``(parameter, source)`` pairs: ``hosts[0].source``, say) is the
    account's (``ConnectionNotFound``, 404, as for any id it does not have) and of the source's provider
    (400 naming the parameter's ``connection`` otherwise). No table, no connections: any named is 404."""
    from whofree.connections import store
    from whofree.errors import invalid

    for parameter, source in named:
        connection = getattr(source, "connection", None)
        if connection is None:
            continue
        if context.table is None:
            raise connections.ConnectionNotFound(connection)
        provider = getattr(source, "provider", None)
        if store.get(context, connection)["provider"] != provider:
            raise invalid(f"{parameter}.connection", f"Not a {provider} connection.")
