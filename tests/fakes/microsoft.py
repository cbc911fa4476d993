"""A fake Microsoft Graph calendar getSchedule (docs/PROVIDERS.md, Microsoft table).

- ``POST /v1.0/users/{mailbox}/calendar/getSchedule`` with a Bearer token. The URL mailbox must be
  one the tenant knows (``mailboxes``), or the whole call fails: 404 ``ErrorInvalidUser``.
- At most 20 ``schedules`` and a period shorter than 62 days, ``availabilityViewInterval`` 5-1440:
  otherwise 400.
- 200 with one ``value`` item per schedule: ``scheduleItems`` overlapping the period (``status`` as
  Graph spells it, any case) and ``workingHours``; an unknown schedule (an object id, say: schedules
  are SMTP addresses) is an item with ``error`` inside the 200.
- ``GET /v1.0/users/{id | userPrincipalName}`` with ``$select`` (microsoft-graph-docs-contrib
  ``api-reference/v1.0/api/user-get.md``): the selected properties of a known user (``users``), whose
  ``mail`` (its SMTP address, ``resources/user.md``) may be null; 404 ``Request_ResourceNotFound``
  otherwise.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.fakes.base import Fake, body

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
        self.users: dict[str, dict] = {}  # object id -> {"mail", "userPrincipalName"}
        self.items: dict[str, list[tuple[float, float, str]]] = {}  # mailbox -> (start, end, status)
        self.working_hours: dict | None = {
            "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
            "startTime": "08:00:00.0000000",
            "endTime": "17:00:00.0000000",
            "timeZone": {"name": "Pacific Standard Time"},
        }

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return _error(401, "InvalidAuthenticationToken", "Access token is empty.")
        parts = request.url.path.strip("/").split("/")
        if request.method == "GET" and len(parts) == 3 and parts[:2] == ["v1.0", "users"]:
            return self._user(parts[2], request.url.params.get("$select"))
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
        if not self._known(parts[2]):
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
        for who in schedules:
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
        return httpx.Response(200, json={"value": values})

    def _known(self, mailbox: str) -> bool:
        """A URL mailbox resolves by SMTP address, or by a user's object id or principal name."""
        user = self._find(mailbox)
        mail = (user or {}).get("mail") or mailbox
        return mail.lower() in {m.lower() for m in self.mailboxes}

    def _find(self, key: str) -> dict | None:
        # Object ids (GUIDs) and user principal names are matched without regard to case.
        return next(
            (
                u
                for k, u in self.users.items()
                if key.lower() in (k.lower(), (u.get("userPrincipalName") or "").lower())
            ),
            None,
        )

    def _user(self, key: str, select: str | None) -> httpx.Response:
        user = self._find(key)
        if user is None:
            return _error(
                404,
                "Request_ResourceNotFound",
                f"Resource '{key}' does not exist or one of its queried reference-property objects are not present.",
            )
        fields = [f for f in (select or "").split(",") if f] or ["mail", "userPrincipalName", "displayName"]
        return httpx.Response(
            200,
            json={"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users"}
            | {f: user.get(f) for f in fields},
        )
