"""A fake Cal.com API v2 that behaves as Cal.com's own source says (docs/PROVIDERS.md, Cal.com table).

- Each host's truth is the set of slot starts at which that host alone could be booked
  (``free[user_id]``); the pooled /v2/slots answer follows Cal.com's rules: round robin offers a slot
  when every fixed (``mandatory``) host and at least one other host is free; collective when every
  host is free; an event type of one user offers that user's slots.
- ``rrHostSubsetIds`` narrows the round-robin hosts **only** when the event type is round robin and
  has ``rrHostSubsetEnabled: true``; otherwise it is ignored silently and the pooled slots come back.
- An ``end`` exactly at 00:00:00Z is moved to 23:59:59 of that day (``adjustEndTime``).
- Slots are grouped by day in ``timeZone`` (default UTC), ``start`` (and ``end`` with
  ``format=range``) with milliseconds and the zone's offset; a missing or other ``cal-api-version``
  gets the older response shape, as Cal.com silently falls back to it.
- Event-type hosts carry ``userId``, ``name``, ``username``, ``mandatory``, ``priority``, ``weight``,
  ``avatarUrl`` and no email. ``team_only`` event types answer 404 on ``/v2/event-types/{id}`` (older
  self-hosted builds); ``/v2/teams`` lists the key's teams and ``/v2/teams/{team}/event-types/{id}``
  answers for a team's event types to a team admin's key (403 otherwise); a PATCH there can set
  ``rrHostSubsetEnabled``.
- Event-type hosts' ``priority`` is Cal.com's label (``lowest`` .. ``highest``); a host given a number
  (Cal.com's stored 0..4) is written as Cal.com's output service writes it, ``priority || 2`` first
  (so a stored 0 comes out as ``medium``). A personal event type (``add_personal_event_type``) has
  ``ownerId`` and ``users`` and no ``hosts``; its slots are its owner's.
- Slot reservations (``apps/api/v2/src/modules/slots/slots-2024-09-04/services/slots.service.ts``,
  ``slots.repository.ts``): ``POST /v2/slots/reservations`` ``{eventTypeId, slotStart,
  reservationDuration?}`` reserves for the event type's owner, else its first host, until now +
  ``reservationDuration`` minutes (default 5); 404 for an unknown event type, 422 when the slot
  overlaps a live reservation of the same event type or a booking of it (``bookings``), 400 for a team
  event type without hosts. ``GET``/``DELETE /v2/slots/reservations/{uid}`` (DELETE: success whatever
  the uid). A live, non-seated reservation makes every slot that overlaps it disappear from
  ``/v2/slots`` for each event type the reserving user is a considered host of
  (``packages/trpc/server/routers/viewer/slots/util.ts``: the reserved slots of the hosts' users are
  busy time; the API has no booker cookie, so that is every caller). ``wall`` is the fake's clock for
  reservations (injectable).
- Seated event types (``seatsPerTimeSlot``, ``seated``): every slot carries ``seatsBooked``,
  ``seatsRemaining``, ``seatsTotal`` and, where a seated booking exists, its ``bookingUid``
  (``slots-output.service.ts``, ``getAvailableTimeSlotSeated``); a seated booking with seats left is
  no conflict for its hosts in its own slot (``checkForConflicts.ts``: "no conflicts if some seats
  are found for the current time slot"), and a full one is not offered.
- Rate limit per key: ``limit`` calls per ``window`` seconds; every answer carries
  ``X-RateLimit-Limit-Default``, ``X-RateLimit-Remaining-Default`` and ``X-RateLimit-Reset-Default``
  (seconds remaining, rounded up); over the limit: 429 without ``Retry-After``. ``clock`` is
  injectable so that a test's injected sleep can move the fake's time.
"""

from __future__ import annotations

import math
import time
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from tests.fakes.base import Fake, body, query

KEY = "cal_test_key"  # a fake credential for a fake server
SLOTS_VERSION = "2024-09-04"
EVENT_TYPES_VERSION = "2024-06-14"


def _error(status: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"status": "error", "error": {"code": str(status), "message": message}})


PRIORITY_LABELS = ["lowest", "low", "medium", "high", "highest"]


def _host_output(host: dict) -> dict:
    """A host as Cal.com's output service writes it: a stored (numeric) priority as its label, with
    Cal.com's ``priority || 2`` (a stored 0 comes out as medium)."""
    priority = host.get("priority")
    if isinstance(priority, int):
        return host | {"priority": PRIORITY_LABELS[priority or 2]}
    return host


