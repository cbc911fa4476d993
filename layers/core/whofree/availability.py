"""POST /v1/availability as a function: JSON body in, JSON page out (API.md §2).

No I/O, no AWS: the API function wraps this with HTTP, logging and metrics.
"""

from __future__ import annotations

import json
import math
import operator
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate, chain, islice, repeat

import msgspec
from pydantic import ValidationError

from whofree import pagination
from whofree.engine import (
    REASONS,
    BusyColumns,
    Explanation,
    Group,
    Participant,
    Query,
    Result,
    Window,
    compute,
    explain,
    zones,
)
from whofree.errors import Detail, InvalidArgument
from whofree.instants import MAX_LENGTH as MAX_INSTANT_LENGTH
from whofree.instants import InstantParser, InvalidInstant, time_range
from whofree.instants import parse as parse_instant
from whofree.models import MAX_BUSY_PER_PARTICIPANT, WEEKDAYS, AvailabilityRequest
from whofree.models import Participant as ParticipantModel

# Lambda's response limit is 6 MB; API.md §1 keeps a page under 5 MB. The envelope (pagination,
# token) is small and bounded, so it is reserved up front.
PAGE_BYTES_LIMIT = 5_000_000
_ENVELOPE_RESERVE = 1_024


def parameter_path(loc: Sequence[str | int]) -> str:
    """("participants", 1, "open_hours", 0, "end") -> "participants[1].open_hours[0].end"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


_UNION_MEMBER = re.compile(r"int|str|float|bool|none|constrained-\w+|[\w-]+\[.*\]")


def validation_details(exc: ValidationError) -> list[Detail]:
    details = []
    for error in exc.errors(include_url=False, include_context=False, include_input=False):
        if error["type"] == "json_invalid":
            details.append(Detail("body", "The body is not valid JSON."))
            continue
        if error["type"] == "model_type" and not error["loc"]:
            details.append(Detail("body", "The body must be a JSON object."))
            continue
        # pydantic puts the member of a union it tried into loc (e.g. "literal['all']", "int"); drop it.
        loc = [p for p in error["loc"] if isinstance(p, int) or not _UNION_MEMBER.fullmatch(p)]
        details.append(Detail(parameter_path(loc), error["msg"]))
    # A union ("all" or k) fails once per member: say it once, with both expectations.
    merged: dict[str, list[str]] = {}
    for detail in details:
        merged.setdefault(detail.parameter, []).append(detail.message)
    return [
        Detail(
            parameter,
            " or ".join(m if i == 0 else m[:1].lower() + m[1:] for i, m in enumerate(dict.fromkeys(messages))),
        )
        for parameter, messages in merged.items()
    ]


BusyTexts = tuple[list, list]  # (start texts, end texts) of one participant's busy blocks


@dataclass(frozen=True, slots=True)
class Parsed:
    """A validated request, with each participant's busy blocks kept apart as two parallel lists
    of texts (None where the participant has no ``busy``). The texts become instants in to_query."""

    request: AvailabilityRequest
    busy: list[BusyTexts | None]


def _strict(body: str | bytes) -> AvailabilityRequest:
    try:
        return AvailabilityRequest.model_validate_json(body, strict=True)
    except ValidationError as exc:
        raise InvalidArgument(details=validation_details(exc)) from None


def _busy_texts(blocks: object) -> BusyTexts | bool | None:
    """A JSON busy list as (starts, ends), or False when it does not have BusyBlock's shape.

    C-level passes only (no Python code per block): for values that come from json.loads, len()
    == 2 together with both itemgetters succeeding means "an object with exactly these two keys".
    Whether each text is a valid instant is checked once per distinct text, by the instant parser.
    """
    if blocks is None:
        return None
    if type(blocks) is not list or len(blocks) > MAX_BUSY_PER_PARTICIPANT:
        return False
    if not blocks:
        return [], []
    try:
        if sum(map(len, blocks)) != 2 * len(blocks):  # every len() >= 2 once both keys are read below
            return False
        return list(map(_START, blocks)), list(map(_END, blocks))
    except (KeyError, TypeError, IndexError):  # not an object, or a key missing
        return False


class _Block(msgspec.Struct, forbid_unknown_fields=True):
    """BusyBlock's shape for the fast path: exactly these two keys, both JSON strings."""

    start_time: str
    end_time: str


