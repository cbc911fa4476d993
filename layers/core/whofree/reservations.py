"""Holds (API.md §4): a hold reserves one meeting: every host that meeting needs, for one slot, until
it is booked, deleted or expires.

- **Which hosts.** The meeting's needs (``needs``): for a configured event type each group (every
  member of a ``required: "all"`` group, ``k`` of a ``required: k`` group; without groups §2's rule,
  one group of all hosts with ``required: 1``); for a provider event type one host (round robin, or
  no pooling), plus Cal.com's fixed ("mandatory") hosts, or every host (collective). Named hosts are
  taken first (all of them), then each need is completed with free hosts in the event type's
  assignment order (API.md §3, ``times.order``: the order the answer of that slot lists them in). A host counts for every group it is in. Naming more of a need's
  members than it takes is a 409; an optional host (in no group) may be named and is held along.
- **Free** means labelled free in that slot by the dispatcher (the same answer a client sees, holds
  included), and no live hold overlapping the meeting, buffers included, in its lock as read just
  before the transaction.
- **Atomic.** whofree.data.holds writes the hold and every host's lock in one transaction whose
  conditions make a host's holds non-overlapping. A lost race (another hold committed on one of the
  hosts since its lock was read) is read again and decided again, a few times; an overlap then is 409.

Cached answers need no drop: each records the lock versions of its hosts and is used only while they
are unchanged (whofree.times.cache).

- **At the provider.** Once the hold is granted, a Cal.com event type's slot is also reserved at
  Cal.com for as long as the hold lasts, and released when the hold is deleted
  (``whofree.provider_holds``); the resource says so in ``provider_reservation``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
from dataclasses import dataclass

from pydantic import ValidationError

from whofree import provider_holds, subscriptions
from whofree.availability import validation_details
from whofree.context import Context
from whofree.data import holds
from whofree.data.table import StoreUnavailable, required_table
from whofree.domain import EventType
from whofree.errors import Conflict, Detail, InvalidArgument, NotFound
from whofree.instants import InvalidInstant, iso, parse_in_range
from whofree.models import ReservationRequest
from whofree.times.dispatch import times
from whofree.times.types import TimesRequest, find_hosts

ATTEMPTS = 8  # lost races before giving up with 409 (each one means another hold just committed)


@dataclass(frozen=True)
class Need:
    members: list[str]  # host ids
    count: int  # how many of them the meeting needs


def parse(body: str) -> ReservationRequest:
    try:
        request = ReservationRequest.model_validate_json(body or "", strict=True)
    except ValidationError as exc:
        raise InvalidArgument(details=validation_details(exc)) from None
    if request.host is not None and request.hosts is not None:
        raise InvalidArgument(details=[Detail("host", "Give `hosts` or its shorthand `host`, not both.")])
    named = request.named()
    if len(set(named)) != len(named):
        raise InvalidArgument(details=[Detail("hosts", "Each host at most once.")])
    return request


def needs(event_type: EventType) -> list[Need]:
    """What the meeting needs, "all" needs first (they are not a choice)."""
    ids = [h.id for h in event_type.hosts]
    if event_type.groups is not None:
        out = [Need(list(g.members), len(g.members) if g.required == "all" else g.required) for g in event_type.groups]
    elif event_type.pooling in (None, "round_robin"):
        # Configured without groups (§2: one group of everyone, required 1); one host; round robin.
        fixed = [h.id for h in event_type.hosts if h.key and h.key in event_type.mandatory]
        rest = [i for i in ids if i not in fixed]
        out = [Need(fixed, len(fixed))] if fixed else []
        out += [Need(rest, 1)] if rest else []
    else:  # collective: every host
        out = [Need(ids, len(ids))]
    return sorted(out, key=lambda n: n.count < len(n.members))


def choose(
    event_type: EventType,
    named: list[str],
    free: list[str],
    seen: dict[str, holds.Lock],
    interval,
    now: float,
    rank: dict[str, int] | None = None,
) -> list[str]:
    """The hosts of the meeting, in the event type's order; Conflict when it cannot be made. ``rank``:
    each host's place in the assignment order (None: the event type's order)."""
    order = {h.id: n for n, h in enumerate(event_type.hosts)}
    rank = rank if rank is not None else order
    meeting = needs(event_type)
    _check_named(meeting, named)
    start, end = interval
    clear = [h for h in free if not seen[h].overlapping(start, end, now)]
    taken = [h for h in named if h not in clear]
    if taken:
        raise Conflict(f"Not free in that slot (busy or held): {', '.join(taken)}.")
    chosen = list(named)
    for need in meeting:
        missing = need.count - sum(1 for h in need.members if h in chosen)
        if missing <= 0:
            continue
        pool = sorted(
            (h for h in need.members if h in clear and h not in chosen),
            key=lambda h: (rank.get(h, len(rank)), order[h]),
        )
        if len(pool) < missing:
            how_many = "all" if need.count == len(need.members) else str(need.count)
            raise Conflict(
                f"That slot cannot be held: the meeting needs {how_many} of {', '.join(need.members)}, "
                "and not enough of them are free."
            )
        chosen += pool[:missing]
    if not chosen:
        raise Conflict("No host is free in that slot.")
    if len(chosen) > holds.MAX_HOSTS:
        raise Conflict(f"A hold takes at most {holds.MAX_HOSTS} hosts (one DynamoDB transaction).")
    return sorted(chosen, key=lambda h: order[h])


def _check_named(meeting: list[Need], named: list[str]) -> None:
    """Conflict when the named hosts are more than the meeting takes: more named members of a need
    than it takes (two hosts of a round robin, which takes one). Holding them all would reserve more
    than one meeting's hosts, and which to drop is the client's choice, not ours. A configured event
    type's optional host (in no group) may be named: it is held along, as no need counts it."""
    for need in meeting:
        mine = [h for h in named if h in need.members]
        if len(mine) > need.count:
            raise Conflict(
                f"The meeting takes {need.count} of {', '.join(need.members)}, and {len(mine)} are named: "
                f"{', '.join(mine)}."
            )


