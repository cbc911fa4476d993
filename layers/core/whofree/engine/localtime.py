"""Wall-clock time to instants: the one place where local times become epoch seconds.

Everything else in the engine works on integer epoch seconds (UTC), so DST rules live here only.

Two conversions exist because §2 of the contract asks for two different things:

* ``instant``: a wall-clock time to ONE instant by the "compatible" rule (an ambiguous time
  takes the earlier instant, a time in a DST gap moves forward by the gap). Used for open hours.
  Python's ``fold=0`` is exactly that rule (PEP 495): in a fold it picks the first occurrence, in a
  gap it applies the offset in force before the transition, which lands after the gap.
* ``grid_day``: ALL instants whose wall-clock time is on a grid of one day. A repeated wall time
  gives two instants, a wall time inside a gap gives none.

Most days have one UTC offset from midnight to midnight, so both conversions are arithmetic on a
per-day offset that is computed once per (zone, date). A day is treated as uniform when the offset
sampled at 00:00, 06:00, 12:00 and 18:00 (both folds) and at the next midnight agrees; only days
with a transition take the exact slow path. (Two transitions within six hours that cancel out
would slip through; no zone in the tz database has one.)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

DAY = 86_400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SAMPLE_HOURS = (0, 6, 12, 18)


def ordinal_midnight(ordinal: int) -> int:
    """Epoch seconds of 00:00 UTC on the proleptic Gregorian day ``ordinal``."""
    return (ordinal - _EPOCH_ORDINAL) * DAY


class LocalClock:
    """Converts wall-clock times of one IANA zone to epoch seconds, caching per-day offsets."""

    __slots__ = ("_offsets", "zone")

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        # ordinal -> the day's single UTC offset in seconds, or None when the day has a transition
        self._offsets: dict[int, int | None] = {}

    def _day_offset(self, ordinal: int) -> int | None:
        try:
            return self._offsets[ordinal]
        except KeyError:
            pass
        zone = self.zone
        d = date.fromordinal(ordinal)
        n = date.fromordinal(ordinal + 1)
        seen = set()
        for fold in (0, 1):
            for hour in _SAMPLE_HOURS:
                seen.add(datetime(d.year, d.month, d.day, hour, fold=fold, tzinfo=zone).utcoffset())
            seen.add(datetime(n.year, n.month, n.day, fold=fold, tzinfo=zone).utcoffset())
        offset = int(seen.pop().total_seconds()) if len(seen) == 1 else None
        self._offsets[ordinal] = offset
        return offset

    def instant(self, ordinal: int, minute: int) -> int:
        """Epoch seconds of wall time ``minute`` (0…1440) on day ``ordinal``, compatible rule.

        ``minute == 1440`` is the next day's midnight ("24:00").
        """
        if minute >= 1440:
            ordinal += minute // 1440
            minute %= 1440
        offset = self._day_offset(ordinal)
        if offset is not None:
            return ordinal_midnight(ordinal) + minute * 60 - offset
        d = date.fromordinal(ordinal)
        local = datetime(d.year, d.month, d.day, tzinfo=self.zone) + timedelta(minutes=minute)
        # ``+ timedelta`` keeps fold=0 and does wall-clock arithmetic, which is what we want here.
        return int(local.timestamp())

    def grid_day(self, ordinal: int, interval_minutes: int) -> list[int]:
        """Every instant whose wall time on day ``ordinal`` is a multiple of the interval, sorted."""
        step = interval_minutes * 60
        offset = self._day_offset(ordinal)
        if offset is not None:
            base = ordinal_midnight(ordinal) - offset
            return list(range(base, base + DAY, step))
        zone = self.zone
        d = date.fromordinal(ordinal)
        found: set[int] = set()
        for minute in range(0, 1440, interval_minutes):
            hour, mins = divmod(minute, 60)
            for fold in (0, 1):
                t = int(datetime(d.year, d.month, d.day, hour, mins, fold=fold, tzinfo=zone).timestamp())
                back = datetime.fromtimestamp(t, zone)
                # A wall time inside a gap converts to an instant whose wall time differs: no candidate.
                if back.day == d.day and back.hour == hour and back.minute == mins:
                    found.add(t)
        return sorted(found)

    def local_ordinal(self, epoch: int) -> int:
        """The calendar day (proleptic ordinal) that instant ``epoch`` falls on in this zone."""
        return datetime.fromtimestamp(epoch, self.zone).toordinal()
