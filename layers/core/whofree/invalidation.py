"""What makes cached answers stale: bumping change versions (``whofree.data.versions``).

- ``changed``: a provider says a host's calendar or an event type changed (a webhook delivery, a push
  notification). Not best effort: it is all such a call is for, so a store fault reaches the caller
  (a 503: the provider delivers again).
- ``drop_answers``: an event type was replaced or deleted. Best effort (API.md §1): the write is what
  the client asked for, and a bump that then fails must not turn it into an error. A failure is
  logged and counted (metric ``InvalidationFailures``); the stale answer lives at most
  WHOFREE_ANSWER_TTL seconds.

Which versions a change bumps (the rule ``versions`` documents): each handle it names (an email, a
Calendly user URI, a Cal.com username or user id, a Nylas grant or calendar id) as a host, since a
provider event type calls its hosts by the email, else the URI, username or user id its deliveries
carry, and host data is cached under the URI or grant; plus, for every configured host whose id or
``source`` names one of them, its id (a configured host is called by the id its event type gives it)
and every handle of its source (so that a booking named by a Cal.com username makes the host data
of that host's Nylas grant or Calendly user stale too).
Holds need none of this: a hold changes its hosts' lock versions, which answers record too.
"""

from __future__ import annotations

from collections.abc import Iterable

from whofree.data import answers, bookings, event_types, versions
from whofree.data.table import StoreError, Table
from whofree.observability import logger, metrics


def _handles(host) -> set[str]:
    """A configured host's id and every string its ``source`` names it by."""
    handles = {host.id}
    if host.source is not None:
        handles |= {v for v in host.source.model_dump().values() if isinstance(v, str)}
    return handles


def changed(table: Table, named: set[str], hosts: set[str], booked_at: float | None = None) -> list[str]:
    """Bump the named event types and hosts (and the configured hosts the handles name); the event
    types known to be stale by it (named, or configured with a named host). ``booked_at``: the change
    is a booking of those hosts, recorded (``data.bookings``) under every host handle bumped, before
    the bump, so that an answer whose assignment order did not count it is stale."""
    stale = set(named)
    handles = sorted(hosts)
    if hosts:
        named_hosts = {versions.fold(h) for h in hosts}
        for event_type_id, config in event_types.every(table):
            touched = [h for h in config.hosts if {versions.fold(x) for x in _handles(h)} & named_hosts]
            if touched:
                stale.add(event_type_id)
            handles += [handle for h in touched for handle in sorted(_handles(h))]
    if booked_at is not None and handles:
        bookings.record(table, handles, booked_at)
    subjects = [versions.event_type(e) for e in sorted(named)] + [versions.host(h) for h in handles]
    versions.bump(table, subjects)
    return sorted(stale)


def drop_answers(table: Table, event_types_changed: Iterable[str]) -> list[str]:
    """Make the cached answers of each event type stale (its version) and drop them; the ones that
    could not be."""
    failed = []
    for event_type in event_types_changed:
        try:
            versions.bump(table, [versions.event_type(event_type)])
            answers.drop(table, event_type)
        except StoreError as exc:
            failed.append(event_type)
            logger.warning("cached answers not dropped", extra={"event_type": event_type, "error": str(exc)})
            metrics.add_metric(name="InvalidationFailures", unit="Count", value=1)
    return failed
