"""A fake Google Calendar freeBusy (docs/PROVIDERS.md, Google table).

- POST /calendar/v3/freeBusy with a Bearer token; ``timeMin``/``timeMax`` RFC 3339.
- ``timeMax <= timeMin`` -> 400 ``timeRangeEmpty``; a range longer than 90 days -> 400
  ``timeRangeTooLong``; more than 50 items -> 400 ``tooManyCalendarsRequested``.
- 200 with ``calendars`` for every item: busy blocks overlapping the range (clipped to it), or
  ``errors: [{"domain": "global", "reason": "notFound"}]`` for a calendar it does not know.
- ``rate_limited``: that many calls answered 403 ``rateLimitExceeded`` (domain ``usageLimits``) first.
- Answers of another shape than documented, with 200: ``malformed[calendar id]`` is that calendar's entry
  as sent; ``envelope`` is the whole body as sent.
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.fakes.base import Fake, as_sent, body

TOKEN = "g-token"  # a fake credential for a fake server
MAX_RANGE = 90 * 86_400
MAX_ITEMS = 50


def _ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _error(status: int, reason: str, message: str) -> httpx.Response:
    return httpx.Response(
        status,
        json={
            "error": {
                "code": status,
                "message": message,
                "errors": [{"domain": "usageLimits" if status == 403 else "calendar", "reason": reason}],
            }
        },
    )


class FakeGoogle(Fake):
    def __init__(self) -> None:
        super().__init__()
        self.busy: dict[str, list[tuple[float, float]]] = {}  # calendar id -> busy blocks
        self.rate_limited = 0
        self.malformed: dict[str, object] = {}  # calendar id -> its entry as sent (another shape than documented)
        self.envelope: object | None = None  # the whole 200 body as sent, instead of the documented one

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return _error(401, "authError", "Invalid Credentials")
        if request.method != "POST" or request.url.path != "/calendar/v3/freeBusy":
            return _error(404, "notFound", "Not Found")
        if self.rate_limited > 0:
            self.rate_limited -= 1
            return _error(403, "rateLimitExceeded", "Rate Limit Exceeded")
        query = body(request)
        start, end = _ts(query["timeMin"]), _ts(query["timeMax"])
        if end <= start:
            return _error(400, "timeRangeEmpty", "The specified time range is empty.")
        if end - start > MAX_RANGE:
            return _error(400, "timeRangeTooLong", "The requested time range is too long.")
        items = query.get("items") or []
        if len(items) > MAX_ITEMS:
            return _error(400, "tooManyCalendarsRequested", "Too many calendars requested.")
        if self.envelope is not None:
            return as_sent(200, self.envelope)
        calendars = {}
        for item in items:
            cid = item["id"]
            if cid in self.malformed:
                calendars[cid] = self.malformed[cid]
                continue
            if cid not in self.busy:
                calendars[cid] = {"errors": [{"domain": "global", "reason": "notFound"}], "busy": []}
                continue
            calendars[cid] = {
                "busy": [
                    {"start": _iso(max(a, start)), "end": _iso(min(b, end))}
                    for a, b in self.busy[cid]
                    if a < end and b > start
                ]
            }
        return as_sent(
            200,
            {
                "kind": "calendar#freeBusy",
                "timeMin": query["timeMin"],
                "timeMax": query["timeMax"],
                "calendars": calendars,
            },
        )
