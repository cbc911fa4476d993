"""POST /v1/availability/sequences (API.md §2b): several meetings back to back, from data in the request.

No I/O. The body is read as §2's (the busy lists apart, msgspec fast path, the model decides), every
participant becomes the engine's participant once, and each meeting is an engine query over its own
participants, groups, duration and buffers. The engine (``whofree.engine.sequences``) joins the
meetings' offered starts as bitsets; this module picks the page (count, page token, byte budget) and
writes it, following the smallest gaps only for the sequences the page serves.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from itertools import permutations

from pydantic import ValidationError

from whofree import pagination
from whofree.availability.details import validation_details
from whofree.availability.parsing import BusyTexts, fast_decoder, split_busy
from whofree.availability.query import _check_zone, _participant, learn_by_halves
from whofree.availability.render import _DayTexts, _TimeTexts
from whofree.engine import Group, Participant, Query, Result, explain, free_masks
from whofree.engine.sequences import (
    STEP,
    Frame,
    Track,
    after_text,
    first_tracks,
    paths,
    read_after,
    residue_anchor,
    sequences,
    upcoming,
)
from whofree.engine.slots import at_least, build_grid
from whofree.errors import Detail, InvalidArgument, invalid
from whofree.instants import InstantParser, time_range
from whofree.models import MAX_MEETINGS_ANY_ORDER, SequenceRequest

PAGE_BYTES_LIMIT = 5_000_000
_ENVELOPE_RESERVE = 1_024


@dataclass(frozen=True, slots=True)
class ParsedSequences:
    request: SequenceRequest
    busy: list[BusyTexts | None]


_DECODE = fast_decoder(SequenceRequest)


def _strict(body: str | bytes) -> SequenceRequest:
    try:
        return SequenceRequest.model_validate_json(body, strict=True)
    except ValidationError as exc:
        raise InvalidArgument(details=validation_details(exc)) from None


def _busy_lists(request: SequenceRequest) -> list[BusyTexts | None]:
    return [
        None if p.busy is None else ([b["start_time"] for b in p.busy], [b["end_time"] for b in p.busy])
        for p in request.participants
    ]


def parse(body: str | bytes) -> ParsedSequences:
    """The body against SequenceRequest (strict JSON): busy lists apart through msgspec when it can,
    else the whole body through the model, which decides and words the errors."""
    fast = split_busy(body, _DECODE)
    if fast is not None:
        skeleton, busy = fast
        try:
            return ParsedSequences(SequenceRequest.model_validate_json(skeleton, strict=True), busy)
        except ValidationError:
            pass
    request = _strict(body)
    return ParsedSequences(request, _busy_lists(request))


@dataclass(slots=True)
class Plan:
    """The checked request as the engine's pieces: one query per meeting (its participants in request
    order) and the first starts' grid."""

    meetings: list[Query]
    members: list[list[int]]  # per meeting, indices of its participants in the request
    ids: list[str]  # meeting ids
    grid: list[int]  # first starts: §2 rule 1 (range, notice, interval in the request's zone)
    start: int
    end: int
    gaps: tuple[int, int]  # steps of 5 minutes
    orders: list[tuple[int, ...]]
    # (meeting, residue) -> (grid, free masks per member, offered mask): made on first use
    tracks: dict[tuple[int, int], tuple[list[int], list[int], int]] = field(default_factory=dict)

    def track(self, meeting: int, residue: int) -> Track:
        """The meeting's offered starts on the 5-minute grid of ``residue`` (engine.sequences.Tracks)."""
        return Track(residue_anchor(self.start, residue), self._track(meeting, residue)[2])

    def _track(self, meeting: int, residue: int) -> tuple[list[int], list[int], int]:
        found = self.tracks.get((meeting, residue))
        if found is None:
            query = self.meetings[meeting]
            anchor = residue_anchor(self.start, residue)
            grid = list(range(anchor, self.end - query.duration + 1, STEP))
            masks = free_masks(grid, query) if grid else [0] * len(query.participants)
            full = (1 << len(grid)) - 1
            if query.groups is None:
                offered = at_least(masks, 1, full)
            else:
                offered = full
                for group in query.groups:
                    offered &= at_least([masks[i] for i in group.members], group.required, full)
            found = self.tracks[(meeting, residue)] = (grid, masks, offered)
        return found

    def labels(self, meeting: int, instants: list[int], reasons: bool) -> dict[int, tuple[list[int], list]]:
        """For each instant (a start of ``meeting``), the indices (in the meeting) of its free members
        and, with ``reasons``, the others with their reason."""
        out: dict[int, tuple[list[int], list]] = {}
        by_residue: dict[int, list[int]] = {}
        for t in sorted(set(instants)):
            by_residue.setdefault(t % STEP, []).append(t)
        query = self.meetings[meeting]
        for residue, times in by_residue.items():
            grid, masks, _ = self._track(meeting, residue)
            anchor = residue_anchor(self.start, residue)
            indices = [(t - anchor) // STEP for t in times]
            sets = Result(grid=grid, offered=[], free=masks).free_sets(indices)
            why = explain(grid, query).unavailable(indices) if reasons else [[] for _ in indices]
            for t, members, unavailable in zip(times, sets, why, strict=True):
                out[t] = ([n for n in range(len(masks)) if members >> n & 1], unavailable)
        return out


def _orders(count: int, order: str) -> list[tuple[int, ...]]:
    if order == "fixed":
        return [tuple(range(count))]
    return list(permutations(range(count)))  # lexicographic, the listed order first


def _meeting_groups(groups, index: dict[str, int], prefix: str, errors: list[Detail]) -> list[Group] | None:
    """A meeting's groups as indices into its own participants (``index``: id -> that index)."""
    if groups is None:
        return None
    out = []
    for g, group in enumerate(groups):
        members: list[int] = []
        for m, member in enumerate(group.members):
            where = f"{prefix}.groups[{g}].members[{m}]"
            if member not in index:
                errors.append(Detail(where, f"Not a participant of this meeting: {member!r}."))
            elif index[member] in members:
                errors.append(Detail(where, f"{member!r} is listed twice."))
            else:
                members.append(index[member])
        required = len(group.members) if group.required == "all" else group.required
        if required > len(group.members):
            errors.append(
                Detail(f"{prefix}.groups[{g}].required", f"At most the group's {len(group.members)} member(s).")
            )
        out.append(Group(members=members, required=required))
    return out


def plan(parsed: ParsedSequences, now: datetime) -> Plan:
    """Check the rules that span fields and build the engine's pieces; every violation at once (400)."""
    req = parsed.request
    instant = InstantParser()
    texts_in_order = learn_by_halves(instant.seen, parsed.busy)
    start, end, problems = time_range(req.start_time, req.end_time)
    errors = [Detail(parameter, message) for parameter, message in problems]
    _check_zone(req.timezone, "timezone", errors)
    index: dict[str, int] = {}
    for n, p in enumerate(req.participants):
        if p.id in index:
            errors.append(Detail(f"participants[{n}].id", f"Duplicate participant id {p.id!r}."))
        else:
            index[p.id] = n
    people: list[Participant] = [
        _participant(p, blocks, n, req.timezone, instant, texts_in_order, errors)
        for n, (p, blocks) in enumerate(zip(req.participants, parsed.busy, strict=True))
    ]
    if req.gap_minutes.min > req.gap_minutes.max:
        errors.append(Detail("gap_minutes.max", "Must be at least gap_minutes.min."))
    if req.order == "any" and len(req.meetings) > MAX_MEETINGS_ANY_ORDER:
        errors.append(Detail("meetings", f"At most {MAX_MEETINGS_ANY_ORDER} meetings with order any."))
    seen_ids: set[str] = set()
    members: list[list[int]] = []
    queries: list[Query] = []
    for k, meeting in enumerate(req.meetings):
        prefix = f"meetings[{k}]"
        if meeting.id in seen_ids:
            errors.append(Detail(f"{prefix}.id", f"Duplicate meeting id {meeting.id!r}."))
        seen_ids.add(meeting.id)
        chosen: list[int] = []
        if meeting.participants is None:
            chosen = list(range(len(people)))
        else:
            for m, pid in enumerate(meeting.participants):
                if pid not in index:
                    errors.append(Detail(f"{prefix}.participants[{m}]", f"Unknown participant id {pid!r}."))
                elif index[pid] in chosen:
                    errors.append(Detail(f"{prefix}.participants[{m}]", f"{pid!r} is listed twice."))
                else:
                    chosen.append(index[pid])
            chosen.sort()  # request order
        own = {req.participants[n].id: i for i, n in enumerate(chosen)}
        groups = _meeting_groups(meeting.groups, own, prefix, errors)
        members.append(chosen)
        queries.append(
            Query(
                start=0,
                end=0,
                duration=meeting.duration_minutes * 60,
                interval_minutes=5,
                timezone="UTC",
                participants=[people[n] for n in chosen],
                groups=groups,
                buffer_before=meeting.buffer_before_minutes * 60,
                buffer_after=meeting.buffer_after_minutes * 60,
            )
        )
    if errors:
        raise InvalidArgument(details=errors)
    lo, hi = math.ceil(start), math.floor(end)
    earliest = math.ceil(now.timestamp() + req.minimum_notice_minutes * 60)
    shortest = min(q.duration for q in queries)
    interval = req.interval_minutes
    grid = build_grid(Query(lo, hi, shortest, interval, req.timezone, [], earliest=earliest))
    return Plan(
        meetings=queries,
        members=members,
        ids=[m.id for m in req.meetings],
        grid=grid,
        start=lo,
        end=hi,
        gaps=(req.gap_minutes.min // 5, req.gap_minutes.max // 5),
        orders=_orders(len(queries), req.order),
    )


def frames(the_plan: Plan) -> list[Frame]:
    durations = [q.duration for q in the_plan.meetings]
    return sequences(first_tracks(the_plan.grid), the_plan.orders, durations, the_plan.gaps, the_plan.track)


# --- pages ---------------------------------------------------------------------------------------------


def request_digest(parsed: ParsedSequences) -> bytes:
    # The page size and explain may change from page to page; nothing else.
    skeleton = parsed.request.model_dump_json(exclude={"page_token", "count", "explain"})
    busy = json.dumps(parsed.busy, separators=(",", ":"))
    return pagination.request_digest(f"sequences\n{skeleton}\n{busy}".encode())


def decode_after(tokens: pagination.PageTokens, token: str, digest: bytes) -> tuple[int, int]:
    after = read_after(tokens.decode_text(token, digest))
    if after is None:
        raise invalid("page_token", "The page token is malformed.")
    return after


@dataclass(frozen=True, slots=True)
class Page:
    body: str
    sequences: int
    has_more: bool


def answer(parsed: ParsedSequences, now: datetime, tokens: pagination.PageTokens) -> Page:
    """The page of sequences ``parsed`` asks for at ``now``; its page token signed by ``tokens``."""
    req = parsed.request
    the_plan = plan(parsed, now)
    after = digest = None
    if req.page_token is not None:
        digest = request_digest(parsed)
        after = decode_after(tokens, req.page_token, digest)
    all_frames = frames(the_plan)
    items = upcoming(all_frames, after, req.count + 1)
    page = items[: req.count]
    texts = render(the_plan, all_frames, page, req.explain, [json.dumps(p.id) for p in req.participants])
    written = fit(texts, PAGE_BYTES_LIMIT - _ENVELOPE_RESERVE)
    has_more = written < len(items)
    token = "null"  # noqa: S105 - JSON null, not a secret
    if has_more:
        if digest is None:
            digest = request_digest(parsed)
        last = page[written - 1]
        token = json.dumps(tokens.encode_text(after_text(last[0], last[1]), digest))
    body = (
        f'{{"collection":[{",".join(texts[:written])}],"pagination":{{"count":{written},"next_page_token":{token}}}}}'
    )
    return Page(body, written, has_more)


def fit(texts: list[str], budget: int) -> int:
    """How many leading items of ``texts`` fit in ``budget`` bytes with their commas (at least one)."""
    written, size = 0, 0
    for text in texts:
        size += len(text.encode()) + 1
        if size > budget and written:
            break
        written += 1
    return written


def render(
    the_plan: Plan, all_frames: list[Frame], page: list[tuple[int, int, int]], reasons: bool, names: list[str]
) -> list[str]:
    """Each sequence of ``page`` as its JSON text (``names``: the participants' ids as JSON)."""
    placed = paths(all_frames, page)
    wanted: dict[int, list[int]] = {}  # meeting -> its starts on this page
    for path in placed:
        for meeting, t in path:
            wanted.setdefault(meeting, []).append(t)
    labels = {meeting: the_plan.labels(meeting, times, reasons) for meeting, times in wanted.items()}
    ids = [json.dumps(i) for i in the_plan.ids]
    days, times = _DayTexts(), _TimeTexts()

    def quoted(t: int) -> str:  # '"YYYY-MM-DDTHH:MM:SSZ"': a page has few dates and times of day
        return days[t // 86_400] + times[t % 86_400]

    out = []
    for path in placed:
        parts = []
        for meeting, t in path:
            free, why = labels[meeting][t]
            members = the_plan.members[meeting]
            end = t + the_plan.meetings[meeting].duration
            text = (
                f'{{"id":{ids[meeting]},"start_time":{quoted(t)},"end_time":{quoted(end)},'
                f'"available":[{",".join(names[members[i]] for i in free)}]'
            )
            if reasons:
                entries = ",".join(f'{{"id":{names[members[i]]},"reason":"{reason}"}}' for i, reason in why)
                text += f',"unavailable":[{entries}]'
            parts.append(text + "}")
        last, at = path[-1]
        end = at + the_plan.meetings[last].duration
        out.append(f'{{"start_time":{quoted(path[0][1])},"end_time":{quoted(end)},"meetings":[{",".join(parts)}]}}')
    return out
