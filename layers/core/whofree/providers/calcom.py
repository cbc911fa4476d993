"""Cal.com API v2 (docs/PROVIDERS.md): ``event_type`` = ``calcom:<id>``.

Why per-host /v2/slots and not the engine: Cal.com only exposes busy times for the token owner's own
calendars (/v2/calendars/busy-times), so a team's hosts cannot be read one by one. What it does offer
is /v2/slots narrowed to a subset of round-robin hosts (``rrHostSubsetIds``, in the DTO though hidden
from the OpenAPI document). Cal.com honours that narrowing **only** for a round-robin event type with
``rrHostSubsetEnabled: true`` (default false); otherwise it ignores it silently and answers with the
pooled slots. So:

- round robin with ``rrHostSubsetEnabled``: asking once per host gives each host's own slots with
  Cal.com's own rules, and a host is free in a pooled slot iff that slot is in the host's answer;
- mandatory ("fixed") hosts of a round robin and every host of a collective type must be free for
  any slot to be offered, so they are listed in every pooled slot; so is the one host of a personal
  event type;
- every other host (round robin without the setting, managed, several hosts without a scheduling
  type) cannot be told apart: each is one warning that says how to turn per-host answers on, and is
  never labelled free.

That decision is ``plan()`` below, a pure function; the Cal.com kind of event type
(whofree.times.kinds.calcom) fetches what it says, and the dispatcher (whofree.times.dispatch) labels the
slots, clips them to the request, applies holds and notice and turns failed or indistinct hosts into
warnings, as for every kind.

Versions: event types are read with ``cal-api-version: 2024-06-14`` and slots with ``2024-09-04``;
Cal.com silently falls back to an older response shape when the header is missing. Cal.com moves an
``end`` at 00:00:00Z to 23:59:59 of that day, so slots are clipped to the requested range here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec

from whofree.domain import EventType, Host, ProviderSlot
from whofree.instants import iso
from whofree.providers.http import ProviderClient
from whofree.providers.types import Instant, ProviderError, ProviderNotFound, decode, epoch

NAME = "calcom"
REF = re.compile(r"^calcom:([0-9]{1,12})$")
EVENT_TYPES_VERSION = {"cal-api-version": "2024-06-14"}
SLOTS_VERSION = {"cal-api-version": "2024-09-04"}


def matches(ref: str) -> bool:
    return REF.match(ref) is not None


# ---------------------------------------------------------------- Cal.com's answers, as typed models
# Strict (docs/PROVIDERS.md): every answer is ``{"status": "success", "data": ...}``; what ``data``
# holds is decoded into the models below, and an answer of another shape fails that call: the event
# type (424) or, for a per-host slot list, that host (a warning).

Minutes = Annotated[int, msgspec.Meta(gt=0)]
Gap = Annotated[int, msgspec.Meta(ge=0)]


class Envelope(msgspec.Struct):
    status: str
    data: object = None


# Cal.com's host priority labels (``HostPriority``), 0 to 4; "medium" (2) is its default.
PRIORITIES = {"lowest": 0, "low": 1, "medium": 2, "high": 3, "highest": 4}
Weight = Annotated[int, msgspec.Meta(ge=0)]


class CalHost(msgspec.Struct):
    userId: int
    name: str | None = None
    username: str | None = None
    email: str | None = None
    mandatory: bool | None = None
    priority: Literal["lowest", "low", "medium", "high", "highest"] | None = None
    weight: Weight | None = None


class CalUser(msgspec.Struct):
    id: int
    name: str | None = None
    username: str | None = None


class CalEventType(msgspec.Struct):
    lengthInMinutes: Minutes | None = None
    length: Minutes | None = None  # the older shape's name (cal-api-version missing)
    title: str | None = None
    hosts: list[CalHost] | None = None
    schedulingType: str | None = None
    slotInterval: Minutes | None = None
    beforeEventBuffer: Gap | None = None
    afterEventBuffer: Gap | None = None
    minimumBookingNotice: Gap | None = None
    rrHostSubsetEnabled: bool | None = None
    teamId: int | None = None
    ownerId: int | None = None
    users: list[CalUser] | None = None

    def __post_init__(self) -> None:
        if self.lengthInMinutes is None and self.length is None:
            raise ValueError("Expected `lengthInMinutes` - at `$.data`")


class Team(msgspec.Struct):
    id: int


class CalSlot(msgspec.Struct):
    start: Instant
    seatsRemaining: Gap | None = None


Days = dict[str, list[CalSlot]]


class SlotReservation(msgspec.Struct):
    """``POST /v2/slots/reservations``' answer (ReserveSlotOutput_2024_09_04): whofree keeps its uid."""

    reservationUid: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9-]{1,64}$")]


