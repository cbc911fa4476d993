"""Cal.com API v2 (docs/PROVIDERS.md): ``event_type`` = ``calcom:<id>``.

Why per-host /v2/slots and not the engine: Cal.com only exposes busy times for the token owner's own
calendars (/v2/calendars/busy-times), so a team's hosts cannot be read one by one. What it does offer
is /v2/slots narrowed to a subset of round-robin hosts (``rrHostSubsetIds``, in the DTO though hidden
from the OpenAPI document). Asking once per host gives each host's own slots with Cal.com's own
rules (schedules, overrides, buffers, notice, limits), and a host is free in a pooled slot iff that
slot is in the host's answer; for round robin the union of the per-host answers is the pooled answer.
Mandatory ("fixed") hosts of a round robin and every host of a collective type must be free for any
slot to be offered, so they are listed in every pooled slot.

Versions: event types are read with ``cal-api-version: 2024-06-14`` and slots with ``2024-09-04``;
Cal.com silently falls back to an older response shape when the header is missing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from whofree.instants import InvalidInstant, iso
from whofree.instants import parse as parse_instant
from whofree.providers.http import ProviderClient, gather_all
from whofree.providers.types import EventType, Host, ProviderError, ProviderNotFound, ProviderSlot

if TYPE_CHECKING:
    from whofree.event_types import Labelled, TimesRequest

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


class Calcom:
    name = NAME

    def __init__(self, client: ProviderClient) -> None:
        self.client = client

    async def event_type(self, ref: str) -> EventType:
        event_type_id = REF.match(ref).group(1)
        data = _data(await self.client.get(f"/v2/event-types/{event_type_id}", headers=EVENT_TYPES_VERSION))
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
            hosts.append(
                Host(
                    id=host.get("email") or host.get("username") or str(host["userId"]),
                    name=host.get("name"),
                    email=host.get("email"),
                    key=str(host["userId"]),
                )
            )
        scheduling = data.get("schedulingType")
        mandatory = {str(h["userId"]) for h in data.get("hosts") or [] if isinstance(h, dict) and h.get("mandatory")}
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
            extra={"mandatory": mandatory, "booking_url": data.get("bookingUrl")},
        )

    async def slots(self, ref: str, start: float, end: float, host: Host | None = None) -> list[ProviderSlot]:
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
                    out.append(ProviderSlot(int(parse_instant(slot["start"])), slot.get("seatsRemaining")))
        except (InvalidInstant, KeyError, TypeError):
            raise ProviderError(NAME, "Cal.com sent a slot whofree could not read.") from None
        return out


async def times(
    request: TimesRequest, deadline_seconds: float, now: float | None = None, transport: object = None
) -> Labelled:
    from whofree.errors import ExternalCalendarError, NotFound, calendar_warnings
    from whofree.event_types import HostData, Labelled, _narrow
    from whofree.providers.config import CALCOM, client_options
    from whofree.providers.http import Deadline

    try:
        key = CALCOM.credential()
    except ProviderError as exc:
        raise ExternalCalendarError(exc.message) from None
    headers = {"Authorization": f"Bearer {key}"}
    deadline = Deadline.after(deadline_seconds)
    async with ProviderClient(
        NAME, CALCOM.base_url, headers, deadline, transport=transport, **client_options()
    ) as client:
        calcom = Calcom(client)
        try:
            event_type, pooled = await gather_all(
                calcom.event_type(request.event_type), calcom.slots(request.event_type, request.start, request.end)
            )
        except ProviderNotFound:
            raise NotFound(f"Cal.com has no event type {request.event_type!r}.") from None
        except ProviderError as exc:
            raise ExternalCalendarError(exc.message) from None
        hosts = _narrow(event_type.hosts, request.hosts)
        fixed = event_type.pooling == "collective"
        mandatory = event_type.extra["mandatory"]
        asked = [h for h in hosts if not fixed and h.key not in mandatory]

        async def one(host: Host) -> tuple[HostData, set[int]]:
            try:
                starts = {s.start for s in await calcom.slots(request.event_type, request.start, request.end, host)}
            except ProviderError as exc:
                return HostData(host, error=exc.message), set()
            return HostData(host), starts

        answers = dict(zip([h.key for h in asked], await gather_all(*(one(h) for h in asked)), strict=True))

    data = [answers[h.key][0] if h.key in answers else HostData(h) for h in hosts]
    warnings = calendar_warnings({d.host.id: d.error for d in data if d.error}, len(data))
    labelled = []
    for slot in sorted(pooled, key=lambda s: s.start):
        free = [
            h
            for h in hosts
            if h.key not in answers or (not answers[h.key][0].error and slot.start in answers[h.key][1])
        ]
        if request.hosts is None or free:
            labelled.append((slot, free))
    return Labelled(event_type, labelled, warnings)
