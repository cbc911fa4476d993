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

from whofree.domain import EventType, Host, ProviderSlot
from whofree.instants import InvalidInstant, iso
from whofree.instants import parse as parse_instant
from whofree.providers.http import ProviderClient
from whofree.providers.types import ProviderError, ProviderNotFound

NAME = "calcom"
REF = re.compile(r"^calcom:([0-9]{1,12})$")
EVENT_TYPES_VERSION = {"cal-api-version": "2024-06-14"}
SLOTS_VERSION = {"cal-api-version": "2024-09-04"}


def matches(ref: str) -> bool:
    return REF.match(ref) is not None


def _data(body: object) -> object:
    if not isinstance(body, dict) or body.get("status") not in (None, "success"):
        raise ProviderError(NAME, "Cal.com answered with an error status.")
    return body.get("data")


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


class Calcom:
    name = NAME

    def __init__(self, client: ProviderClient) -> None:
        self.client = client

    async def _team_event_type(self, event_type_id: str) -> dict:
        """The team route, for builds whose plain route answers 404 for team event types: the key's
        teams (``GET /v2/teams``) are tried in order."""
        teams = _data(await self.client.get("/v2/teams", headers=EVENT_TYPES_VERSION))
        refused: ProviderError | None = None
        for team in teams if isinstance(teams, list) else []:
            if not isinstance(team, dict) or not isinstance(team.get("id"), int):
                continue
            try:
                data = _data(
                    await self.client.get(
                        f"/v2/teams/{team['id']}/event-types/{event_type_id}", headers=EVENT_TYPES_VERSION
                    )
                )
            except ProviderNotFound:
                continue
            except ProviderError as exc:
                if exc.status != 403:
                    raise
                refused = exc  # the team route needs a team admin's key: maybe this team, maybe another
                continue
            if isinstance(data, dict):
                return data
        if refused is not None:
            raise ProviderError(
                NAME,
                f"Cal.com refused the team event type route (a team admin's key is needed): {refused.message}",
                403,
            )
        raise ProviderNotFound(NAME, "Cal.com has no such event type.", 404)

    async def event_type(self, ref: str) -> EventType:
        event_type_id = REF.match(ref).group(1)
        try:
            data = _data(await self.client.get(f"/v2/event-types/{event_type_id}", headers=EVENT_TYPES_VERSION))
        except ProviderNotFound:
            data = await self._team_event_type(event_type_id)
        if not isinstance(data, dict):
            raise ProviderError(NAME, "Cal.com sent an event type in an unknown shape.")
        if not data.get("hosts") and data.get("teamId"):
            team = _data(
                await self.client.get(
                    f"/v2/teams/{data['teamId']}/event-types/{event_type_id}", headers=EVENT_TYPES_VERSION
                )
            )
            if isinstance(team, dict):
                data = {**data, **team}
        length = data.get("lengthInMinutes") or data.get("length")
        if not isinstance(length, int):
            raise ProviderError(NAME, "Cal.com sent an event type without a length.")
        hosts = []
        for host in data.get("hosts") or []:
            if not isinstance(host, dict) or host.get("userId") is None:
                continue
            # Cal.com's host objects carry no email: a host is called by its username (else its user id),
            # and ?hosts= also accepts the user id (Host.key).
            hosts.append(
                Host(
                    id=host.get("email") or host.get("username") or str(host["userId"]),
                    name=host.get("name"),
                    email=host.get("email"),
                    key=str(host["userId"]),
                )
            )
        scheduling = data.get("schedulingType")
        mandatory = frozenset(
            str(h["userId"]) for h in data.get("hosts") or [] if isinstance(h, dict) and h.get("mandatory")
        )
        return EventType(
            ref=ref,
            name=data.get("title"),
            duration_minutes=length,
            pooling={"roundRobin": "round_robin", "collective": "collective"}.get(scheduling),
            hosts=hosts,
            interval_minutes=data.get("slotInterval"),
            buffer_before_minutes=data.get("beforeEventBuffer") or 0,
            buffer_after_minutes=data.get("afterEventBuffer") or 0,
            minimum_notice_minutes=data.get("minimumBookingNotice") or 0,
            mandatory=mandatory,
            scheduling=scheduling,
            host_subsets=data.get("rrHostSubsetEnabled") is True,
            team_id=data.get("teamId"),
        )

    async def slots(self, ref: str, start: float, end: float, host: Host | None = None) -> list[ProviderSlot]:
        """Cal.com's slots starting in [start, end) (it answers a whole extra day for an ``end`` at
        00:00:00Z); with ``host``, narrowed to that host (honoured only where plan() says so)."""
        params = {"eventTypeId": REF.match(ref).group(1), "start": iso(start), "end": iso(end), "format": "range"}
        if host is not None:
            params["rrHostSubsetIds"] = host.key
        data = _data(await self.client.get("/v2/slots", params, headers=SLOTS_VERSION))
        if not isinstance(data, dict):
            raise ProviderError(NAME, "Cal.com sent slots in an unknown shape.")
        out = []
        try:
            for day in data.values():
                for slot in day or []:
                    moment = int(parse_instant(slot["start"]))
                    if start <= moment < end:
                        out.append(ProviderSlot(moment, slot.get("seatsRemaining")))
        except (InvalidInstant, KeyError, TypeError):
            raise ProviderError(NAME, "Cal.com sent a slot whofree could not read.") from None
        return out