def _resolve(event_type: EventType, named: list[str]) -> list[str]:
    """Named hosts (by id, email, URI or the provider's key) to host ids; Conflict for a stranger."""
    found, strangers = find_hosts(event_type.hosts, named)
    if strangers:
        raise Conflict(f"Not a host of this event type: {', '.join(strangers)}.")
    return [h.id for h in found]


def create(request: ReservationRequest, context: Context) -> dict:
    """Hold the meeting ``request`` asks for, in the context's table (one transaction)."""
    moment = context.now()
    try:
        start = parse_in_range(request.start_time, room=86_400)  # the day of slots asked for below
    except InvalidInstant as exc:
        raise InvalidArgument(details=[Detail("start_time", str(exc))]) from None
    if start != int(start):
        raise InvalidArgument(details=[Detail("start_time", "A slot starts on a whole second.")])
    start = int(start)
    table = required_table(context.table)
    # The slot must be one the event type offers now: ask for that slot's day, holds included.
    asked = TimesRequest(request.event_type, start, start + 86_400, connection=request.connection)
    labelled = asyncio.run(times(asked, context))
    event_type = labelled.event_type
    slot = next((hosts for s, hosts in labelled.slots if s.start == start), None)
    if slot is None:
        raise Conflict("That slot is not offered.")
    named = _resolve(event_type, request.named())
    free = [h.id for h in slot]
    rank = {host: n for n, host in enumerate((labelled.assignment or {}).get("order", []))}
    end = start + event_type.duration_minutes * 60
    interval = (start - event_type.buffer_before_minutes * 60, end + event_type.buffer_after_minutes * 60)
    expires = int(moment) + request.expires_in_minutes * 60
    uid = holds.new_uid()
    for attempt in range(ATTEMPTS):
        seen = holds.locks(table, [h.id for h in event_type.hosts])
        chosen = choose(event_type, named, free, seen, interval, moment, rank)
        hold = holds.Hold(uid, request.event_type, chosen, start, end, expires)
        try:
            holds.put(table, hold, interval, seen, moment)
        except holds.Full as exc:
            raise Conflict(f"Too many live holds on {', '.join(exc.hosts)}; let some expire or delete them.") from None
        except holds.Overlap as exc:  # choose() saw the same locks: only if the two disagree
            raise Conflict(f"Already held in that slot: {', '.join(exc.hosts)}.") from None
        except holds.Raced:
            # A lock changed: read again and choose again, after a short random pause so that
            # writers that keep colliding on busy transactions spread out.
            time.sleep(random.uniform(0, 0.01 * 2**attempt))  # noqa: S311 - jitter, not a secret
            continue
        # Subscribers learn of the hold now, and of its expiry when it comes (best effort).
        subscriptions.publish(context, {request.event_type}, set(chosen), at=(None, expires))
        return resource(_at_provider(hold, interval, request.expires_in_minutes, context, request.connection))
    raise Conflict("Those hosts are being held by other requests right now; try again.")


def _at_provider(
    hold: holds.Hold, interval: tuple[int, int], minutes: int, context: Context, connection: str | None = None
) -> holds.Hold:
    """The granted hold, mirrored at its provider where it can be, through the connection the event type
    was read with (the hold stands either way)."""
    reservation, warnings = provider_holds.reserve(hold.event_type, hold.start, minutes, context, connection)
    if reservation is None and not warnings:
        return hold
    annotated = dataclasses.replace(hold, provider=reservation, warnings=tuple(warnings))
    if not holds.annotate(required_table(context.table), annotated, interval, context.now()):
        provider_holds.release(reservation, context)  # the hold went meanwhile: so does its reservation
    return annotated


def resource(hold: holds.Hold) -> dict:
    """The hold as §4's resource (POST's answer and GET's)."""
    out = {
        "uid": hold.uid,
        "event_type": hold.event_type,
        "hosts": hold.hosts,
        "start_time": iso(hold.start),
        "end_time": iso(hold.end),
        "expires_at": iso(hold.expires_at),
        "provider_reservation": hold.provider,
    }
    if hold.warnings:
        out["warnings"] = list(hold.warnings)
    return out


def get(uid: str, context: Context) -> dict:
    """The live hold ``uid`` (NotFound for an unknown, malformed or expired uid, or another account's)."""
    hold = holds.get(required_table(context.table), uid)
    if hold is None:
        raise NotFound("No such reservation (or it has expired).")
    return resource(hold)


def delete(uid: str, context: Context) -> None:
    """Release the hold ``uid`` (NotFound when there is no such live hold)."""
    table = required_table(context.table)
    moment = context.now()
    for _ in range(ATTEMPTS):
        hold = holds.get(table, uid)
        if hold is None:
            raise NotFound("No such reservation (or it has expired).")
        try:
            holds.delete(table, hold, moment)
        except holds.Raced:
            continue
        provider_holds.release(hold.provider, context)
        subscriptions.publish(context, {hold.event_type}, set(hold.hosts))  # best effort
        return
    raise StoreUnavailable("hold locks kept changing while releasing a hold", retry_after=1)
