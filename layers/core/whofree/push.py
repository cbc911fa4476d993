"""Push from calendars (API.md §5): Google Calendar channels and Microsoft Graph subscriptions on the
events of every configured host read from Google or Microsoft, and the notifications they deliver.

- **Which hosts.** Every host of a stored event type whose ``source`` is ``google`` (watched by its
  ``calendar_id``) or ``microsoft`` (by its ``user``): ``wanted``.
- **Kept up** by ``sync`` (the scheduled function, every run; and after a PUT, for that event type's
  hosts only, best effort): a host without a live channel gets one; a Google channel with less than
  RENEW_BEFORE left is replaced by a new one (Google channels cannot be renewed) and the old one
  stopped; a Graph subscription with less than RENEW_BEFORE left is renewed (PATCH), one marked by a
  lifecycle notification is reauthorized or recreated; a channel whose host no stored event type
  reads any more is stopped (Google ``channels.stop``, Graph ``DELETE``). A failure is logged and
  counted (``PushFailures``) and retried on the next run.
- **Notifications.** Google: the channel named by ``X-Goog-Channel-ID`` must exist, carry the token
  whofree gave it (``X-Goog-Channel-Token``, compared as SHA-256 digests in constant time) and
  watch ``X-Goog-Resource-ID``; else 404 (API.md §5) and nothing changes. Its first message
  (``X-Goog-Resource-State: sync``) says the channel works and changes nothing; any other state
  (``exists``, ``not_exists``) makes the host stale. Graph: ``?validationToken=`` is echoed as
  text/plain; otherwise each item of ``value`` must name a live subscription and carry its
  ``clientState``. A delivery with no such item is 401 and changes nothing; items that fail are
  ignored (logged, counted). A change or ``missed`` makes the host stale; ``reauthorizationRequired``
  and ``subscriptionRemoved`` mark the subscription for the scheduled function (reauthorize /
  recreate), the second also making the host stale (changes were lost meanwhile).
- A host is made stale with ``webhooks.invalidate(table, named=set(), hosts={host})``.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from whofree import webhooks
from whofree.context import Context
from whofree.data import channels, event_types
from whofree.data.channels import Channel
from whofree.data.table import StoreError, Table, required_table
from whofree.errors import ApiError, InvalidArgument, NotFound, Unauthenticated
from whofree.models import EventTypeConfig
from whofree.observability import logger, metrics
from whofree.providers.types import ProviderError

PROVIDERS = ("google", "microsoft")
RENEW_BEFORE = 86_400  # a channel with less than a day left is renewed (the schedule runs every few minutes)
ROUTES = {"google": "/v1/notifications/google", "microsoft": "/v1/notifications/microsoft"}
MAX_VALIDATION_TOKEN = 4096
FEW_IDS = 8  # subscription ids of one Graph delivery read one by one; more: one Query
SETUP_SECONDS = 8.0  # what a PUT spends at most on its hosts' channels


@dataclass(frozen=True, order=True)
class Watch:
    """A host to watch: ``provider`` and its key there (a Google calendar id, a Microsoft user)."""

    provider: str
    host: str


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    renewed: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- which hosts


def hosts_of(config: EventTypeConfig) -> set[Watch]:
    out = set()
    for host in config.hosts:
        source = host.source
        if source is not None and source.provider == "google":
            out.add(Watch("google", source.calendar_id))
        elif source is not None and source.provider == "microsoft":
            out.add(Watch("microsoft", source.user))
    return out


def wanted(table: Table) -> set[Watch]:
    """Every host some stored event type reads from Google or Microsoft."""
    return set().union(*(hosts_of(config) for _, config in event_types.every(table)))


# ---------------------------------------------------------------- keeping channels up


class _Clients:
    """One management client per provider, opened on first use within a run."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self._open: dict[str, object] = {}

    async def get(self, provider: str):
        if provider not in self._open:
            from whofree.providers import google, microsoft
            from whofree.providers.push_http import PushClient

            module = google if provider == "google" else microsoft
            settings = self.context.settings
            token = await asyncio.to_thread(module.access_token, self.context.caches.tokens, settings)
            self._open[provider] = PushClient(self.context, provider, module.base_url(settings), token)
        return self._open[provider]

    async def close(self) -> None:
        for client in self._open.values():
            await client.__aexit__(None, None, None)


def _address(context: Context, provider: str) -> str:
    return str(context.settings.push_url).rstrip("/") + ROUTES[provider]


