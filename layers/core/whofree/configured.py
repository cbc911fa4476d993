"""Configured event types (API.md §3): stored in DynamoDB, answered with §2's semantics.

A configured event type is §2's scheduling fields plus a name and hosts; each host's busy time is
its inline ``busy`` plus what its ``source`` says (a Calendly user's busy times, a Nylas grant's
free/busy) plus its holds. Validation uses the same models and cross-field rules as §2.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from datetime import UTC, datetime

from pydantic import ValidationError

from whofree import sources, store
from whofree.availability import Parsed, to_query, validation_details
from whofree.engine import Participant, compute, explain
from whofree.errors import Detail, InvalidArgument, NotFound, calendar_warnings
from whofree.event_types import Labelled, TimesRequest, why_not
from whofree.instants import iso
from whofree.models import AvailabilityRequest, EventTypeConfig, Scheduling
from whofree.providers.types import EventType, Host, ProviderSlot

PK = "EVENT_TYPE"
ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def check_id(event_type_id: str) -> str:
    if not ID.match(event_type_id):
        raise InvalidArgument(details=[Detail("id", "1 to 64 letters, digits, '-' or '_'.")])
    return event_type_id


def as_request(config: EventTypeConfig, start: float, end: float, timezone: str | None = None) -> Parsed:
    """The configured event type as a §2 request over [start, end): the same rules, the same code."""
    people = [h.model_dump(exclude={"source", "busy"}, exclude_none=True) for h in config.hosts]
    request = AvailabilityRequest.model_validate(
        {
            **config.model_dump(include=set(Scheduling.model_fields)),
            "timezone": timezone or config.timezone,
            "start_time": iso(start),
            "end_time": iso(end),
            "participants": people,
            "count": 10_000,
        }
    )
    busy = [
        ([b["start_time"] for b in h.busy], [b["end_time"] for b in h.busy]) if h.busy else None for h in config.hosts
    ]
    return Parsed(request, busy)


def parse(body: str) -> EventTypeConfig:
    """A PUT body, with §2's cross-field rules (unique ids, known group members, zones, ...)."""
    try:
        config = EventTypeConfig.model_validate_json(body or "", strict=True)
    except ValidationError as exc:
        raise InvalidArgument(details=validation_details(exc)) from None
    now = time.time()
    try:
        to_query(as_request(config, now, now + 86_400), datetime.fromtimestamp(now, UTC))
    except InvalidArgument as exc:
        raise InvalidArgument(
            details=[Detail(re.sub(r"^participants", "hosts", d.parameter), d.message) for d in exc.details]
        ) from None
    return config


# ---------------------------------------------------------------- storage


def _resource(item: dict) -> dict:
    return {
        "id": item["sk"],
        **json.loads(item["config"]),
        "created_at": item["created_at"],
        "updated_at": item["updated_at"],
    }


def put(table: store.Table, event_type_id: str, config: EventTypeConfig) -> tuple[dict, bool]:
    """Create or replace; returns the resource and whether it was created."""
    now = iso(time.time())
    existing = table.get(PK, event_type_id, consistent=True)
    item = {
        "pk": PK,
        "sk": event_type_id,
        "config": config.model_dump_json(exclude_none=True),
        "created_at": existing["created_at"] if existing else now,
        "updated_at": now,
    }
    table.put(item)
    # Answers cached for the old definition are wrong now.
    table.delete_partition(f"ANSWER#{event_type_id}")
    return _resource(item), existing is None


def get(table: store.Table, event_type_id: str) -> dict:
    item = table.get(PK, event_type_id)
    if item is None:
        raise NotFound(f"No event type {event_type_id!r}.")
    return _resource(item)


def delete(table: store.Table, event_type_id: str) -> None:
    try:
        table.delete(PK, event_type_id, condition="attribute_exists(pk)")
    except store.ConditionFailed:
        raise NotFound(f"No event type {event_type_id!r}.") from None
    table.delete_partition(f"ANSWER#{event_type_id}")


def page(table: store.Table, count: int, after: str | None) -> tuple[list[dict], str | None]:
    """Up to ``count`` event types in id order after ``after``; the last id when more may follow."""
    start_key = store.marshal({"pk": PK, "sk": after}) if after else None
    result = table.query(PK, limit=count, start_key=start_key)
    resources = [_resource(i) for i in result.items]
    return resources, (resources[-1]["id"] if result.last_key and resources else None)


# ---------------------------------------------------------------- answers