class FakeCalcom(Fake):
    def __init__(self, limit: int = 120, window: float = 60.0, clock=time.monotonic) -> None:
        super().__init__()
        self.event_types: dict[int, dict] = {}
        self.free: dict[int, set[int]] = {}  # user id -> slot starts (epoch seconds) that user could take
        self.team_only: set[int] = set()
        self.teams: list[dict] = []
        self.not_admin_of: set[int] = set()  # teams whose team routes answer 403 (role TEAM_ADMIN needed)
        self.broken_subsets: set[int] = set()  # a fault, not Cal.com behaviour: /v2/slots for these users -> 500
        self.limit, self.window, self.clock = limit, window, clock
        self.reservations: dict[str, dict] = {}  # uid -> {userId, eventTypeId, start, end, releaseAt}
        self.bookings: dict[int, set[int]] = {}  # event type id -> booked slot starts (non-seated)
        # event type id -> start -> a seated booking {"uid", "attendees", "users"} (seatsPerTimeSlot)
        self.seated: dict[int, dict[int, dict]] = {}
        self.wall = time.time
        self._window_started: float | None = None
        self._used = 0

    # ------------------------------------------------------------ set-up
    def add_event_type(self, event_type_id: int, hosts: list[dict], **fields) -> dict:
        team_id = fields.pop("teamId", 7)
        data = {
            "id": event_type_id,
            "title": "Sales intro",
            "slug": "sales-intro",
            "lengthInMinutes": 30,
            "slotInterval": None,
            "beforeEventBuffer": 0,
            "afterEventBuffer": 0,
            "minimumBookingNotice": 0,
            "schedulingType": "roundRobin",
            "rrHostSubsetEnabled": False,
            "assignAllTeamMembers": False,
            "teamId": team_id,
            "bookingUrl": f"https://cal.com/team/acme/{event_type_id}",
            "hosts": [
                {"priority": "medium", "weight": 100, "avatarUrl": None, "mandatory": False, **host} for host in hosts
            ],
            **fields,
        }
        self.event_types[event_type_id] = data
        if team_id is not None and all(t["id"] != team_id for t in self.teams):
            self.teams.append({"id": team_id, "name": f"Team {team_id}", "slug": f"team-{team_id}"})
        return data

    def add_personal_event_type(self, event_type_id: int, owner: dict, **fields) -> dict:
        """A user's own event type: ``ownerId`` and ``users``, no hosts, no team (EventTypeOutput_2024_06_14)."""
        data = {
            "id": event_type_id,
            "title": "Intro",
            "slug": "intro",
            "lengthInMinutes": 30,
            "slotInterval": None,
            "beforeEventBuffer": 0,
            "afterEventBuffer": 0,
            "minimumBookingNotice": 0,
            "ownerId": owner["id"],
            "users": [{"id": owner["id"], "name": owner.get("name"), "username": owner.get("username")}],
            "bookingUrl": f"https://cal.com/{owner.get('username')}/intro",
            **fields,
        }
        self.event_types[event_type_id] = data
        return data

    # ------------------------------------------------------------ truth
    def _users(self, event_type_id: int, subset: set[int] | None = None) -> list[int]:
        """The users Cal.com considers for the event type's slots: its owner, or its hosts (narrowed
        where Cal.com honours ``subset``; fixed hosts always)."""
        data = self.event_types[event_type_id]
        if "ownerId" in data and not data.get("hosts"):
            return [data["ownerId"]]
        hosts = data["hosts"]
        if subset is not None and data.get("schedulingType") == "roundRobin" and data.get("rrHostSubsetEnabled"):
            hosts = [h for h in hosts if h.get("mandatory") or h["userId"] in subset]
        return [h["userId"] for h in hosts]

    def _reserved(self, users: list[int]) -> list[tuple[int, int]]:
        """The live, non-seated reservations of ``users``, as busy [start, end)."""
        now = self.wall()
        return [
            (r["start"], r["end"]) for r in self.reservations.values() if r["releaseAt"] > now and r["userId"] in users
        ]

    def offered(self, event_type_id: int, subset: set[int] | None = None) -> set[int]:
        """Cal.com's pooled answer for the event type (narrowed only where Cal.com honours ``subset``),
        without the slots that conflict with a reservation (checkForConflicts: overlapping, half-open)."""
        length = self.event_types[event_type_id]["lengthInMinutes"] * 60
        busy = self._reserved(self._users(event_type_id, subset))
        return {s for s in self._offered(event_type_id, subset) if not any(s < b and a < s + length for a, b in busy)}

    def _free(self, event_type_id: int, user: int) -> set[int]:
        """The user's bookable starts for this event type: a seated booking of it with seats left is no
        conflict in its own slot; a full one takes the slot."""
        free = set(self.free.get(user, set()))
        seats = self.event_types[event_type_id].get("seatsPerTimeSlot")
        for start, booking in self.seated.get(event_type_id, {}).items():
            if user in booking["users"]:
                if seats and booking["attendees"] < seats:
                    free.add(start)
                else:
                    free.discard(start)
        return free

    def _offered(self, event_type_id: int, subset: set[int] | None = None) -> set[int]:
        data = self.event_types[event_type_id]
        if "ownerId" in data and not data.get("hosts"):
            return self._free(event_type_id, data["ownerId"])
        hosts = data["hosts"]
        free = [self._free(event_type_id, h["userId"]) for h in hosts]
        scheduling = data.get("schedulingType")
        if scheduling == "collective":
            return set.intersection(*free) if free else set()
        if scheduling == "roundRobin":
            fixed = [self._free(event_type_id, h["userId"]) for h in hosts if h.get("mandatory")]
            others = [h for h in hosts if not h.get("mandatory")]
            if subset is not None and data.get("rrHostSubsetEnabled") is True:
                others = [h for h in others if h["userId"] in subset]
            pool = set().union(*(self._free(event_type_id, h["userId"]) for h in others)) if others else set()
            if not others:
                pool = set.intersection(*fixed) if fixed else set()
            return pool.intersection(*fixed) if fixed else pool
        return set().union(*free) if free else set()

    # ------------------------------------------------------------ HTTP
    def _limits(self) -> tuple[bool, dict[str, str]]:
        now = self.clock()
        if self._window_started is None or now - self._window_started >= self.window:
            self._window_started, self._used = now, 0
        self._used += 1
        left = self._window_started + self.window - now
        headers = {
            "X-RateLimit-Limit-Default": str(self.limit),
            "X-RateLimit-Remaining-Default": str(max(0, self.limit - self._used)),
            "X-RateLimit-Reset-Default": str(math.ceil(left)),
        }
        return self._used <= self.limit, headers

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {KEY}":
            return _error(401, "Invalid Access Token.")
        allowed, headers = self._limits()
        response = self._route(request) if allowed else _error(429, "ThrottlerException: Too Many Requests")
        response.headers.update(headers)
        return response

    def _route(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.strip("/").split("/")
        version = request.headers.get("cal-api-version")
        if parts == ["v2", "slots"] and request.method == "GET":
            return self._slots(request, version)
        if parts[:3] == ["v2", "slots", "reservations"]:
            return self._reservations(request, parts[3:])
        if parts[:2] == ["v2", "event-types"] and len(parts) == 3 and request.method == "GET":
            event_type_id = int(parts[2]) if parts[2].isdigit() else -1
            if event_type_id not in self.event_types or event_type_id in self.team_only:
                return _error(404, f"Event type with id={parts[2]} not found")
            return httpx.Response(200, json={"status": "success", "data": self._output(event_type_id, version)})
        if parts == ["v2", "teams"] and request.method == "GET":
            return httpx.Response(200, json={"status": "success", "data": self.teams})
        if parts[:2] == ["v2", "teams"] and len(parts) == 5 and parts[3] == "event-types":
            event_type_id = int(parts[4]) if parts[4].isdigit() else -1
            if parts[2].isdigit() and int(parts[2]) in self.not_admin_of:
                return _error(403, "Forbidden resource")
            data = self.event_types.get(event_type_id)
            if data is None or str(data.get("teamId")) != parts[2]:
                return _error(404, "Event type not found")
            if request.method == "PATCH":
                update = body(request)
                if "rrHostSubsetEnabled" in update:
                    data["rrHostSubsetEnabled"] = bool(update["rrHostSubsetEnabled"])
            return httpx.Response(200, json={"status": "success", "data": self._output(event_type_id, version)})
        return _error(404, "Cannot find route")

    def _reservations(self, request: httpx.Request, rest: list[str]) -> httpx.Response:
        if request.method == "POST" and not rest:
            return self._reserve(body(request))
        if len(rest) != 1:
            return _error(404, "Cannot find route")
        if request.method == "GET":
            found = self.reservations.get(rest[0])
            live = found is not None and found["releaseAt"] > self.wall()
            return httpx.Response(200, json={"status": "success", "data": self._reservation(rest[0]) if live else None})
        if request.method == "DELETE":
            self.reservations.pop(rest[0], None)  # deleteMany: success whatever the uid
            return httpx.Response(200, json={"status": "success"})
        return _error(404, "Cannot find route")

    def _reserve(self, given: dict) -> httpx.Response:
        data = self.event_types.get(given.get("eventTypeId"))
        if data is None:
            return _error(404, f"Event Type with ID={given.get('eventTypeId')} not found")
        try:
            start = int(datetime.fromisoformat(str(given["slotStart"]).replace("Z", "+00:00")).timestamp())
        except (KeyError, ValueError):
            return _error(400, "Invalid start date")
        end = start + data["lengthInMinutes"] * 60
        now = self.wall()
        if any(start < b + data["lengthInMinutes"] * 60 and b < end for b in self.bookings.get(data["id"], set())):
            return _error(422, "Can't reserve a slot if the event is already booked.")
        for r in self.reservations.values():
            if r["eventTypeId"] == data["id"] and r["releaseAt"] > now and start < r["end"] and r["start"] < end:
                return _error(
                    422, "This time slot is already reserved by another user. Please choose a different time."
                )
        user = data.get("ownerId") if not data.get("hosts") else data["hosts"][0]["userId"]
        if user is None:
            return _error(400, "Cannot reserve a slot for a team event without any hosts")
        minutes = int(given.get("reservationDuration") or 5)
        uid = str(uuid.uuid4())
        self.reservations[uid] = {
            "userId": user,
            "eventTypeId": data["id"],
            "start": start,
            "end": end,
            "releaseAt": now + minutes * 60,
            "duration": minutes,
        }
        return httpx.Response(201, json={"status": "success", "data": self._reservation(uid, created=True)})

    def _reservation(self, uid: str, created: bool = False) -> dict:
        r = self.reservations[uid]

        def stamp(epoch: float) -> str:
            return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

        out = {
            "eventTypeId": r["eventTypeId"],
            "slotStart": stamp(r["start"]),
            "slotEnd": stamp(r["end"]),
            "slotDuration": (r["end"] - r["start"]) // 60,
            "reservationUid": uid,
            "reservationUntil": stamp(r["releaseAt"]),
        }
        return out | ({"reservationDuration": r["duration"]} if created else {})

    def _output(self, event_type_id: int, version: str | None) -> dict:
        data = dict(self.event_types[event_type_id])
        if "hosts" in data:
            data["hosts"] = [_host_output(h) for h in data["hosts"]]
        if version != EVENT_TYPES_VERSION:
            # The older shape: "length", no hosts (whofree must send the header).
            data["length"] = data.pop("lengthInMinutes")
            data.pop("hosts", None)
        return data

    def _slots(self, request: httpx.Request, version: str | None) -> httpx.Response:
        q = query(request)
        try:
            event_type_id = int(q["eventTypeId"])
            start = datetime.fromisoformat(q["start"].replace("Z", "+00:00"))
            end = datetime.fromisoformat(q["end"].replace("Z", "+00:00"))
        except (KeyError, ValueError):
            return _error(400, "start, end and eventTypeId are required")
        if event_type_id not in self.event_types:
            return _error(404, "Event Type not found")
        end = end.astimezone(UTC)
        if (end.hour, end.minute, end.second) == (0, 0, 0):
            end = end.replace(hour=23, minute=59, second=59)  # adjustEndTime
        subset = None
        if q.get("rrHostSubsetIds"):
            subset = {int(x) for x in q["rrHostSubsetIds"].split(",") if x.strip().isdigit()}
        if subset and subset & self.broken_subsets:
            return _error(500, "Internal server error")
        zone = ZoneInfo(q.get("timeZone") or "UTC")
        length = timedelta(minutes=self.event_types[event_type_id]["lengthInMinutes"])
        days: dict[str, list[dict]] = {}
        for epoch in sorted(self.offered(event_type_id, subset)):
            if not start.timestamp() <= epoch <= end.timestamp():
                continue
            local = datetime.fromtimestamp(epoch, zone)
            item = {"start": local.isoformat(timespec="milliseconds")}
            if q.get("format") == "range":
                item["end"] = (local + length).isoformat(timespec="milliseconds")
            seats = self.event_types[event_type_id].get("seatsPerTimeSlot")
            if seats:
                booking = self.seated.get(event_type_id, {}).get(epoch)
                booked = booking["attendees"] if booking else 0
                item |= {"seatsBooked": booked, "seatsRemaining": seats - booked, "seatsTotal": seats}
                if booking:
                    item["bookingUid"] = booking["uid"]
            days.setdefault(local.date().isoformat(), []).append(item)
        if version != SLOTS_VERSION:
            old = {day: [{"time": i["start"]} for i in items] for day, items in days.items()}
            return httpx.Response(200, json={"status": "success", "data": {"slots": old}})
        return httpx.Response(200, json={"status": "success", "data": days})
