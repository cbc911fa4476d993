"""RFC 3339 instants with an explicit offset (API.md §1), parsed to epoch seconds.

One parser for every instant of a request, so the top-level range and busy blocks accept exactly
the same texts. Calendars repeat the same few timestamps (meetings start on the hour or half hour),
so parsed values are memoised per request: 24 000 busy blocks cost a dict lookup each, not a parse.
"""

from __future__ import annotations

import re
import time
from datetime import datetime

_RFC3339 = re.compile(
    r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
)


MAX_LENGTH = 40
_EXPECTED = "Must be an RFC 3339 timestamp string with an offset, e.g. 2030-01-07T09:00:00Z."


class InvalidInstant(ValueError):
    pass


class InstantParser:
    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[str, float] = {}

    def __call__(self, text: str) -> int | float:
        """Epoch seconds: an int for whole seconds, else the exact float."""
        if type(text) is not str:
            raise InvalidInstant(_EXPECTED)
        value = self.seen.get(text)
        if value is None:
            value = self.seen[text] = parse(text)
        return value

    def learn(self, *texts: list[str]) -> None:
        """Parse every text not seen yet, so that ``seen[text]`` can be read in bulk."""
        seen = self.seen
        try:
            unseen = set().union(*texts).difference(seen)
        except TypeError:  # an unhashable value (a JSON list or object) where a text belongs
            raise InvalidInstant(_EXPECTED) from None
        for text in unseen:
            seen[text] = parse(text)


def parse(text: str) -> int | float:
    """Epoch seconds: an int for whole seconds (comparisons with the int grid stay fast), else a float."""
    if type(text) is not str or len(text) > MAX_LENGTH:
        raise InvalidInstant(_EXPECTED)
    if not _RFC3339.fullmatch(text):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?", text):
            raise InvalidInstant("A timestamp needs an explicit offset, e.g. 2030-01-07T09:00:00Z or -05:00.")
        raise InvalidInstant(_EXPECTED)
    normal = text.upper()
    if normal[17:19] == "60":  # a leap second is the last second of its minute
        normal = normal[:17] + "59" + normal[19:]
    try:
        moment = datetime.fromisoformat(normal)
    except ValueError:
        raise InvalidInstant("Not a real date and time (check the day of the month).") from None
    if moment.microsecond:
        return moment.timestamp()
    return int(moment.timestamp())


MAX_SPAN_DAYS = 92

# Python's dates end at years 1 and 9999, and answering a range works in local time a day or two
# around it (open hours from the day before, zone offsets, buffers, a hold's day of slots). So a range
# must keep three days from either end: every instant of the years 1 to 9999 still parses, and one
# too near the edge is a 400 naming its field, never a 500 ("year 10000 is out of range").
EARLIEST = -62_135_596_800 + 3 * 86_400  # 0001-01-04T00:00:00Z
LATEST = 253_402_300_800 - 3 * 86_400  # 9999-12-29T00:00:00Z


def parse_in_range(text: str, room: int = 0) -> int | float:
    """parse(), for an instant that bounds a computation: from EARLIEST to LATEST (less ``room`` seconds
    that the caller adds to it)."""
    value = parse(text)
    if not EARLIEST <= value <= LATEST - room:
        raise InvalidInstant(f"Must be from {iso(EARLIEST)} to {iso(LATEST - room)}.")
    return value


def iso(epoch: float) -> str:
    """Epoch seconds as a response instant (API.md §1): UTC, whole seconds, "Z"."""
    t = time.gmtime(epoch)  # not strftime: its %Y writes the year 1 as "1", not "0001"
    return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}Z"


def time_range(start_text: object, end_text: object) -> tuple[float, float, list[tuple[str, str]]]:
    """A request's [start_time, end_time): both instants, end after start, at most 92 days apart.

    Returns the two instants (0 where unreadable) and the problems as (parameter, message) pairs.
    """
    problems: list[tuple[str, str]] = []
    values = {}
    for name, text in (("start_time", start_text), ("end_time", end_text)):
        if text is None or text == "":
            problems.append((name, "Required."))
            continue
        try:
            values[name] = parse_in_range(text)  # type: ignore[arg-type]
        except InvalidInstant as exc:
            problems.append((name, str(exc)))
    start, end = values.get("start_time", 0.0), values.get("end_time", 0.0)
    if len(values) == 2:
        if end <= start:
            problems.append(("end_time", "Must be after start_time."))
        elif end - start > MAX_SPAN_DAYS * 86_400:
            problems.append(("end_time", f"The span from start_time to end_time is at most {MAX_SPAN_DAYS} days."))
    return start, end, problems
