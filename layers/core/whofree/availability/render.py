"""The engine's answer as JSON text: slot instants, who is free (bit-sliced labels), who is not and why,
cut at the page's byte budget. Writing only: no parsing, no paging decisions.
"""

from __future__ import annotations

import json
import operator
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from itertools import accumulate, chain, islice, repeat

from whofree.engine import REASONS, Explanation, Query, Result, explain


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
    of the eight are free. The bytes at the page's indices are picked with one itemgetter (or one slice). Each group
    has a table of the 256 texts a byte can stand for (each id followed by a comma), built by
    doubling, and a table of their lengths. A slot's label text is its bytes looked up in the text
    tables and joined, last comma cut; its length is its bytes looked up in the length tables and
    summed, so a page can be cut at its byte budget before any label text is made. All in C-level
    passes: no Python code runs per slot.
    """

    __slots__ = ("columns", "lengths", "names", "tables")

    def __init__(self, free: Sequence[int], grid_size: int, page: Sequence[int], names: Sequence[str]) -> None:
        self.columns: list[Sequence[int]] = []
        self.tables: list[list[str]] = []
        self.lengths: list[list[int]] = []
        self.names = names
        if not page:
            return
        spread = f"0{grid_size}b"
        if page[-1] - page[0] == len(page) - 1:  # consecutive indices (page ascends): one slice of the bytes
            pick = operator.itemgetter(slice(page[0], page[-1] + 1))
        else:
            pick = operator.itemgetter(*page)
        for base in range(0, len(names), 8):
            group = 0
            for j, mask in enumerate(free[base : base + 8]):
                if mask:
                    group |= int.from_bytes(format(mask, spread)[::-1].encode().translate(_ASCII_BITS), "little") << j
            data = group.to_bytes(grid_size, "little")
            self.columns.append(pick(data))
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

    def entries(self) -> list[Iterable[str]]:
        """Per group of eight, per slot of ``page``: its free ids each preceded by a comma (an empty
        text when none is free). Concatenated in group order, a slot's entries are its label list
        with one leading comma too many."""
        out = []
        for base, column in zip(range(0, len(self.names), 8), self.columns, strict=True):
            table = [""]
            for name in self.names[base : base + 8]:  # entry b + 2**j = entry b followed by member j
                table += list(map(operator.add, table, repeat("," + name)))
            out.append(map(table.__getitem__, column))
        return out

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


def collection(query: Query, result: Result, page: Sequence[int], with_reasons: bool, budget: int) -> tuple[str, int]:
    """The slot objects of ``page`` (grid indices of ``result``), comma-joined, as many as fit in
    ``budget`` bytes (at least one); with ``with_reasons``, each also lists who is not free and why.
    Returns the text and how many slots it holds."""
    if not page:
        return "", 0
    grid = result.grid
    starts = list(map(grid.__getitem__, page))
    names = [json.dumps(p.id) for p in query.participants]
    labels = _Labels(result.free, len(grid), page, names)
    if not with_reasons and len(page) * _widest_slot(names) <= budget:
        return _every_slot(starts, query.duration, labels), len(page)
    days, times = _DayTexts(), _TimeTexts()
    columns: list[tuple[str, Sequence[str]]] = [
        ("start_time", quoted_instants(starts, days, times)),
        ("end_time", quoted_instants(list(map(query.duration.__add__, starts)), days, times)),
    ]
    # The page is cut at its byte budget before any per-slot list of ids is written: with long ids
    # and many participants, the texts for every slot of ``count`` would take gigabytes (§1: a page
    # may hold fewer than count items).
    fields = [*_FIELDS, "unavailable"] if with_reasons else _FIELDS
    # The labels' size counts a comma after each id; '[' and ']' replace the last one (or are "[]"):
    # max(size + 1, 2), as a size is 0 or at least 3.
    available = map(max, map(operator.add, labels.sizes(len(page)), repeat(1)), repeat(2))
    fixed = repeat(_fixed_size(fields))
    instants = map(operator.add, map(operator.add, map(len, columns[0][1]), map(len, columns[1][1])), fixed)
    sizes = list(map(operator.add, instants, available))
    written = _fit(sizes, budget)
    columns.append(("available", list(map("[{}]".format, labels.texts(written)))))
    if with_reasons:
        unavailable = _unavailable_within(query, result, page[:written], names, sizes, budget)
        columns.append(("unavailable", unavailable))
        sizes = list(map(operator.add, sizes, map(len, unavailable)))
        written = _fit(sizes[: len(unavailable)], budget)
    return _join_items(columns, written), written


_FIELDS = ["start_time", "end_time", "available"]
_INSTANT_TEXT = len('"2030-01-07T09:00:00Z"')  # every instant of a page: whole seconds, years 0001-9999
_DAY = 86_400


def _widest_slot(names: Sequence[str]) -> int:
    """The most bytes a slot without reasons can take: every participant free in it."""
    return _fixed_size(_FIELDS) + 2 * _INSTANT_TEXT + sum(map(len, names)) + len(names) + 1


def _every_slot(starts: list[int], duration: int, labels: _Labels) -> str:
    """Every slot of a page known to fit its budget, without reasons: one join over the slots' pieces
    (date and time of day of both instants, the label entries of each group of eight), no per-slot
    text made apart. Each label list is written with a comma before every id, so the one before the
    first id is cut afterwards: '"available":[,' occurs nowhere else, as a quote right after
    'available' closes a JSON string and no id holds an unescaped quote."""
    days, times = _DayTexts(), _TimeTexts()
    ends = list(map(duration.__add__, starts))
    pieces = [
        repeat('{"start_time":'),
        map(days.__getitem__, map(operator.floordiv, starts, repeat(_DAY))),
        map(times.__getitem__, map(operator.mod, starts, repeat(_DAY))),
        repeat(',"end_time":'),
        map(days.__getitem__, map(operator.floordiv, ends, repeat(_DAY))),
        map(times.__getitem__, map(operator.mod, ends, repeat(_DAY))),
        repeat(',"available":['),
        *labels.entries(),
        repeat("]},"),
    ]
    # zip stops at the first piece that runs out (the first map): the repeats never end a slot early.
    text = "".join(chain.from_iterable(zip(*pieces, strict=False)))[:-1]
    return text.replace('"available":[,', '"available":[')
