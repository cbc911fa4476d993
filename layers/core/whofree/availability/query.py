"""A parsed request to the engine's query: instants read, rules that span fields checked.

Every violation is reported at once, each with its parameter path (API.md §1).
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Sequence
from datetime import datetime

from whofree.availability.parsing import BusyTexts, Parsed
from whofree.engine import BusyColumns, Group, Participant, Query, Window, zones
from whofree.errors import Detail, InvalidArgument
from whofree.instants import MAX_LENGTH as MAX_INSTANT_LENGTH
from whofree.instants import InstantParser, InvalidInstant, time_range
from whofree.instants import parse as parse_instant
from whofree.models import WEEKDAYS, AvailabilityRequest
from whofree.models import Participant as ParticipantModel


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


_WEEKDAY_INDEX = {name: i for i, name in enumerate(WEEKDAYS)}


def _check_zone(name: str, parameter: str, errors: list[Detail]) -> None:
    message = zones.problem(name)
    if message is not None:
        errors.append(Detail(parameter, message))


def _participant(
    p: ParticipantModel,
    blocks: BusyTexts | None,
    n: int,
    default_zone: str,
    instant: InstantParser,
    texts_in_order: bool,
    errors: list[Detail],
) -> Participant:
    tz = p.timezone or default_zone
    if p.timezone is not None:
        _check_zone(p.timezone, f"participants[{n}].timezone", errors)
    windows = None
    if p.open_hours is not None:
        windows = [
            Window(frozenset(map(_WEEKDAY_INDEX.__getitem__, w.days)), _minutes(w.start), _minutes(w.end))
            for w in p.open_hours
        ]
    overrides = None
    if p.date_overrides is not None:
        overrides = {}
        for j, o in enumerate(p.date_overrides):
            ordinal = o.date.toordinal()
            if ordinal in overrides:
                errors.append(Detail(f"participants[{n}].date_overrides[{j}].date", "Only one override per date."))
            overrides[ordinal] = [(_minutes(i.start), _minutes(i.end)) for i in o.intervals]
    busy: BusyColumns | list = []
    if blocks and texts_in_order:
        # Every text is read and texts compare as their instants: the engine takes the texts
        # themselves, with the request's one text -> instant mapping (BusyColumns.instants).
        start_texts, end_texts = blocks
        if not all(map(operator.lt, start_texts, end_texts)):
            _order_errors(instant.seen, start_texts, end_texts, n, errors)
        busy = BusyColumns(start_texts, end_texts, instant.seen)
    elif blocks:
        start_texts, end_texts = blocks
        # C-level loops: this is the part of a request that grows with its size. Texts already
        # parsed (most of them, after the first few participants) are plain dict lookups.
        seen = instant.seen.__getitem__
        try:
            starts = list(map(seen, start_texts))
            ends = list(map(seen, end_texts))
        except (KeyError, TypeError):
            try:
                instant.learn(start_texts, end_texts)
            except InvalidInstant:
                for j, (start, end) in enumerate(zip(start_texts, end_texts, strict=True)):
                    block = {"start_time": start, "end_time": end}
                    errors.extend(_instant_errors(block, f"participants[{n}].busy[{j}]"))
                return Participant(id=p.id, timezone=tz)
            starts = list(map(seen, start_texts))
            ends = list(map(seen, end_texts))
        if not all(map(operator.lt, starts, ends)):
            _order_errors(None, starts, ends, n, errors)
        busy = BusyColumns(starts, ends)  # no tuple per block: the engine reads the two lists
    return Participant(id=p.id, timezone=tz, open_hours=windows, date_overrides=overrides, busy=busy)


def _order_errors(instants: dict | None, starts: list, ends: list, n: int, errors: list[Detail]) -> None:
    """A detail for every block of participant ``n`` that does not end after it starts (``starts`` and
    ``ends``: instants, or keys of ``instants``)."""
    if instants is not None:
        starts, ends = list(map(instants.__getitem__, starts)), list(map(instants.__getitem__, ends))
    for j in [j for j, (start, end) in enumerate(zip(starts, ends, strict=True)) if end <= start]:
        errors.append(Detail(f"participants[{n}].busy[{j}].end_time", "Must be after start_time."))


_UNREAD = object()
# A time of day in UTC with whole seconds and no leap second: texts that all end this way compare
# (as strings) exactly as their instants do, since every other character is a fixed-width digit.
_UTC_TIME = re.compile(r"T[0-2]\d:[0-5]\d:[0-5]\dZ")
_DATE_HALF, _TIME_HALF = operator.itemgetter(slice(0, 10)), operator.itemgetter(slice(10, None))


def _whole_seconds(text: str) -> int | None:
    try:
        value = parse_instant(text)
    except InvalidInstant:
        return None
    return value if type(value) is int else None


def learn_by_halves(seen: dict[str, int | float], busy: Sequence[BusyTexts | None]) -> bool:
    """Put the instant of every distinct busy text of a request into ``seen``, parsing halves.

    A request holds thousands of distinct timestamps (every quarter-hour of 28 days) but few
    distinct dates and few distinct times of day. A text is its date (10 characters) and its time
    with offset; with whole seconds its instant is instant(date + "T00:00:00Z") + instant("1970-01-01"
    + time), both read by whofree.instants itself, so the grammar stays in one place. Texts that do
    not split this way (a fraction of a second, anything invalid or odd) are left out: to_query then
    parses them whole and words their errors as before.

    Returns True when every busy text is now in ``seen`` and each one read here ends in a UTC time of
    whole seconds ("...THH:MM:SSZ", no leap second): then, ``seen`` having started empty (as in
    to_query), the texts compare as their instants do.
    """
    texts: set = set()
    hashable = True
    for blocks in busy:
        if blocks:
            try:
                texts.update(blocks[0])
                texts.update(blocks[1])
            except TypeError:  # an unhashable value where a text belongs: checked per participant
                hashable = False
    texts.difference_update(seen)
    if not texts:
        return False
    # Usually every text is an ASCII string that splits cleanly: then all of it is C-level passes.
    if set(map(type, texts)) == {str} and max(map(len, texts)) <= MAX_INSTANT_LENGTH and "".join(texts).isascii():
        ordered = list(texts)
        date_texts, time_texts = list(map(_DATE_HALF, ordered)), list(map(_TIME_HALF, ordered))
        day_values = {d: _whole_seconds(d + "T00:00:00Z") for d in set(date_texts)}
        time_values = {t: _whole_seconds("1970-01-01" + t) for t in set(time_texts)}
        if None not in day_values.values() and None not in time_values.values():
            days = map(day_values.__getitem__, date_texts)
            seen.update(zip(ordered, map(operator.add, days, map(time_values.__getitem__, time_texts)), strict=True))
            return hashable and all(map(_UTC_TIME.fullmatch, time_values))
    dates: dict[str, object] = {}
    times: dict[str, object] = {}
    for text in texts:
        if type(text) is not str or len(text) > MAX_INSTANT_LENGTH or not text.isascii():
            continue
        date_text, time_text = text[:10], text[10:]
        date = dates.get(date_text, _UNREAD)
        if date is _UNREAD:
            date = dates[date_text] = _whole_seconds(date_text + "T00:00:00Z")
        if date is None:
            continue
        time = times.get(time_text, _UNREAD)
        if time is _UNREAD:
            time = times[time_text] = _whole_seconds("1970-01-01" + time_text)
        if time is not None:
            seen[text] = date + time
    return False


def _instant_errors(block: dict, prefix: str) -> list[Detail]:
    errors = []
    for key in ("start_time", "end_time"):
        try:
            InstantParser()(block[key])
        except InvalidInstant as exc:
            errors.append(Detail(f"{prefix}.{key}" if prefix else key, str(exc)))
    return errors


def _groups(req: AvailabilityRequest, index: dict[str, int], errors: list[Detail]) -> list[Group] | None:
    if req.groups is None:
        return None
    groups = []
    for g, group in enumerate(req.groups):
        members: list[int] = []
        for m, member in enumerate(group.members):
            if member not in index:
                errors.append(Detail(f"groups[{g}].members[{m}]", f"Unknown participant id {member!r}."))
            elif index[member] in members:
                errors.append(Detail(f"groups[{g}].members[{m}]", f"{member!r} is listed twice."))
            else:
                members.append(index[member])
        required = len(group.members) if group.required == "all" else group.required
        if required > len(group.members):
            errors.append(Detail(f"groups[{g}].required", f"At most the group's {len(group.members)} member(s)."))
        groups.append(Group(members=members, required=required))
    return groups


def to_query(parsed: Parsed, now: datetime) -> Query:
    """Check the rules that span fields and build the engine's query; every violation at once."""
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
    participants = [
        _participant(p, blocks, n, req.timezone, instant, texts_in_order, errors)
        for n, (p, blocks) in enumerate(zip(req.participants, parsed.busy, strict=True))
    ]
    groups = _groups(req, index, errors)

    if errors:
        raise InvalidArgument(details=errors)
    # §2 rule 1: s >= now + minimum_notice, so a slot in the past is never offered.
    earliest = math.ceil(now.timestamp() + req.minimum_notice_minutes * 60)
    return Query(
        start=math.ceil(start),
        end=math.floor(end),
        duration=req.duration_minutes * 60,
        interval_minutes=req.interval_minutes or req.duration_minutes,
        timezone=req.timezone,
        participants=participants,
        groups=groups,
        buffer_before=req.buffer_before_minutes * 60,
        buffer_after=req.buffer_after_minutes * 60,
        earliest=earliest,
    )
