"""Event types configured in whofree (API.md §3): the definition from the table, the slots from the
engine with §2's rules (groups, notice, buffers), each host's busy time from its ``source`` (a
Calendly user, a Nylas grant, Google, Microsoft, an ICS feed) on top of its inline ``busy``."""

from __future__ import annotations

from datetime import UTC, datetime

from whofree import configured, sources
from whofree.availability import to_query
from whofree.context import Context
from whofree.data import event_types
from whofree.domain import EventType, Group, Host
from whofree.errors import NotFound, invalid
from whofree.models import EventTypeConfig
from whofree.times.types import HostAnswer, KindAnswer, Window, narrow

name = "configured"


def matches(ref: str) -> bool:
    return True  # the last kind asked: any other event type is looked up in the table


def _public(host) -> Host:
    email = host.source.email if host.source is not None and host.source.provider == "nylas" else None
    uri = host.source.user if host.source is not None and host.source.provider == "calendly" else None
    return Host(
        id=host.id,
        name=host.name,
        email=email,
        uri=uri,
        priority=host.priority if host.priority is not None else 2,
        weight=host.weight if host.weight is not None else 100,
    )


def event_type(ref: str, c: EventTypeConfig) -> EventType:
    """The configured event type in the shape every kind answers with."""
    return EventType(
        ref=ref,
        name=c.name,
        duration_minutes=c.duration_minutes,
        pooling=None,
        hosts=[_public(h) for h in c.hosts],
        interval_minutes=c.interval_minutes,
        buffer_before_minutes=c.buffer_before_minutes,
        buffer_after_minutes=c.buffer_after_minutes,
        minimum_notice_minutes=c.minimum_notice_minutes,
        # What a meeting needs (reservations); None: §2's default, one group of every host with required 1.
        groups=tuple(Group(tuple(g.members), g.required) for g in c.groups) if c.groups is not None else None,
        host_order=c.host_order or "listed",
    )


async def fetch(
    ref: str, window: Window, hosts: tuple[str, ...] | None, context: Context, connection: str | None = None
) -> KindAnswer:
    if connection is not None:
        raise invalid("connection", "A configured event type's hosts name their connections in their sources.")
    config = event_types.config(context.table, ref) if context.table is not None else None
    if config is None:
        raise NotFound(f"Unknown event type {ref!r}.")
    public = event_type(ref, config)
    narrow(public.hosts, hosts)  # 400 for a name that is no host's
    # Groups decide a slot over every host, so every host is read whatever ``?hosts=`` narrows.
    parsed = configured.as_request(config, window.start, window.end, window.timezone)
    query = to_query(parsed, datetime.fromtimestamp(context.now(), UTC))
    start, end = window.buffered(public)
    read = await sources.busy(
        [sources.Sourced(h.id, h.source, h.timezone or config.timezone) for h in config.hosts], start, end, context
    )
    answers = []
    for shown, host in zip(public.hosts, config.hosts, strict=True):
        if host.id in read.failed:
            answers.append(HostAnswer(shown, error=read.failed[host.id]))
            continue
        hours = read.hours.get(host.id)
        if host.open_hours is not None or host.date_overrides is not None:
            hours = None  # the host's own hours win over its mailbox's
        answers.append(HostAnswer(shown, schedule=hours, busy=read.busy.get(host.id, [])))
    return KindAnswer(public, answers, None, query)
