"""POST /v1/free_busy: each participant's merged busy blocks, exactly as the engine sees them.

whofree's live holds on a participant (API.md §4) are part of its busy time. A participant whose
calendar cannot be read is in ``warnings`` only: an empty busy list would read
as "free all the time". When no calendar can be read, nothing can be answered (424).
"""

from __future__ import annotations

import asyncio
import json
import math

from pydantic import ValidationError

from whofree import connected, sources
from whofree.availability import validation_details
from whofree.context import Context
from whofree.data import holds
from whofree.engine import merge, zones
from whofree.errors import Detail, InvalidArgument, calendar_warnings
from whofree.instants import iso, time_range
from whofree.models import FreeBusyRequest


def parse(body: str) -> tuple[FreeBusyRequest, float, float]:
    try:
        request = FreeBusyRequest.model_validate_json(body or "", strict=True)
    except ValidationError as exc:
        raise InvalidArgument(details=validation_details(exc)) from None
    start, end, problems = time_range(request.start_time, request.end_time)
    errors = [Detail(parameter, message) for parameter, message in problems]
    seen: set[str] = set()
    for n, p in enumerate(request.participants):
        if p.id in seen:
            errors.append(Detail(f"participants[{n}].id", f"Duplicate participant id {p.id!r}."))
        seen.add(p.id)
        if (message := zones.problem(p.timezone)) is not None:
            errors.append(Detail(f"participants[{n}].timezone", message))
    if errors:
        raise InvalidArgument(details=errors)
    return request, start, end


def answer(body: str, context: Context) -> str:
    request, start, end = parse(body)
    # API.md §7: a connection a source names is the account's (404 otherwise), checked before any read.
    connected.check_sources(
        context, [(f"participants[{n}].source", p.source) for n, p in enumerate(request.participants)]
    )
    hosts = [sources.Sourced(p.id, p.source, p.timezone) for p in request.participants]
    read = asyncio.run(sources.busy(hosts, start, end, context))
    busy, failed = read.busy, read.failed
    table = context.table
    if table is not None:
        # whofree's own holds (API.md §4) are busy time too: [start - buffer before, end + buffer after).
        held, _ = holds.busy(holds.locks(table, [p.id for p in request.participants]), start, end, context.now())
        for host_id, blocks in held.items():
            if host_id not in failed:
                busy[host_id] = [*busy.get(host_id, []), *blocks]
    warnings = calendar_warnings(failed, len(hosts), who="participant")
    collection = [
        {
            "participant": p.id,
            "busy": [
                {"start_time": iso(math.floor(a)), "end_time": iso(math.ceil(b))}
                for a, b in merge(busy.get(p.id, []))
                if b > start and a < end
            ],
        }
        for p in request.participants
        if p.id not in failed
    ]
    return json.dumps({"collection": collection, "warnings": warnings}, separators=(",", ":"))