_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_PEOPLE = msgspec.json.Decoder(list[dict[str, msgspec.Raw]])
_BLOCKS = msgspec.json.Decoder(list[_Block] | None)
_KEY = msgspec.json.Encoder().encode
_START_TEXTS, _END_TEXTS = operator.attrgetter("start_time"), operator.attrgetter("end_time")


def _object_json(fields: dict[str, msgspec.Raw]) -> bytes:
    """A JSON object again from its keys and the raw JSON of its values."""
    return b"{" + b",".join(_KEY(k) + b":" + bytes(v) for k, v in fields.items()) + b"}"


def _fast(body: str | bytes) -> tuple[bytes, list[BusyTexts | None]] | None:
    """The body's busy lists as texts and the rest of it as JSON, or None when in any doubt.

    msgspec decodes each busy list straight into two-field structs (unknown keys refused, both
    values JSON strings: "30" and 30 are not confused) without building a dict per block; the
    other values stay raw JSON for the model. Anything it refuses goes to the strict model.
    """
    try:
        data = _OBJECT.decode(body)
        people = data.get("participants")
        if people is None:
            return None
        people = _PEOPLE.decode(people)
        busy: list[BusyTexts | None] = []
        for person in people:
            raw = person.pop("busy", None)
            blocks = None if raw is None else _BLOCKS.decode(raw)
            if blocks is None:
                busy.append(None)
            elif len(blocks) > MAX_BUSY_PER_PARTICIPANT:
                return None
            else:
                busy.append((list(map(_START_TEXTS, blocks)), list(map(_END_TEXTS, blocks))))
    except (msgspec.DecodeError, RecursionError):  # DecodeError covers ValidationError
        return None
    data["participants"] = msgspec.Raw(b"[" + b",".join(map(_object_json, people)) + b"]")
    return _object_json(data), busy


def parse(body: str | bytes) -> Parsed:
    """Validate a POST /v1/availability body against AvailabilityRequest (strict JSON mode).

    Fast path: most of a large body is busy blocks, and pydantic would build and check 24 000 dicts
    one by one. So the busy lists are decoded apart by msgspec into two-field structs (_fast), and
    the small remainder goes through the model as JSON. Any doubt (a body msgspec refuses, an odd
    shape anywhere) takes the slow path: the whole raw body through the model, which decides and
    words the errors. Instants are checked in to_query on both paths alike.
    """
    fast = _fast(body)
    if fast is not None:
        skeleton, busy = fast
        return Parsed(_strict(skeleton), busy)
    request = _strict(body)
    return Parsed(request, [_busy_texts(p.busy) for p in request.participants])


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


_START, _END = operator.itemgetter("start_time"), operator.itemgetter("end_time")
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
    errors: list[Detail],
) -> Participant:
    tz = p.timezone or default_zone
    if p.timezone is not None:
        _check_zone(p.timezone, f"participants[{n}].timezone", errors)
    windows = None
    if p.open_hours is not None:
        windows = [
            Window(frozenset(_WEEKDAY_INDEX[d] for d in w.days), _minutes(w.start), _minutes(w.end))
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
    if blocks:
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
            for j in [j for j, (start, end) in enumerate(zip(starts, ends, strict=True)) if end <= start]:
                errors.append(Detail(f"participants[{n}].busy[{j}].end_time", "Must be after start_time."))
        busy = BusyColumns(starts, ends)  # no tuple per block: the engine reads the two lists
    return Participant(id=p.id, timezone=tz, open_hours=windows, date_overrides=overrides, busy=busy)


_UNREAD = object()
_DATE_HALF, _TIME_HALF = operator.itemgetter(slice(0, 10)), operator.itemgetter(slice(10, None))


def _whole_seconds(text: str) -> int | None:
    try:
        value = parse_instant(text)
    except InvalidInstant:
        return None
    return value if type(value) is int else None


def learn_by_halves(seen: dict[str, int | float], busy: Sequence[BusyTexts | None]) -> None:
    """Put the instant of every distinct busy text of a request into ``seen``, parsing halves.

    A request holds thousands of distinct timestamps (every quarter-hour of 28 days) but few
    distinct dates and few distinct times of day. A text is its date (10 characters) and its time
    with offset; with whole seconds its instant is instant(date + "T00:00:00Z") + instant("1970-01-01"
    + time), both read by whofree.instants itself, so the grammar stays in one place. Texts that do
    not split this way (a fraction of a second, anything invalid or odd) are left out: to_query then
    parses them whole and words their errors as before.
    """
    texts: set = set()
    for blocks in busy:
        if blocks:
            try:
                texts.update(blocks[0])
                texts.update(blocks[1])
            except TypeError:  # an unhashable value where a text belongs: checked per participant
                pass
    texts.difference_update(seen)
    if not texts:
        return
    # Usually every text is an ASCII string that splits cleanly: then all of it is C-level passes.
    if set(map(type, texts)) == {str} and max(map(len, texts)) <= MAX_INSTANT_LENGTH and "".join(texts).isascii():
        ordered = list(texts)
        date_texts, time_texts = list(map(_DATE_HALF, ordered)), list(map(_TIME_HALF, ordered))
        day_values = {d: _whole_seconds(d + "T00:00:00Z") for d in set(date_texts)}
        time_values = {t: _whole_seconds("1970-01-01" + t) for t in set(time_texts)}
        if None not in day_values.values() and None not in time_values.values():
            days = map(day_values.__getitem__, date_texts)
            seen.update(zip(ordered, map(operator.add, days, map(time_values.__getitem__, time_texts)), strict=True))
            return
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


def _instant_errors(block: dict, prefix: str) -> list[Detail]:
    errors = []
    for key in ("start_time", "end_time"):
        try:
            InstantParser()(block[key])
        except InvalidInstant as exc:
            errors.append(Detail(f"{prefix}.{key}" if prefix else key, str(exc)))
    return errors


def to_query(parsed: Parsed, now: datetime) -> Query:
    """Check the rules that span fields and build the engine's query; every violation at once."""
    req = parsed.request
    instant = InstantParser()
    learn_by_halves(instant.seen, parsed.busy)
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
        _participant(p, blocks, n, req.timezone, instant, errors)
        for n, (p, blocks) in enumerate(zip(req.participants, parsed.busy, strict=True))
    ]

    groups = None
    if req.groups is not None:
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


