"""A fake Microsoft Graph calendar getSchedule (docs/PROVIDERS.md, Microsoft table).

- ``POST /v1.0/users/{mailbox}/calendar/getSchedule`` with a Bearer token. The URL mailbox must be
  one the tenant knows (``mailboxes``), or the whole call fails: 404 ``ErrorInvalidUser``.
- At most 20 ``schedules`` and a period shorter than 62 days, ``availabilityViewInterval`` 5-1440:
  otherwise 400.
- 200 with one ``value`` item per schedule: ``scheduleItems`` overlapping the period (``status`` as
  Graph spells it, any case) and ``workingHours``; an unknown schedule is an item with ``error``.
- Answers of another shape than documented, with 200: ``malformed[mailbox]`` is that schedule's
  ``value`` item as sent; ``envelope`` is the whole body as sent.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.fakes.base import Fake, as_sent, body

TOKEN = "graph-token"  # a fake credential for a fake server
MAX_SCHEDULES = 20
MAX_PERIOD = 62 * 86_400


def _error(status: int, code: str, message: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": message}})


def _when(value: dict) -> float:
    assert value.get("timeZone", "UTC") == "UTC", "this fake reads UTC request times only"
    return datetime.fromisoformat(value["dateTime"]).replace(tzinfo=UTC).timestamp()


def _graph_time(epoch: float) -> dict:
    return {"dateTime": datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "UTC"}


class FakeGraph(Fake):
    def __init__(self) -> None:
        super().__init__()
        self.mailboxes: set[str] = set()
        self.items: dict[str, list[tuple[float, float, str]]] = {}  # mailbox -> (start, end, status)
        self.working_hours: dict | None = {
            "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
            "startTime": "08:00:00.0000000",
            "endTime": "17:00:00.0000000",
            "timeZone": {"name": "Pacific Standard Time"},
        }
        self.malformed: dict[str, object] = {}  # mailbox -> its ``value`` item as sent (another shape)
        self.envelope: object | None = None  # the whole 200 body as sent, instead of the documented one

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return _error(401, "InvalidAuthenticationToken", "Access token is empty.")
        parts = request.url.path.strip("/").split("/")
        if (
            request.method != "POST"
            or len(parts) != 5
            or parts[:2] != ["v1.0", "users"]
            or parts[3:]
            != [
                "calendar",
                "getSchedule",
            ]
        ):
            return _error(404, "ResourceNotFound", "Resource not found.")
        if parts[2].lower() not in {m.lower() for m in self.mailboxes}:
            return _error(404, "ErrorInvalidUser", f"The requested user '{parts[2]}' is invalid.")
        query = body(request)
        schedules = query.get("schedules") or []
        start, end = _when(query["startTime"]), _when(query["endTime"])
        interval = query.get("availabilityViewInterval", 30)
        if not schedules or len(schedules) > MAX_SCHEDULES:
            return _error(400, "ErrorInvalidParameter", "Between 1 and 20 schedules.")
        if not 0 < end - start < MAX_PERIOD or not 5 <= interval <= 1440:
            return _error(400, "ErrorInvalidParameter", "The period or the interval is out of range.")
        values = []
        if self.envelope is not None:
            return as_sent(200, self.envelope)
        for who in schedules:
            if who in self.malformed:
                values.append(self.malformed[who])
                continue
            if who.lower() not in {m.lower() for m in self.mailboxes}:
                values.append(
                    {
                        "scheduleId": who,
                        "availabilityView": "",
                        "error": {
                            "message": "The specified user could not be resolved.",
                            "responseCode": "ErrorMailRecipientNotFound",
                        },
                    }
                )
                continue
            items = [
                {"status": status, "start": _graph_time(a), "end": _graph_time(b)}
                for a, b, status in self.items.get(who, [])
                if a < end and b > start
            ]
            value = {"scheduleId": who, "availabilityView": "", "scheduleItems": items}
            if self.working_hours is not None:
                value["workingHours"] = self.working_hours
            values.append(value)
        return as_sent(200, {"value": values})
