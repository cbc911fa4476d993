"""POST /v1/free_busy: each participant's merged busy blocks, exactly as the engine sees them.

A participant whose calendar cannot be read is in ``warnings`` only: an empty busy list would read
as "free all the time". When no calendar can be read, nothing can be answered (424).
"""

from __future__ import annotations

import asyncio
import json
import math
import time

from pydantic import ValidationError

from whofree import sources, store
from whofree.availability import validation_details
from whofree.engine import merge
from whofree.errors import Detail, InvalidArgument
from whofree.event_types import ExternalCalendarError
from whofree.instants import InvalidInstant
from whofree.instants import parse as parse_instant
from whofree.models import MAX_SPAN_DAYS, FreeBusyRequest


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def parse(body: str) -> tuple[FreeBusyRequest, float, float]:
    try:
        request = FreeBusyRequest.model_validate_json(body or "", strict=True)
    except ValidationError as exc:
        raise InvalidArgument(details=validation_details(exc)) from None
    errors: list[Detail] = []
    instants = {}
    for name in ("start_time", "end_time"):
        try:
            instants[name] = parse_instant(getattr(request, name))
        except InvalidInstant as exc:
            errors.append(Detail(name, str(exc)))
    if len(instants) == 2:
        if instants["end_time"] <= instants["start_time"]:
            errors.append(Detail("end_time", "Must be after start_time."))
        elif instants["end_time"] - instants["start_time"] > MAX_SPAN_DAYS * 86_400:
            errors.append(Detail("end_time", f"The span from start_time to end_time is at most {MAX_SPAN_DAYS} days."))
    seen: set[str] = set()
    for n, p in enumerate(request.participants):
        if p.id in seen:
            errors.append(Detail(f"participants[{n}].id", f"Duplicate participant id {p.id!r}."))
        seen.add(p.id)
    if errors:
        raise InvalidArgument(details=errors)
    return request, instants["start_time"], instants["end_time"]


def answer(body: str, deadline: float) -> str:
    request, start, end = parse(body)
    hosts = [(p.id, p.source, p.timezone) for p in request.participants]
    busy, failed = asyncio.run(sources.busy(hosts, start, end, deadline, None, store.table()))
    if len(failed) == len(hosts):
        raise ExternalCalendarError(f"No participant's calendar could be read: {next(iter(failed.values()))}")
    collection = [
        {
            "participant": p.id,
            "busy": [
                {"start_time": _iso(math.floor(a)), "end_time": _iso(math.ceil(b))}
                for a, b in merge(busy.get(p.id, []))
                if b > start and a < end
            ],
        }
        for p in request.participants
        if p.id not in failed
    ]
    warnings = [{"participant": i, "title": "External Calendar Error", "message": m} for i, m in failed.items()]
    return json.dumps({"collection": collection, "warnings": warnings}, separators=(",", ":"))