async def _create(context: Context, clients: _Clients, watch: Watch) -> Channel:
    secret = secrets.token_urlsafe(32)
    client = await clients.get(watch.provider)
    if watch.provider == "google":
        from whofree.providers import google_watch

        made = await google_watch.watch(
            client, watch.host, f"whofree-{uuid.uuid4().hex}", secret, _address(context, "google")
        )
        channel = Channel("google", made.id, watch.host, channels.digest(secret), made.expires, made.resource_id)
    else:
        from whofree.providers import microsoft_subscriptions

        made = await microsoft_subscriptions.subscribe(
            client, watch.host, _address(context, "microsoft"), secret, context.now()
        )
        channel = Channel("microsoft", made.id, watch.host, channels.digest(secret), made.expires)
    channels.put(required_table(context.table), channel)
    return channel


async def _stop(context: Context, clients: _Clients, channel: Channel) -> None:
    client = await clients.get(channel.provider)
    if channel.provider == "google":
        from whofree.providers import google_watch

        await google_watch.stop(client, channel.id, channel.resource_id or "")
    else:
        from whofree.providers import microsoft_subscriptions

        await microsoft_subscriptions.delete(client, channel.id)
    channels.delete(required_table(context.table), channel)


async def _keep_microsoft(context: Context, clients: _Clients, channel: Channel, report: Report) -> None:
    """Reauthorize, recreate or renew a Graph subscription, as it needs."""
    from whofree.providers import microsoft_subscriptions

    table = required_table(context.table)
    client = await clients.get("microsoft")
    label = f"microsoft:{channel.host}"
    if channel.needs == "reauthorize" and channel.expires - context.now() >= RENEW_BEFORE:
        if await microsoft_subscriptions.reauthorize(client, channel.id):
            channels.put(table, channel.but(needs=None))
            report.renewed.append(label)
            return
        channel = channel.but(needs="recreate")
    renewed = None
    if channel.needs != "recreate":
        renewed = await microsoft_subscriptions.renew(client, channel.id, context.now())
    if renewed is not None:
        channels.put(table, channel.but(expires=renewed.expires, needs=None))
        report.renewed.append(label)
        return
    await _create(context, clients, Watch("microsoft", channel.host))
    report.created.append(label)
    await _stop(context, clients, channel)


async def _keep(context: Context, clients: _Clients, watch: Watch, held: list[Channel], report: Report) -> None:
    label = f"{watch.provider}:{watch.host}"
    now = context.now()
    newest = max(held, key=lambda c: c.expires, default=None)
    if newest is None:
        await _create(context, clients, watch)
        report.created.append(label)
        return
    if watch.provider == "microsoft":
        if newest.needs is not None or newest.expires - now < RENEW_BEFORE:
            await _keep_microsoft(context, clients, newest, report)
    elif newest.expires - now < RENEW_BEFORE:
        newest = await _create(context, clients, watch)  # Google: a new channel replaces the old one
        report.renewed.append(label)
    for extra in held:
        if extra.id != newest.id:  # replaced (or left over from a failed run): stop it
            await _stop(context, clients, extra)


async def _sync(context: Context, only: set[Watch] | None) -> Report:
    report = Report()
    table = required_table(context.table)
    held: dict[Watch, list[Channel]] = {}
    for channel in channels.every(table):
        held.setdefault(Watch(channel.provider, channel.host), []).append(channel)
    targets = wanted(table) if only is None else only
    clients = _Clients(context)

    async def guarded(label: str, work) -> None:
        try:
            await work
        except (ProviderError, StoreError) as exc:
            report.failed[label] = getattr(exc, "message", None) or str(exc)

    try:
        for watch in sorted(targets):
            await guarded(f"{watch.provider}:{watch.host}", _keep(context, clients, watch, held.get(watch, []), report))
        if only is None:
            for watch in sorted(set(held) - targets):
                for channel in held[watch]:
                    await guarded(f"{watch.provider}:{watch.host}", _stop(context, clients, channel))
                    if f"{watch.provider}:{watch.host}" not in report.failed:
                        report.stopped.append(f"{watch.provider}:{watch.host}")
    finally:
        await clients.close()
    return report


def sync(context: Context, only: set[Watch] | None = None) -> Report:
    """Make the stored channels match the stored event types (``only``: just make sure these hosts
    are watched). Nothing is done without WHOFREE_PUSH_URL."""
    if context.settings.push_url is None:
        return Report()
    report = asyncio.run(_sync(context, only))
    for label, problem in report.failed.items():
        logger.warning("push channel not kept up", extra={"channel": label, "error": problem})
    if report.failed:
        metrics.add_metric(name="PushFailures", unit="Count", value=len(report.failed))
    logger.info(
        "push channels",
        extra={"made": len(report.created), "renewed": len(report.renewed), "stopped": len(report.stopped)},
    )
    return report