def _data[T](body: object, model: type[T], what: str) -> T:
    envelope = decode(NAME, body, Envelope, what)
    if envelope.status != "success":
        raise ProviderError(NAME, "Cal.com answered with an error status.")
    return decode(NAME, envelope.data, model, what)


SUBSET_HINT = (
    "Cal.com cannot tell this event type's round-robin hosts apart: it answers per host only when the "
    "event type has rrHostSubsetEnabled. A team admin turns that on with "
    'PATCH /v2/teams/{team_id}/event-types/{event_type_id} and the body {{"rrHostSubsetEnabled": true}} '
    "(header cal-api-version: 2024-06-14). Until then this host is never labelled free."
)
MANAGED_HINT = (
    "Cal.com answers a managed event type's slots pooled, with no way to ask per host; this host is "
    "never labelled free. Ask for the host's own (child) event type instead."
)


@dataclass(frozen=True)
class HostPlan:
    """How each host of a Cal.com event type can be labelled."""

    asked: list[Host]  # Cal.com answers for them one by one (rrHostSubsetIds is honoured)
    always: list[Host]  # free in every pooled slot: collective hosts, fixed hosts, a personal type's host
    unknown: dict[str, str]  # host id -> why Cal.com cannot tell them apart (a warning; never free)


def plan(event_type: EventType, hosts: list[Host]) -> HostPlan:
    """Which of ``hosts`` (the event type's, perhaps narrowed) get per-host answers, which are in every
    slot, and which cannot be told apart. Pure."""
    scheduling = event_type.scheduling
    mandatory = event_type.mandatory
    if scheduling == "collective":
        return HostPlan([], list(hosts), {})
    if scheduling == "roundRobin":
        fixed = [h for h in hosts if h.key in mandatory]
        others = [h for h in hosts if h.key not in mandatory]
        if event_type.host_subsets:
            return HostPlan(others, fixed, {})
        return HostPlan([], fixed, {h.id: _subset_hint(event_type) for h in others})
    if scheduling is None and len(event_type.hosts) <= 1:
        return HostPlan([], list(hosts), {})  # one host: Cal.com's slots are that host's
    why = MANAGED_HINT if scheduling == "managed" else _subset_hint(event_type)
    return HostPlan([], [], {h.id: why for h in hosts})


def _subset_hint(event_type: EventType) -> str:
    team_id = event_type.team_id or "{teamId}"
    return SUBSET_HINT.format(team_id=team_id, event_type_id=event_type.ref.split(":")[-1])


def _owner(data: CalEventType) -> Host:
    """A personal event type's owner (``ownerId``), named as ``users`` lists it."""
    user = next((u for u in data.users or [] if u.id == data.ownerId), None)
    username = user.username if user is not None else None
    return Host(id=username or str(data.ownerId), name=user.name if user else None, key=str(data.ownerId))


def _host_order(scheduling: str | None, hosts: list[Host]) -> str:
    """A round robin follows its hosts' priority and weight as Cal.com does (getLuckyUser.ts): by weight
    when weights are in use (the API does not say whether ``isRRWeightsEnabled`` is on: a weight other
    than the default 100 says so), else least recently booked. Every other kind: listed."""
    if scheduling != "roundRobin":
        return "listed"
    return "weighted" if any(h.weight != 100 for h in hosts) else "least_recently_booked"


