"""A fake Google Calendar freeBusy (docs/PROVIDERS.md, Google table).

- POST /calendar/v3/freeBusy with a Bearer token; ``timeMin``/``timeMax`` RFC 3339.
- ``timeMax <= timeMin`` -> 400 ``timeRangeEmpty``; a range longer than 90 days -> 400
  ``timeRangeTooLong``; more than 50 items -> 400 ``tooManyCalendarsRequested``.
- 200 with ``calendars`` for every item: busy blocks overlapping the range (clipped to it), or
  ``errors: [{"domain": "global", "reason": "notFound"}]`` for a calendar it does not know.
- ``rate_limited``: that many calls answered 403 ``rateLimitExceeded`` (domain ``usageLimits``) first.
- Answers of another shape than documented, with 200: ``malformed[calendar id]`` is that calendar's entry
  as sent; ``envelope`` is the whole body as sent.

Push channels (docs/PROVIDERS.md, Google push rows):
- ``POST /calendar/v3/calendars/{id}/events/watch`` ``{"id", "type": "web_hook", "address", "token",
  "params": {"ttl"}}``: 200 ``{"kind": "api#channel", "id", "resourceId", "resourceUri", "token",
  "expiration"}`` (Unix ms as a string); ``ttl`` defaults to 604800 s. An address that is not https,
  a type other than ``web_hook``/``webhook``, an id over 64 characters or one already used: 400.
  The calendar's ``resourceId`` is the same for every channel on it.
- Right after, the channel's first message (``X-Goog-Resource-State: sync``, message number 1) goes
  to ``outbox``; ``change(calendar)`` queues ``exists`` on every live channel of the calendar.
  A channel past its expiration, or stopped, delivers nothing.
- ``POST /calendar/v3/channels/stop`` ``{"id", "resourceId"}``: an empty 204; 404 for a channel it
  does not know.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote

import httpx

from tests.fakes.base import Fake, as_sent, body

TOKEN = "g-token"  # a fake credential for a fake server
MAX_RANGE = 90 * 86_400
MAX_ITEMS = 50
DEFAULT_TTL = 604_800  # events.watch params.ttl: "Default is 604800 seconds"
MAX_CHANNEL_ID = 64


@dataclass
class Channel:
    id: str
    calendar: str
    resource_id: str
    token: str | None
    address: str
    expiration: float  # Unix seconds
    sent: int = 0
    stopped: bool = False


@dataclass(frozen=True)
class Message:
    """A notification the fake would POST: to ``address``, with these headers and an empty body."""

    address: str
    headers: dict[str, str]


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
        self.clock: Callable[[], float] = time.time
        self.channels: dict[str, Channel] = {}
        self.outbox: list[Message] = []

    def live(self, calendar: str | None = None) -> list[Channel]:
        now = self.clock()
        return [
            c
            for c in self.channels.values()
            if not c.stopped and c.expiration > now and (calendar is None or c.calendar == calendar)
        ]

    def _message(self, channel: Channel, state: str) -> None:
        channel.sent += 1
        headers = {
            "X-Goog-Channel-ID": channel.id,
            "X-Goog-Message-Number": str(channel.sent),
            "X-Goog-Resource-ID": channel.resource_id,
            "X-Goog-Resource-State": state,
            "X-Goog-Resource-URI": f"https://www.googleapis.com/calendar/v3/calendars/{channel.calendar}/events",
            "X-Goog-Channel-Expiration": datetime.fromtimestamp(channel.expiration, UTC).strftime(
                "%a, %d %b %Y %H:%M:%S GMT"
            ),
        }
        if channel.token is not None:
            headers["X-Goog-Channel-Token"] = channel.token
        self.outbox.append(Message(channel.address, headers))

    def change(self, calendar: str) -> None:
        """An event of ``calendar`` changed: every live channel on it sends ``exists``."""
        for channel in self.live(calendar):
            self._message(channel, "exists")

    def _watch(self, calendar: str, request: httpx.Request) -> httpx.Response:
        if calendar not in self.busy:
            return _error(404, "notFound", "Not Found")
        query = body(request)
        channel_id = query.get("id") or ""
        if not channel_id or len(channel_id) > MAX_CHANNEL_ID or channel_id in self.channels:
            return _error(
                400, "channelIdInvalid" if channel_id not in self.channels else "channelIdNotUnique", "Bad id"
            )
        if query.get("type") not in ("web_hook", "webhook"):
            return _error(400, "invalid", "Invalid channel type")
        if not str(query.get("address") or "").startswith("https://"):
            return _error(400, "push.webhookUrlNotHttps", "WebHook callback must be HTTPS")
        ttl = int((query.get("params") or {}).get("ttl") or DEFAULT_TTL)
        resource_id = hashlib.sha256(calendar.encode()).hexdigest()[:27]
        channel = Channel(channel_id, calendar, resource_id, query.get("token"), query["address"], self.clock() + ttl)
        self.channels[channel_id] = channel
        self._message(channel, "sync")  # "notifications are starting"
        return httpx.Response(
            200,
            json={
                "kind": "api#channel",
                "id": channel_id,
                "resourceId": resource_id,
                "resourceUri": f"https://www.googleapis.com/calendar/v3/calendars/{calendar}/events?alt=json",
                **({"token": channel.token} if channel.token is not None else {}),
                "expiration": str(int(channel.expiration * 1000)),
            },
        )

    def _stop(self, request: httpx.Request) -> httpx.Response:
        query = body(request)
        channel = self.channels.get(query.get("id") or "")
        if channel is None or channel.stopped or channel.resource_id != query.get("resourceId"):
            return _error(404, "notFound", f"Channel '{query.get('id')}' not found for project")
        channel.stopped = True
        return httpx.Response(204)

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return _error(401, "authError", "Invalid Credentials")
        path = request.url.path
        if request.method == "POST" and path == "/calendar/v3/channels/stop":
            return self._stop(request)
        if request.method == "POST" and path.startswith("/calendar/v3/calendars/") and path.endswith("/events/watch"):
            return self._watch(unquote(path[len("/calendar/v3/calendars/") : -len("/events/watch")]), request)
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