def after_put(context: Context, config: EventTypeConfig) -> Report:
    """Best effort after an event type is stored: watch its hosts now. A failure is logged and counted,
    never raised: the write stands, and the scheduled function tries again."""
    hosts = hosts_of(config)
    if not hosts:
        return Report()
    try:
        return sync(context, only=hosts)
    except (ApiError, StoreError, ProviderError) as exc:
        logger.warning("push channels not set up", extra={"error": str(exc)})
        metrics.add_metric(name="PushFailures", unit="Count", value=1)
        return Report(failed={"*": str(exc)})


# ---------------------------------------------------------------- notifications


@dataclass(frozen=True)
class GoogleNotice:
    channel_id: str
    token: str | None
    resource_id: str | None
    state: str


def google_notice(headers: Mapping[str, str]) -> GoogleNotice:
    """The ``X-Goog-*`` headers of a Google notification (header names in any case)."""
    lower = {k.lower(): v for k, v in headers.items()}
    return GoogleNotice(
        lower.get("x-goog-channel-id") or "",
        lower.get("x-goog-channel-token"),
        lower.get("x-goog-resource-id"),
        (lower.get("x-goog-resource-state") or "").strip().lower(),
    )


def google(context: Context, headers: Mapping[str, str]) -> bool:
    """Handle a Google notification; whether it made the host stale (``sync``: no). NotFound for a
    forged or unknown channel: nothing changes."""
    table = required_table(context.table)
    notice = google_notice(headers)
    channel = channels.get(table, "google", notice.channel_id)
    if channel is None or not channel.verifies(notice.token) or channel.resource_id != notice.resource_id:
        metrics.add_metric(name="PushRefused", unit="Count", value=1)
        raise NotFound("No such notification channel.")
    if notice.state == "sync":
        return False
    webhooks.invalidate(table, named=set(), hosts={channel.host}, context=context)
    return True


@dataclass(frozen=True)
class GraphNotice:
    subscription_id: str
    client_state: str | None
    lifecycle_event: str | None


def graph_notices(raw: bytes) -> list[GraphNotice]:
    """The items of a Graph change or lifecycle notification (``{"value": [...]}``); an item that is
    not an object with a string ``subscriptionId`` is left out."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return []
    values = body.get("value") if isinstance(body, dict) else None
    out = []
    for item in values if isinstance(values, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("subscriptionId"), str):
            continue
        state = item.get("clientState")
        event = item.get("lifecycleEvent")
        out.append(
            GraphNotice(
                item["subscriptionId"],
                state if isinstance(state, str) else None,
                event if isinstance(event, str) else None,
            )
        )
    return out


def validation_token(query: Mapping[str, str] | None) -> str | None:
    """Graph's ``validationToken`` (already URL-decoded by API Gateway), or None."""
    token = (query or {}).get("validationToken")
    if token is None:
        return None
    if not token or len(token) > MAX_VALIDATION_TOKEN:
        raise InvalidArgument("validationToken is empty or too long.")
    return token


def _subscriptions(table: Table, ids: set[str]) -> dict[str, Channel]:
    """The live subscriptions among ``ids``: one read each for a few, one Query of every channel for
    more (an unauthenticated body of many ids costs one Query, not one read per id)."""
    if len(ids) <= FEW_IDS:
        found = (channels.get(table, "microsoft", i) for i in ids)
        return {c.id: c for c in found if c is not None}
    return {c.id: c for c in channels.every(table) if c.provider == "microsoft" and c.id in ids}


def microsoft(context: Context, raw: bytes) -> int:
    """Handle a Graph notification; how many items it verified. Unauthenticated when none verifies:
    nothing changes."""
    table = required_table(context.table)
    notices = graph_notices(raw)
    known = _subscriptions(table, {n.subscription_id for n in notices})
    verified: list[tuple[GraphNotice, Channel]] = []
    refused = 0
    for notice in notices:
        channel = known.get(notice.subscription_id)
        if channel is None or not channel.verifies(notice.client_state):
            refused += 1
            continue
        verified.append((notice, channel))
    if refused:
        metrics.add_metric(name="PushRefused", unit="Count", value=refused)
        logger.warning("graph notification items refused", extra={"refused": refused})
    if not verified:
        raise Unauthenticated("No notification here names a subscription of whofree with its clientState.")
    stale = set()
    for notice, channel in verified:
        if notice.lifecycle_event == "reauthorizationRequired":
            channels.mark(table, channel, "reauthorize")
        elif notice.lifecycle_event == "subscriptionRemoved":
            channels.mark(table, channel, "recreate")
            stale.add(channel.host)
        else:  # a change, or "missed": notifications were lost, so the host is stale either way
            stale.add(channel.host)
    if stale:
        webhooks.invalidate(table, named=set(), hosts=stale, context=context)
    return len(verified)