async def times(
    table: store.Table | None, request: TimesRequest, deadline: float, now: float | None = None
) -> Labelled:
    if table is None:
        raise NotFound(f"Unknown event type {request.event_type!r}.")
    item = table.get(PK, request.event_type) if ID.match(request.event_type) else None
    if item is None:
        raise NotFound(f"Unknown event type {request.event_type!r}.")
    config = EventTypeConfig.model_validate_json(item["config"])
    wanted = _narrow_ids(config, request.hosts)
    moment = time.time() if now is None else now
    parsed = as_request(config, request.start, request.end, request.timezone)
    query = to_query(parsed, datetime.fromtimestamp(moment, UTC))
    lead, lag = config.buffer_before_minutes * 60, config.buffer_after_minutes * 60
    mailbox_hours: dict = {}
    fetched, failed = await sources.busy(
        [(h.id, h.source, h.timezone or config.timezone) for h in config.hosts],
        request.start - lead,
        request.end + lag,
        deadline,
        now,
        table,
        mailbox_hours,
    )
    holds, holds_until = held(table, request.event_type, request.start - lead - 86_400, request.end + lag, moment)
    warnings = calendar_warnings(failed, len(config.hosts))
    participants = []
    for host, participant in zip(config.hosts, query.participants, strict=True):
        if host.id in failed:
            # Never label free a host whose calendar could not be read: no open time at all.
            participants.append(Participant(participant.id, participant.timezone, open_hours=[]))
            continue
        extra = fetched.get(host.id, []) + holds.get(host.id, [])
        updated = dataclasses.replace(participant, busy=list(participant.busy) + extra)
        hours = mailbox_hours.get(host.id)
        if hours is not None and host.open_hours is None and host.date_overrides is None:
            # No hours of its own: the mailbox's working hours, in the mailbox's zone.
            updated = dataclasses.replace(updated, timezone=hours.timezone, open_hours=hours.open_hours)
        participants.append(updated)
    result = compute(dataclasses.replace(query, participants=participants))
    event_type = EventType(
        ref=request.event_type,
        name=config.name,
        duration_minutes=config.duration_minutes,
        pooling=None,
        hosts=[_public(h) for h in config.hosts],
    )
    slots = []
    for index, free in zip(result.offered, result.free_sets(result.offered), strict=True):
        hosts = [event_type.hosts[n] for n in range(len(config.hosts)) if free >> n & 1]
        if wanted is not None:
            hosts = [h for h in hosts if h.id in wanted]
            if not hosts:
                continue
        slots.append((ProviderSlot(result.grid[index], 1), hosts))
    labelled = Labelled(event_type, slots, warnings, config.minimum_notice_minutes, holds_until)
    if request.explain:
        # Why not free: the same hosts, with a failed host's inline busy and hours kept (it is never
        # free, but what is known of it still gives a reason before "unknown").
        known = [
            dataclasses.replace(q, busy=list(q.busy) + holds.get(q.id, [])) if q.id in failed else p
            for q, p in zip(query.participants, participants, strict=True)
        ]
        explanation = explain(
            result.grid,
            dataclasses.replace(query, participants=known),
            [holds.get(h.id, []) for h in config.hosts],
            [n for n, h in enumerate(config.hosts) if h.id in failed],
        )
        labelled.unavailable = why_not(event_type.hosts, slots, explanation, wanted)
    return labelled


def _public(host) -> Host:
    email = host.source.email if host.source is not None and host.source.provider == "nylas" else None
    uri = host.source.user if host.source is not None and host.source.provider == "calendly" else None
    return Host(id=host.id, name=host.name, email=email, uri=uri)


def _narrow_ids(config: EventTypeConfig, wanted: tuple[str, ...] | None) -> set[str] | None:
    if wanted is None:
        return None
    known = {h.id for h in config.hosts}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise InvalidArgument(details=[Detail("hosts", f"Not a host of this event type: {', '.join(unknown)}.")])
    return set(wanted)


def held(
    table: store.Table, event_type_id: str, start: float, end: float, now: float
) -> tuple[dict[str, list], float | None]:
    """Live holds of an event type overlapping [start, end) as busy blocks per host id, and when the
    first of them expires (an answer computed with them is good until then)."""
    items = table.query_all(f"HOLDS#{event_type_id}", after=f"{int(start):012d}", until=f"{int(end):012d}~", now=now)
    out: dict[str, list] = {}
    for item in items:
        out.setdefault(item["host"], []).append((item["start"], item["end"]))
    return out, min((i["expires_at"] for i in items), default=None)
