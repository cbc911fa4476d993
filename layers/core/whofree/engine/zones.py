"""Which texts are IANA time zone names (API.md §1): the one check behind every zone whofree accepts.

``ZoneInfo(name)`` alone is not that check: it opens whatever file of the zone database the name
points at, so a folder (``"America"``) raises IsADirectoryError, and files that are no zone name
(``"localtime"``, ``"posixrules"``) load as zones. The names come from the list that ships with the
``tzdata`` package (a runtime dependency of the layer), read once per process (well under 1 ms).
"""

from __future__ import annotations

import os
from functools import cache
from zoneinfo import ZoneInfoNotFoundError

MAX_LENGTH = 64


class UnknownZone(ZoneInfoNotFoundError):
    """Not an IANA zone name. A ZoneInfoNotFoundError, so callers that caught that catch this too."""


@cache
def names() -> frozenset[str]:
    try:
        import tzdata

        with open(os.path.join(os.path.dirname(tzdata.__file__), "zones"), encoding="utf-8") as listing:
            return frozenset(listing.read().split())
    except (ImportError, OSError):  # no tzdata package: the system's database, minus its non-zones
        from zoneinfo import available_timezones

        return frozenset(available_timezones() - {"localtime", "posixrules", "posix", "right"})


def check(name: object) -> str:
    """``name`` when it is an IANA zone name, else UnknownZone."""
    if type(name) is not str or len(name) > MAX_LENGTH or name not in names():
        raise UnknownZone(f"Unknown time zone {str(name)[:MAX_LENGTH]!r}: use an IANA name such as America/New_York.")
    return name


def problem(name: object) -> str | None:
    """The message for a request whose zone is ``name``, or None when it is a zone."""
    try:
        check(name)
    except UnknownZone as exc:
        return exc.args[0]  # not str(exc): a KeyError's str() is the repr of its message
    return None
