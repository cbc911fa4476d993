"""GET /v1/event_type_sequences (API.md §2b over event types): each event type is one meeting.

Each event type is answered by the times service (``dispatch.times``: its own kind, hosts, notice,
holds, buffers and grid or provider slots), all of them at once; the answers are then joined by time
with the engine's sequences (``whofree.engine.sequences``): a meeting is offered at a start iff its
event type's answer offers that slot, and its hosts there are that slot's ``available_hosts``.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from itertools import permutations
from urllib.parse import urlencode

from whofree import pagination
from whofree.context import Context
from whofree.domain import Host
from whofree.engine import zones
from whofree.engine.sequences import (
    Frame,
    Track,
    after_text,
    first_tracks,
    frame,
    paths,
    read_after,
    track_of,
    upcoming,
)
from whofree.errors import Detail, InvalidArgument, invalid
from whofree.instants import iso, time_range
from whofree.models import MAX_MEETINGS, MAX_MEETINGS_ANY_ORDER
from whofree.params import whole_number
from whofree.times import dispatch
from whofree.times.types import Labelled, TimesRequest

PAGE_BYTES_LIMIT = 5_000_000
ROUTE = "/v1/event_type_sequences"
PARAMETERS = {
    "event_types",
    "start_time",
    "end_time",
    "timezone",
    "order",
    "gap_min_minutes",
    "gap_max_minutes",
    "count",
    "page_token",
}


@dataclass(frozen=True)
class SequencesRequest:
    event_types: tuple[str, ...]
    start: int
    end: int
    timezone: str | None
    order: str
    gaps: tuple[int, int]  # minutes
    count: int
    page_token: str | None

    def digest(self) -> bytes:
        bound = ["event_type_sequences", self.event_types, self.start, self.end, self.timezone, self.order, self.gaps]
        return pagination.request_digest(json.dumps(bound).encode())


def _gap(query: dict[str, str], name: str, default: int, errors: list[Detail]) -> int:
    value = whole_number(query, name, default, 0, 240, errors)
    if value % 5:
        errors.append(Detail(name, "A multiple of 5."))
    return value


def read_request(query: dict[str, str]) -> SequencesRequest:
    """Query string parameters to a request; every problem reported at once (400)."""
    errors = [Detail(name, "Unknown query parameter.") for name in sorted(set(query) - PARAMETERS)]
    named = tuple(e.strip() for e in query.get("event_types", "").split(",") if e.strip())
    if len(named) < 2 or len(named) > MAX_MEETINGS:
        errors.append(Detail("event_types", f"From 2 to {MAX_MEETINGS} event types, separated by commas."))
    elif len(set(named)) != len(named):
        errors.append(Detail("event_types", "Each event type at most once."))
    start, end, problems = time_range(query.get("start_time"), query.get("end_time"))
    errors += [Detail(parameter, message) for parameter, message in problems]
    timezone = query.get("timezone") or None
    if timezone is not None and (message := zones.problem(timezone)) is not None:
        errors.append(Detail("timezone", message))
    order = query.get("order", "fixed")
    if order not in ("fixed", "any"):
        errors.append(Detail("order", "fixed or any."))
    elif order == "any" and len(named) > MAX_MEETINGS_ANY_ORDER:
        errors.append(Detail("event_types", f"At most {MAX_MEETINGS_ANY_ORDER} event types with order any."))
    low = _gap(query, "gap_min_minutes", 0, errors)
    high = _gap(query, "gap_max_minutes", low, errors)
    if high < low:
        errors.append(Detail("gap_max_minutes", "Must be at least gap_min_minutes."))
    count = whole_number(query, "count", 1000, 1, 10_000, errors)
    if errors:
        raise InvalidArgument(details=errors)
    return SequencesRequest(
        event_types=named,
        start=int(start // 1),
        end=int(-(-end // 1)),
        timezone=timezone,
        order=order,
        gaps=(low, high),
        count=count,
        page_token=query.get("page_token"),
    )


@dataclass(frozen=True)
class Page:
    body: str
    sequences: int
    warnings: int


async def _answers(request: SequencesRequest, context: Context) -> list[Labelled]:
    asked = [
        TimesRequest(ref, request.start, request.end, request.timezone, count=10_000) for ref in request.event_types
    ]
    return list(await asyncio.gather(*(dispatch.times(one, context) for one in asked)))


def _frames(request: SequencesRequest, answers: list[Labelled]) -> list[Frame]:
    durations = [a.event_type.duration_minutes * 60 for a in answers]
    starts = [sorted({slot.start for slot, _ in a.slots}) for a in answers]
    made: dict[tuple[int, int], Track] = {}

    def tracks(meeting: int, residue: int) -> Track:
        if (meeting, residue) not in made:
            made[(meeting, residue)] = track_of(starts[meeting], request.start, residue)
        return made[(meeting, residue)]

    count = len(answers)
    orders = [tuple(range(count))] if request.order == "fixed" else list(permutations(range(count)))
    gaps = (request.gaps[0] // 5, request.gaps[1] // 5)
    return [
        frame(order, rank, first, durations, gaps, tracks)
        for rank, order in enumerate(orders)
        for first in first_tracks(starts[order[0]])
    ]


def _warnings(answers: list[Labelled]) -> list[dict]:
    out: list[dict] = []
    for a in answers:
        out += [w for w in a.warnings if w not in out]
    return out


def answer(request: SequencesRequest, context: Context, base_url: str | None) -> Page:
    """The page asked for: every event type answered afresh by the times service, then joined."""
    answers = asyncio.run(_answers(request, context))
    all_frames = _frames(request, answers)
    after = None
    if request.page_token is not None:
        after = read_after(pagination.tokens(context.runtime).decode_text(request.page_token, request.digest()))
        if after is None:
            raise invalid("page_token", "The page token is malformed.")
    items = upcoming(all_frames, after, request.count + 1)
    page = items[: request.count]
    hosts: list[dict[int, list[Host]]] = [{slot.start: free for slot, free in a.slots} for a in answers]
    durations = [a.event_type.duration_minutes * 60 for a in answers]
    texts = []
    size = 0
    for path in paths(all_frames, page):
        parts = [
            json.dumps(
                {
                    "id": request.event_types[meeting],
                    "start_time": iso(t),
                    "end_time": iso(t + durations[meeting]),
                    "available_hosts": [h.public() for h in hosts[meeting][t]],
                },
                separators=(",", ":"),
            )
            for meeting, t in path
        ]
        last, at = path[-1]
        text = (
            f'{{"start_time":"{iso(path[0][1])}","end_time":"{iso(at + durations[last])}",'
            f'"meetings":[{",".join(parts)}]}}'
        )
        size += len(text) + 1
        if size > PAGE_BYTES_LIMIT - 4096 and texts:
            break
        texts.append(text)
    more = len(texts) < len(items)
    token = next_page = None
    if more:
        last_item = page[len(texts) - 1]
        token = pagination.tokens(context.runtime).encode_text(after_text(last_item[0], last_item[1]), request.digest())
        if base_url:
            next_page = f"{base_url}{ROUTE}?{urlencode(_next_params(request, token))}"
    envelope = {"count": len(texts), "next_page_token": token, "next_page": next_page}
    body = f'{{"collection":[{",".join(texts)}],"pagination":{json.dumps(envelope, separators=(",", ":"))}'
    warnings = _warnings(answers)
    if warnings:
        body += f',"warnings":{json.dumps(warnings, separators=(",", ":"))}'
    return Page(body + "}", len(texts), len(warnings))


def _next_params(request: SequencesRequest, token: str) -> dict[str, str]:
    params = {
        "event_types": ",".join(request.event_types),
        "start_time": iso(request.start),
        "end_time": iso(request.end),
    }
    if request.timezone:
        params["timezone"] = request.timezone
    params |= {
        "order": request.order,
        "gap_min_minutes": str(request.gaps[0]),
        "gap_max_minutes": str(request.gaps[1]),
        "count": str(request.count),
        "page_token": token,
    }
    return params