class Calcom:
    name = NAME

    def __init__(self, client: ProviderClient) -> None:
        self.client = client

    async def _team_event_type(self, event_type_id: str) -> CalEventType:
        """The team route, for builds whose plain route answers 404 for team event types: the key's
        teams (``GET /v2/teams``) are tried in order."""
        teams = _data(await self.client.get("/v2/teams", headers=EVENT_TYPES_VERSION), list[Team], "teams")
        refused: ProviderError | None = None
        for team in teams:
            try:
                return await self._team_route(team.id, event_type_id)
            except ProviderNotFound:
                continue
            except ProviderError as exc:
                if exc.status != 403:
                    raise
                refused = exc  # the team route needs a team admin's key: maybe this team, maybe another
        if refused is not None:
            raise ProviderError(
                NAME,
                f"Cal.com refused the team event type route (a team admin's key is needed): {refused.message}",
                403,
            )
        raise ProviderNotFound(NAME, "Cal.com has no such event type.", 404)

    async def _team_route(self, team_id: int, event_type_id: str) -> CalEventType:
        body = await self.client.get(f"/v2/teams/{team_id}/event-types/{event_type_id}", headers=EVENT_TYPES_VERSION)
        return _data(body, CalEventType, "an event type")

    async def event_type(self, ref: str) -> EventType:
        event_type_id = REF.match(ref).group(1)
        try:
            body = await self.client.get(f"/v2/event-types/{event_type_id}", headers=EVENT_TYPES_VERSION)
            data = _data(body, CalEventType, "an event type")
        except ProviderNotFound:
            data = await self._team_event_type(event_type_id)
        if not data.hosts and data.teamId is not None:
            data = await self._team_route(data.teamId, event_type_id)  # the team route lists the hosts
        # Cal.com's host objects carry no email: a host is called by its username (else its user id),
        # and ?hosts= also accepts the user id (Host.key).
        hosts = [
            Host(
                id=h.email or h.username or str(h.userId),
                name=h.name,
                email=h.email,
                key=str(h.userId),
                priority=PRIORITIES.get(h.priority or "medium", 2),
                weight=h.weight or 100,  # Cal.com's default weight (getLuckyUser.ts: ``weight ?? 100``)
            )
            for h in data.hosts or []
        ]
        if not hosts and data.teamId is None and data.ownerId is not None:
            hosts = [_owner(data)]  # a personal event type: its owner is its one host
        scheduling = data.schedulingType
        return EventType(
            ref=ref,
            name=data.title,
            duration_minutes=data.lengthInMinutes or data.length,
            pooling={"roundRobin": "round_robin", "collective": "collective"}.get(scheduling),
            hosts=hosts,
            interval_minutes=data.slotInterval,
            buffer_before_minutes=data.beforeEventBuffer or 0,
            buffer_after_minutes=data.afterEventBuffer or 0,
            minimum_notice_minutes=data.minimumBookingNotice or 0,
            mandatory=frozenset(str(h.userId) for h in data.hosts or [] if h.mandatory),
            scheduling=scheduling,
            host_subsets=data.rrHostSubsetEnabled is True,
            team_id=data.teamId,
            host_order=_host_order(scheduling, hosts),
        )

    async def reserve(self, ref: str, start: float, minutes: int) -> str:
        """Reserve the slot at Cal.com for ``minutes`` (its own booking page stops offering it to others
        until then): the reservation's uid. ProviderError when Cal.com refuses (already booked or
        reserved: 422; a key that may not set the duration: 403)."""
        body = {"eventTypeId": int(REF.match(ref).group(1)), "slotStart": iso(start), "reservationDuration": minutes}
        answer = await self.client.post("/v2/slots/reservations", body, headers=SLOTS_VERSION)
        return _data(answer, SlotReservation, "a slot reservation").reservationUid

    async def release(self, uid: str) -> None:
        """Release a reservation (Cal.com answers success for a uid it no longer has)."""
        await self.client.request("DELETE", f"/v2/slots/reservations/{uid}", headers=SLOTS_VERSION)

    async def slots(self, ref: str, start: float, end: float, host: Host | None = None) -> list[ProviderSlot]:
        """Cal.com's slots starting in [start, end) (it answers a whole extra day for an ``end`` at
        00:00:00Z); with ``host``, narrowed to that host (honoured only where plan() says so)."""
        params = {"eventTypeId": REF.match(ref).group(1), "start": iso(start), "end": iso(end), "format": "range"}
        if host is not None:
            params["rrHostSubsetIds"] = host.key
        days = _data(await self.client.get("/v2/slots", params, headers=SLOTS_VERSION), Days, "slots")
        out = []
        for slots in days.values():
            for slot in slots:
                moment = int(epoch(slot.start))
                if start <= moment < end:
                    out.append(ProviderSlot(moment, slot.seatsRemaining))
        return out
