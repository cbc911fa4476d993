"""Configured event types (API.md §3): PUT, GET, DELETE and the list (stored by
whofree.data.event_types; answered by whofree.times.kinds.configured with §2's semantics).

A configured event type is §2's scheduling fields plus a name and hosts; each host's busy time is
its inline ``busy`` plus what its ``source`` says plus its holds. Validation uses the same models and
cross-field rules as §2.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

from pydantic import ValidationError

from whofree import connected
from whofree.availability import Parsed, to_query, validation_details
from whofree.context import Context
from whofree.data import event_types
from whofree.data.table import Table
from whofree.errors import Detail, InvalidArgument, NotFound, PayloadTooLarge
from whofree.instants import iso
from whofree.invalidation import drop_answers
from whofree.models import AvailabilityRequest, EventTypeConfig, Scheduling


def check_id(event_type_id: str) -> str:
    if not event_types.ID.match(event_type_id):
        raise InvalidArgument(details=[Detail("id", "1 to 64 letters, digits, '-' or '_'.")])
    return event_type_id


def as_request(config: EventTypeConfig, start: float, end: float, timezone: str | None = None) -> Parsed:
    """The configured event type as a §2 request over [start, end): the same rules, the same code."""
    people = [h.model_dump(exclude={"source", "busy", "priority", "weight"}, exclude_none=True) for h in config.hosts]
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
    size = event_types.stored_size(config)
    if size > event_types.MAX_CONFIG_BYTES:
        # DynamoDB holds at most 400 KB an item: refused at validation, never a 500 at the write.
        raise PayloadTooLarge(
            f"A configured event type is stored as at most {event_types.MAX_CONFIG_BYTES} bytes of JSON; "
            f"this one takes {size}.",
            details=[
                Detail(
                    "hosts",
                    "Too much inline data (busy blocks, hours): give long busy lists a `source` (an ICS feed, "
                    "a calendar) instead of inline `busy`.",
                )
            ],
        )
    return config


# ---------------------------------------------------------------- the routes


def check_connections(context: Context, config: EventTypeConfig) -> None:
    """Every connection a host's source names is the account's (404 otherwise) and of its provider (400)."""
    connected.check_sources(context, [(f"hosts[{n}].source", h.source) for n, h in enumerate(config.hosts)])


def put(table: Table, event_type_id: str, config: EventTypeConfig) -> tuple[dict, bool]:
    """Create or replace; the resource and whether it was created. Answers cached for the old
    definition are dropped (best effort: the write stands either way)."""
    resource, created = event_types.put(table, event_type_id, config, iso(time.time()))
    drop_answers(table, [event_type_id])
    return resource, created


def get(table: Table, event_type_id: str) -> dict:
    resource = event_types.get(table, event_type_id)
    if resource is None:
        raise NotFound(f"No event type {event_type_id!r}.")
    return resource


def delete(table: Table, event_type_id: str) -> list[str]:
    """Delete; the ids of the hosts it had (for the change event)."""
    config = event_types.config(table, event_type_id)
    if not event_types.delete(table, event_type_id):
        raise NotFound(f"No event type {event_type_id!r}.")
    drop_answers(table, [event_type_id])
    return [h.id for h in config.hosts] if config is not None else []


def page(table: Table, count: int, after: str | None) -> tuple[list[dict], str | None]:
    """Up to ``count`` event types in id order after ``after``; the last id when more may follow."""
    return event_types.page(table, count, after)
