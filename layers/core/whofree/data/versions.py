"""Change versions (docs/STORAGE.md): one per host and one per event type, in each account's scope
(the table the request context hands out is scoped to its account: ``Table.scoped``).

pk ``VERSION#<subject>`` (hashed past DynamoDB's partition key limit: ``table.fit``), sk
``VERSION``; the subject is ``host=<handle>`` or ``event_type=<id>``. Attributes: ``version`` (random,
new on every bump: an UpdateItem, so concurrent bumps never lose one), ``at`` (when, by the bumping
function's clock). A version item never expires: an answer that recorded a subject as never bumped
(``ABSENT``) must never see it absent again after a bump, whatever the cache TTLs are set to; the
items are one small item per host handle and event type ever changed.

What is cached from a host's calendar (answers, host data) records the versions read before the
calendar was read, and is current only while they are unchanged:

- A hit reads them in the same consistent BatchGetItem as the cached item (``keys``, ``from_items``).
- A store is conditioned on them (``checks``: ConditionChecks in the store's TransactWriteItems), so
  a computation that began before a bump is never stored as current.

A host is versioned under each handle a change may name it by: its host id (the key of its hold lock,
``data.holds``), which for provider event types is the email where the provider gives one, else
the user URI or username, and the provider keys its host data is cached under (a Calendly user URI,
a Nylas grant id). Who bumps which handles is ``whofree.invalidation.changed``.

Version items have no TTL (see above): an item that expired could make an older recorded
"absent" current again.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from whofree.data.table import MAX_PK_BYTES, Table, fit

SK = "VERSION"
ABSENT = ""  # the version of a subject never bumped


def fold(handle: str) -> str:
    """A handle as versions key it: an email address in lower case (providers and configurations
    differ in case: ``Alice@Example.com`` is ``alice@example.com``), anything else as it is."""
    return handle.lower() if "@" in handle and "://" not in handle else handle


def host(handle: str) -> str:
    """The subject of a host, by one of its handles."""
    return f"host={fold(handle)}"


def event_type(event_type_id: str) -> str:
    """The subject of an event type (configured or a provider's)."""
    return f"event_type={event_type_id}"


def _pk(subject: str) -> str:
    return fit("VERSION", subject, MAX_PK_BYTES, sep="#")


def keys(subjects: Iterable[str]) -> list[tuple[str, str]]:
    """The subjects' version keys, for a caller that reads them along with other items."""
    return [(_pk(s), SK) for s in dict.fromkeys(subjects)]


def from_items(subjects: Iterable[str], found: dict[tuple[str, str], dict]) -> dict[str, str]:
    """Each subject's version from items read by key (ABSENT for none)."""
    out = {}
    for s in dict.fromkeys(subjects):
        item = found.get((_pk(s), SK))
        out[s] = str(item["version"]) if item is not None else ABSENT
    return out


def read(table: Table, subjects: Iterable[str]) -> dict[str, str]:
    """Each subject's version now (one consistent BatchGetItem)."""
    wanted = list(dict.fromkeys(subjects))
    if not wanted:
        return {}
    return from_items(wanted, table.get_many(keys(wanted), consistent=True))


def unchanged_since(table: Table, subjects: Iterable[str], moment: float) -> dict[str, str] | None:
    """Each subject's version now, provided none was bumped at or after ``moment`` (so each is the
    version it had then); None when one was. For what was not known before a computation began (the
    hosts of a provider event type come with its first read): the caller leaves a margin for clocks."""
    wanted = list(dict.fromkeys(subjects))
    found = table.get_many(keys(wanted), consistent=True) if wanted else {}
    if any(float(item.get("at", moment)) >= moment for item in found.values()):
        return None
    return from_items(wanted, found)


def checks(seen: dict[str, str]) -> list[dict]:
    """Transaction ConditionChecks that pass only while every subject still has the version ``seen``."""
    out = []
    for subject, version in seen.items():
        key = (_pk(subject), SK)
        if version == ABSENT:
            out.append({"check": key, "condition": "attribute_not_exists(pk)"})
        else:
            out.append({"check": key, "condition": "version = :seen", "values": {":seen": version}})
    return out


def bump(table: Table, subjects: Iterable[str]) -> None:
    """Give each subject a new version: whatever was cached from it before is no longer current."""
    for s in dict.fromkeys(subjects):
        table.set(_pk(s), SK, {"version": secrets.token_hex(8), "at": table.clock()})