class _DayTexts(dict):
    """Day number (epoch seconds // 86 400) -> '"YYYY-MM-DDT', each made once (a page has few dates)."""

    def __missing__(self, day: int) -> str:
        text = self[day] = '"' + datetime.fromtimestamp(day * 86_400, UTC).isoformat()[:11]  # "0001-…"
        return text


class _TimeTexts(dict):
    """Second of the day -> 'HH:MM:SSZ"', each made once (a page has few times of day)."""

    def __missing__(self, second: int) -> str:
        hour, rest = divmod(second, 3600)
        text = self[second] = f'{hour:02d}:{rest // 60:02d}:{rest % 60:02d}Z"'
        return text


def quoted_instants(epochs: Sequence[int], days: _DayTexts, times: _TimeTexts) -> list[str]:
    """Whole epoch seconds -> JSON texts '"YYYY-MM-DDTHH:MM:SSZ"': per instant two dict lookups and
    one concatenation in C-level passes; only a new date or time of day runs Python code."""
    day_texts = map(days.__getitem__, map(operator.floordiv, epochs, repeat(86_400)))
    time_texts = map(times.__getitem__, map(operator.mod, epochs, repeat(86_400)))
    return list(map(operator.add, day_texts, time_texts))


_ASCII_BITS = bytes.maketrans(b"01", b"\x00\x01")


