"""Event types configured in whofree (API.md §3): the definition from the table, the slots from the
engine with §2's rules (groups, notice, buffers), each host's busy time from its ``source`` (a
Calendly user, a Nylas grant, Google, Microsoft, an ICS feed) on top of its inline ``busy``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from whofree import configured, sources
from whofree.availability import to_query
from whofree.data import event_types
from whofree.errors import NotFound
from whofree.models import EventTypeConfig
from whofree.providers.types import EventType, Host, Schedule
from whofree.times.types import Context, HostAnswer, KindAnswer, TimesRequest

name = "configured"


def matches(ref: str) -> bool:
    return True  # the last kind asked: any other event type is looked up in the table


def _public(host) -> Host:
    email = host.source.email if host.source is not None and host.source.provider == "nylas" else None
    uri = host.source.user if host.source is not None and host.source.provider == "calendly" else None
    return Host(id=host.id, name=host.name, email=email, uri=uri)


class Session:
    def __init__(self, table, request: TimesRequest, deadline: float, now: float) -> None:
        self.table = table
        self.request = request
        self.deadline = deadline
        self.now = now
        self.config: EventTypeConfig | None = None

    async def event_type(self) -> EventType:
        ref = self.request.event_type
        self.config = event_types.config(self.table, ref) if self.table is not None else None
        if self.config is None:
            raise NotFound(f"Unknown event type {ref!r}.")
        c = self.config
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
            # What a meeting needs (reservations): each group's members and "all" or k; None: §2's
            # default, one group of every host with required 1.
            extra={"groups": [(g.members, g.required) for g in c.groups] if c.groups is not None else None},
        )

    async def answer(self, event_type: EventType, hosts: list[Host], start: float, end: float) -> KindAnswer:
        # Groups decide a slot over every host, so every host is read whatever ``?hosts=`` narrows.
        config = self.config
        parsed = configured.as_request(config, self.request.start, self.request.end, self.request.timezone)
        query = to_query(parsed, datetime.fromtimestamp(self.now, UTC))
        mailbox_hours: dict[str, Schedule] = {}
        busy, failed = await sources.busy(
            [(h.id, h.source, h.timezone or config.timezone) for h in config.hosts],
            start,
            end,
            self.deadline,
            self.now,
            self.table,
            mailbox_hours,
        )
        answers = []
        for public, host in zip(event_type.hosts, config.hosts, strict=True):
            if host.id in failed:
                answers.append(HostAnswer(public, error=failed[host.id]))
                continue
            hours = mailbox_hours.get(host.id)
            if host.open_hours is not None or host.date_overrides is not None:
                hours = None  # the host's own hours win over its mailbox's
            answers.append(HostAnswer(public, schedule=hours, busy=busy.get(host.id, [])))
        return KindAnswer(event_type, answers, None, query)


@asynccontextmanager
async def session(request: TimesRequest, deadline: float, now: float, context: Context) -> AsyncIterator[Session]:
    yield Session(context.table, request, deadline, now)
