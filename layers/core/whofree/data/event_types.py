"""Configured event types (API.md §3, docs/STORAGE.md): pk ``EVENT_TYPE``, sk the id (1 to 64
letters, digits, '-' or '_'), the definition as JSON in ``config``, and its timestamps."""

from __future__ import annotations

import json
import re

from whofree.data.table import ConditionFailed, Table, marshal
from whofree.models import EVENT_TYPE_ID_PATTERN, EventTypeConfig

PK = "EVENT_TYPE"
ID = re.compile(EVENT_TYPE_ID_PATTERN)
# One item holds a definition (DynamoDB: 400 KB an item, names and timestamps included): its JSON
# may be this long. Checked when a PUT is validated (whofree.configured.parse), so never a 500.
MAX_CONFIG_BYTES = 380_000


def stored_size(config: EventTypeConfig) -> int:
    """The bytes the definition takes in its item."""
    return len(config.model_dump_json(exclude_none=True).encode())


def _resource(item: dict) -> dict:
    return {
        "id": item["sk"],
        **json.loads(item["config"]),
        "created_at": item["created_at"],
        "updated_at": item["updated_at"],
    }


def put(table: Table, event_type_id: str, config: EventTypeConfig, now: str) -> tuple[dict, bool]:
    """Create or replace (``now``: the response instant); the resource and whether it was created."""
    if stored_size(config) > MAX_CONFIG_BYTES:
        raise ValueError("definition over MAX_CONFIG_BYTES: whofree.configured.parse refuses it first")
    existing = table.get(PK, event_type_id, consistent=True)
    item = {
        "pk": PK,
        "sk": event_type_id,
        "config": config.model_dump_json(exclude_none=True),
        "created_at": existing["created_at"] if existing else now,
        "updated_at": now,
    }
    table.put(item)
    return _resource(item), existing is None


def get(table: Table, event_type_id: str) -> dict | None:
    """The resource, or None (also for an id that cannot be one). Read consistently: right after a PUT
    or DELETE, the definition is the one written."""
    item = table.get(PK, event_type_id, consistent=True) if ID.fullmatch(event_type_id) else None
    return _resource(item) if item is not None else None


def config(table: Table, event_type_id: str) -> EventTypeConfig | None:
    """The definition, read consistently: a computation that began after a PUT or DELETE bumped the
    event type's version must not read the definition from before it, and store it as current."""
    item = table.get(PK, event_type_id, consistent=True) if ID.fullmatch(event_type_id) else None
    return EventTypeConfig.model_validate_json(item["config"]) if item is not None else None


def delete(table: Table, event_type_id: str) -> bool:
    """Whether there was one to delete."""
    try:
        table.delete(PK, event_type_id, condition="attribute_exists(pk)")
    except ConditionFailed:
        return False
    return True


def page(table: Table, count: int, after: str | None) -> tuple[list[dict], str | None]:
    """Up to ``count`` event types in id order after ``after``; the last id when more may follow."""
    start_key = marshal({"pk": PK, "sk": after}) if after else None
    result = table.query(PK, limit=count, start_key=start_key)
    resources = [_resource(i) for i in result.items]
    return resources, (resources[-1]["id"] if result.last_key and resources else None)


def every(table: Table) -> list[tuple[str, EventTypeConfig]]:
    """Every configured event type (webhooks look for the hosts a booking names), read consistently:
    a delivery right after a PUT must find the hosts that PUT added, to bump them."""
    items = table.query_all(PK, consistent=True)
    return [(i["sk"], EventTypeConfig.model_validate_json(i["config"])) for i in items]