class _Labels:
    """Who is free at each grid index of ``page``, ready to be sized and written (see slot_labels).

    ``free[p]`` is participant p's bitset over the grid. Participants are taken eight at a time: each
    one's bitset is spread to one byte per grid index (bit i -> byte i, via its binary text) and
    shifted into its bit of the byte, so one int of ``grid_size`` bytes holds, per grid index, which
    of the eight are free. The bytes at the page's indices are picked with one itemgetter. Each group
    has a table of the 256 texts a byte can stand for (each id followed by a comma), built by
    doubling, and a table of their lengths. A slot's label text is its bytes looked up in the text
    tables and joined, last comma cut; its length is its bytes looked up in the length tables and
    summed, so a page can be cut at its byte budget before any label text is made. All in C-level
    passes: no Python code runs per slot.
    """

    __slots__ = ("columns", "lengths", "tables")

    def __init__(self, free: Sequence[int], grid_size: int, page: Sequence[int], names: Sequence[str]) -> None:
        self.columns: list[Sequence[int]] = []
        self.tables: list[list[str]] = []
        self.lengths: list[list[int]] = []
        if not page:
            return
        spread = f"0{grid_size}b"
        pick = operator.itemgetter(*page)
        for base in range(0, len(names), 8):
            group = 0
            for j, mask in enumerate(free[base : base + 8]):
                if mask:
                    group |= int.from_bytes(format(mask, spread)[::-1].encode().translate(_ASCII_BITS), "little") << j
            data = group.to_bytes(grid_size, "little")
            self.columns.append(pick(data) if len(page) > 1 else (data[page[0]],))
            table, lengths = [""], [0]
            for name in names[base : base + 8]:  # entry b + 2**j = entry b followed by member j
                table += list(map(operator.add, table, repeat(name + ",")))
                lengths += list(map(operator.add, lengths, repeat(len(name) + 1)))
            self.tables.append(table)
            self.lengths.append(lengths)

    def sizes(self, count: int) -> list[int]:
        """Per slot of ``page`` (all of it, or its first ``count``): the length of its labels with a
        trailing comma, i.e. the sum of (id text length + 1) over the participants free there."""
        total = [0] * count
        for column, lengths in zip(self.columns, self.lengths, strict=True):
            total = list(map(operator.add, total, map(lengths.__getitem__, islice(column, count))))
        return total

    def texts(self, count: int) -> list[str]:
        """The comma-joined JSON ids of the participants free at each of the first ``count`` slots."""
        if not self.columns:
            return []
        rows = islice(zip(*self.columns, strict=True), count)
        joined = map("".join, map(map, repeat(operator.getitem), repeat(self.tables), rows))
        return list(map(_ALL_BUT_LAST, joined))


def slot_labels(free: Sequence[int], grid_size: int, page: Sequence[int], names: Sequence[str]) -> list[str]:
    """For each grid index of ``page``, the comma-joined JSON ids of the participants free there."""
    return _Labels(free, grid_size, page, names).texts(len(page))


_ALL_BUT_LAST = operator.itemgetter(slice(None, -1))


def unavailable_column(query: Query, result: Result, page: Sequence[int], names: Sequence[str]) -> list[str]:
    """Only with explain: per slot of ``page``, the JSON list of who is not free and why (§2).

    ``names`` are the participants' ids as JSON texts, in request order. The answer is one more
    column for render_items, so the path without explain pays nothing for it.
    """
    return _unavailable_texts(explain(result.grid, query), page, names, {})


def _unavailable_texts(
    why: Explanation, page: Sequence[int], names: Sequence[str], entries: dict[tuple[int, str], str]
) -> list[str]:
    column = []
    for unavailable in why.unavailable(page):
        parts = []
        for entry in unavailable:
            text = entries.get(entry)
            if text is None:
                n, reason = entry
                text = entries[entry] = f'{{"id":{names[n]},"reason":"{reason}"}}'
            parts.append(text)
        column.append(f"[{','.join(parts)}]")
    return column


# Longest text an unavailable entry can add beyond its id: '{"id":' + ',"reason":"' + reason + '"}' + ','.
_ENTRY_EXTRA = len('{"id":,"reason":""},') + max(map(len, REASONS))


def _unavailable_within(
    query: Query, result: Result, page: Sequence[int], names: Sequence[str], sizes: list[int], budget: int
) -> list[str]:
    """The unavailable column for as much of ``page`` as fits in ``budget`` with it (``sizes``: each
    slot's bytes without it), made in chunks so that one chunk's text stays about ``budget`` at most
    (every participant not free in a slot may be in it); stops at the first chunk that passes the
    budget. A normal page is one chunk."""
    why = explain(result.grid, query)
    entries: dict[tuple[int, str], str] = {}
    widest = 2 + sum(map(len, names)) + _ENTRY_EXTRA * len(names)
    step = max(1, budget // widest)
    column: list[str] = []
    used = 0
    for start in range(0, len(page), step):
        chunk = _unavailable_texts(why, page[start : start + step], names, entries)
        column += chunk
        used += sum(sizes[start : start + len(chunk)]) + sum(map(len, chunk))
        if used > budget:
            break
    return column


@dataclass(frozen=True, slots=True)
class Page:
    body: str
    slots: int
    participants: int
    has_more: bool


def render_items(columns: Sequence[tuple[str, Sequence[str]]], budget: int) -> tuple[str, int]:
    """Slot objects from columns of ready JSON values, as many as fit in ``budget`` bytes.

    ``columns`` is one (field name, one JSON value text per slot) pair per field, in output order,
    e.g. ("start_time", ['"2030-03-04T13:00:00Z"', ...]). Column-wise on purpose: the whole page is
    one C-level join, and a field (say a per-slot list of reasons) is one more column. At least one
    slot is written even when it alone is over the budget. Returns the comma-joined objects and how
    many were written.
    """
    count = min(map(len, (values for _, values in columns))) if columns else 0
    if not count:
        return "", 0
    sizes = [_fixed_size([name for name, _ in columns])] * count
    for _, values in columns:
        sizes = list(map(operator.add, sizes, map(len, islice(values, count))))
    fit = _fit(sizes, budget)
    return _join_items(columns, fit), fit


def _fixed_size(fields: Sequence[str]) -> int:
    """An object's field names and punctuation, and the comma that follows it."""
    return sum(len(f',"{name}":') for name in fields) + 2


def _fit(sizes: Sequence[int], budget: int) -> int:
    """How many leading slots of these byte sizes fit in ``budget``; at least one when there is one."""
    return max(1, bisect_right(list(accumulate(sizes)), budget)) if sizes else 0


def _join_items(columns: Sequence[tuple[str, Sequence[str]]], fit: int) -> str:
    names = [f',"{name}":' for name, _ in columns]
    names[0] = "{" + names[0][1:]
    parts: list[Iterable[str]] = []
    for name, (_, values) in zip(names, columns, strict=True):
        parts += [repeat(name, fit), islice(values, fit)]
    parts.append(repeat("},", fit))
    return "".join(chain.from_iterable(zip(*parts, strict=True)))[:-1]


def request_digest(parsed: Parsed) -> bytes:
    # The page size (and explain, which changes no slot) may change from page to page; nothing else.
    skeleton = parsed.request.model_dump_json(exclude={"page_token", "count", "explain"})
    busy = json.dumps(parsed.busy, separators=(",", ":"))
    return pagination.request_digest(f"{skeleton}\n{busy}".encode())


def answer(parsed: Parsed, now: datetime) -> Page:
    req = parsed.request
    query = to_query(parsed, now)
    result = compute(query)
    grid, offered = result.grid, result.offered

    first = 0
    digest = None
    if req.page_token is not None:
        digest = request_digest(parsed)
        after = pagination.decode(req.page_token, digest)
        first = bisect_right([grid[i] for i in offered], after) if offered else 0
    page = offered[first : first + req.count]

    days, times = _DayTexts(), _TimeTexts()
    starts = list(map(grid.__getitem__, page))
    names = [json.dumps(p.id) for p in query.participants]
    columns: list[tuple[str, Sequence[str]]] = [
        ("start_time", quoted_instants(starts, days, times)),
        ("end_time", quoted_instants(list(map(query.duration.__add__, starts)), days, times)),
    ]
    # The page is cut at its byte budget before any per-slot list of ids is written: with long ids
    # and many participants, the texts for every slot of ``count`` would take gigabytes (§1: a page
    # may hold fewer than count items).
    budget = PAGE_BYTES_LIMIT - _ENVELOPE_RESERVE
    fields = ["start_time", "end_time", "available"] + (["unavailable"] if req.explain else [])
    labels = _Labels(result.free, len(grid), page, names)
    # The labels' size counts a comma after each id; '[' and ']' replace the last one (or are "[]"):
    # max(size + 1, 2), as a size is 0 or at least 3.
    available = map(max, map(operator.add, labels.sizes(len(page)), repeat(1)), repeat(2))
    fixed = repeat(_fixed_size(fields))
    instants = map(operator.add, map(operator.add, map(len, columns[0][1]), map(len, columns[1][1])), fixed)
    sizes = list(map(operator.add, instants, available))
    written = _fit(sizes, budget)
    columns.append(("available", list(map("[{}]".format, labels.texts(written)))))
    if req.explain:
        unavailable = _unavailable_within(query, result, page[:written], names, sizes, budget)
        columns.append(("unavailable", unavailable))
        sizes = list(map(operator.add, sizes, map(len, unavailable)))
        written = _fit(sizes[: len(unavailable)], budget)
    collection = _join_items(columns, written)

    has_more = first + written < len(offered)
    token = "null"  # noqa: S105 - JSON null, not a secret
    if has_more:
        if digest is None:
            digest = request_digest(parsed)
        token = json.dumps(pagination.encode(grid[page[written - 1]], digest))
    body = f'{{"collection":[{collection}],"pagination":{{"count":{written},"next_page_token":{token}}}}}'
    return Page(body=body, slots=written, participants=len(query.participants), has_more=has_more)
