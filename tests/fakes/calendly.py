"""A fake Calendly API v2 on 127.0.0.1, close to the real one where whofree depends on it.

- Bearer auth; 401 in Calendly's error body otherwise.
- /event_type_memberships is paginated (keyset, all five pagination keys), page size <= count.
- /user_busy_times refuses windows over 7 days, /event_type_available_times over 31 days, and both
  starts in the past.
- Faults are scripted per path prefix (and per user): "429" (X-RateLimit-Reset: 1), "500", "timeout"
  (answers after the client gave up), "garbage" (not JSON), "403" (a host outside the organization);
  a fault list is consumed one per request, a fault set with ``always=True`` never runs out.
- ``malformed(path, body, user=...)``: a 200 whose body is ``body`` (any JSON value: another shape than
  Calendly documents), for that path prefix (and user), on every request.
- ``latency`` seconds are added to every answer (the benchmark uses 0.15).
- Group event types (``kind: "group"``, ``add_group_meeting``): a booked group meeting is a
  ``/scheduled_events/{uuid}`` (``resource.event_type``, ``invitees_counter``) and, for each of its
  hosts, a ``/user_busy_times`` item of ``type: "calendly"`` with ``event.uri``; its slot stays in
  ``/event_type_available_times`` with ``invitees_remaining`` = the seats left while some are left
  (providers.md, Calendly audit row on group event types; the spec's ``UserBusyTime`` and ``Event``).
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from collections.abc import Container
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TOKEN = "test-token"  # a fake credential for a fake server
API = "https://api.calendly.com"


def _ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(epoch))


class FakeCalendly:
    def __init__(self, latency: float = 0.0, page_size: int = 2) -> None:
        self.latency = latency
        self.page_size = page_size
        self.event_types: dict[str, dict] = {}  # uuid -> resource
        self.members: dict[str, list[dict]] = {}  # event type URI -> member users
        self.schedules: dict[str, dict] = {}  # user URI -> schedule
        self.busy: dict[str, list[tuple]] = defaultdict(list)  # user URI -> (start, end, busy item)
        self.available: dict[str, list[float]] = {}  # event type URI -> slot starts
        self.remaining: dict[tuple[str, float], int] = {}  # (event type URI, start) -> seats left (default 1)
        self.scheduled: dict[str, dict] = {}  # scheduled event uuid -> resource
        # event type URI -> its own availability rules: {"timezone", "user"?, "rules"} (providers.md §9)
        self.type_schedules: dict[str, list[dict]] = {}
        self.faults: list[tuple[str, str | None, list[str], bool]] = []
        self.shapes: list[tuple[str, str | None, object]] = []  # (path prefix, user, 200 body)
        self.requests: list[tuple[str, str, dict]] = []
        self.other_tokens: Container[str] = ()  # access tokens accepted besides TOKEN (issued by OAuth)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------ set-up
    def add_event_type(self, uuid: str, duration: int, pooling: str | None = "round_robin", **extra) -> str:
        uri = f"{API}/event_types/{uuid}"
        self.event_types[uuid] = {
            "uri": uri,
            "name": extra.pop("name", "Intro call"),
            "active": True,
            "slug": uuid,
            "scheduling_url": f"https://calendly.com/acme/{uuid}",
            "duration": duration,
            "kind": "solo",
            "pooling_type": pooling,
            "type": "StandardEventType",
            **extra,
        }
        self.members[uri] = []
        return uri

    def add_host(self, event_type: str, uuid: str, name: str, email: str, timezone: str, rules: list[dict]) -> str:
        user = f"{API}/users/{uuid}"
        self.members[event_type].append(
            {
                "uri": user,
                "name": name,
                "slug": uuid,
                "email": email,
                "timezone": timezone,
                "scheduling_url": f"https://calendly.com/{uuid}",
                "resource_type": "User",
            }
        )
        self.schedules[user] = {
            "uri": f"{API}/user_availability_schedule/{uuid}",
            "default": True,
            "name": "Working Hours",
            "user": user,
            "timezone": timezone,
            "rules": rules,
        }
        return user

    def add_busy(self, user: str, start: float, end: float, buffer_before: int = 0, buffer_after: int = 0) -> None:
        item = {"type": "external", "start_time": _iso(start), "end_time": _iso(end)}
        if buffer_before or buffer_after:
            item |= {
                "type": "calendly",
                "buffered_start_time": _iso(start - buffer_before),
                "buffered_end_time": _iso(end + buffer_after),
                "event": {"uri": f"{API}/scheduled_events/x"},
            }
        self.busy[user].append((start, end, item))

    def add_group_meeting(
        self, uuid: str, event_type: str, users: list[str], start: float, end: float, invitees: int, seats: int
    ) -> str:
        """A group meeting booked through ``event_type``: in each host's busy times (a Calendly event),
        and its slot offered while seats are left."""
        uri = f"{API}/scheduled_events/{uuid}"
        self.scheduled[uuid] = {
            "uri": uri,
            "name": "Group session",
            "status": "active",
            "start_time": _iso(start),
            "end_time": _iso(end),
            "event_type": event_type,
            "invitees_counter": {"total": invitees, "active": invitees, "limit": seats},
        }
        for user in users:
            item = {
                "type": "calendly",
                "start_time": _iso(start),
                "end_time": _iso(end),
                "buffered_start_time": _iso(start),
                "buffered_end_time": _iso(end),
                "event": {"uri": uri},
            }
            self.busy[user].append((start, end, item))
        self.remaining[(event_type, start)] = seats - invitees
        if seats - invitees <= 0:
            self.available[event_type] = [s for s in self.available.get(event_type, []) if s != start]
        return uri

    def fail(self, path: str, *kinds: str, user: str | None = None, always: bool = False) -> None:
        self.faults.append((path, user, list(kinds), always))

    def malformed(self, path: str, body: object, user: str | None = None) -> None:
        """Answer ``path`` (a prefix; for ``user`` only, when given) with 200 and ``body``."""
        self.shapes.append((path, user, body))

    def calls(self, path: str) -> list[dict]:
        return [params for _, p, params in self.requests if p.startswith(path)]

    # ------------------------------------------------------------ server
    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle on, a keep-alive client's delayed ACK
            # would add ~40 ms to every answer.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                fake._handle(self)

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 256  # the default backlog of 5 would drop a 50-way burst

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def _fault(self, path: str, params: dict) -> str | None:
        with self._lock:
            for n, (prefix, user, kinds, always) in enumerate(self.faults):
                if path.startswith(prefix) and (user is None or params.get("user") == user) and kinds:
                    if always:
                        return kinds[0]
                    kind = kinds.pop(0)
                    if not kinds:
                        self.faults.pop(n)
                    return kind
        return None

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            self.requests.append(("GET", parts.path, params))
        if self.latency:
            time.sleep(self.latency)
        scheme, _, bearer = (h.headers.get("Authorization") or "").partition(" ")
        if scheme != "Bearer" or (bearer != TOKEN and bearer not in self.other_tokens):
            return self._send(h, 401, {"title": "Unauthenticated", "message": "The access token is invalid"})
        fault = self._fault(parts.path, params)
        if fault == "429":
            return self._send(
                h,
                429,
                {"title": "Too Many Requests", "message": "slow down"},
                {"X-RateLimit-Limit": "500", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"},
            )
        if fault == "500":
            return self._send(h, 500, {"title": "Internal Server Error", "message": "oops"})
        if fault == "403":
            return self._send(
                h, 403, {"title": "Permission Denied", "message": "This user is not in your organization"}
            )
        if fault == "timeout":
            time.sleep(3)
            return self._send(h, 500, {"title": "Too late"})
        if fault == "garbage":
            return self._send_raw(h, 200, b"<html>not json")
        for prefix, user, shape in self.shapes:
            if parts.path.startswith(prefix) and (user is None or params.get("user") == user):
                return self._send(h, 200, shape)
        status, body = self._route(parts.path, params)
        self._send(h, status, body)

    def _route(self, path: str, q: dict) -> tuple[int, dict]:
        if path.startswith("/scheduled_events/"):
            resource = self.scheduled.get(path.rsplit("/", 1)[1])
            return (200, {"resource": resource}) if resource else (404, {"title": "Resource Not Found", "message": "x"})
        if path.startswith("/event_types/"):
            resource = self.event_types.get(path.rsplit("/", 1)[1])
            return (200, {"resource": resource}) if resource else (404, {"title": "Resource Not Found", "message": "x"})
        if path == "/event_type_memberships":
            members = self.members.get(q.get("event_type", ""))
            if members is None:
                return 404, {"title": "Resource Not Found", "message": "x"}
            size = min(int(q.get("count", 20)), self.page_size)
            offset = int(q.get("page_token", "0"))
            page = members[offset : offset + size]
            more = offset + size < len(members)
            return 200, {
                "collection": [
                    {
                        "uri": f"{API}/event_type_memberships/{m['slug']}",
                        "event_type": {"uri": q["event_type"]},
                        "member": m,
                    }
                    for m in page
                ],
                "pagination": {
                    "count": len(page),
                    "next_page": None,
                    "previous_page": None,
                    "next_page_token": str(offset + size) if more else None,
                    "previous_page_token": None,
                },
            }
        if path == "/event_type_availability_schedules":
            event_type = q.get("event_type", "")
            if event_type not in self.members:
                return 404, {"title": "Resource Not Found", "message": "x"}
            rules = [
                r for r in self.type_schedules.get(event_type, []) if "user" not in q or r.get("user") == q["user"]
            ]
            size = min(int(q.get("count", 20)), self.page_size)
            offset = int(q.get("page_token", "0"))
            page = rules[offset : offset + size]
            more = offset + size < len(rules)
            return 200, {
                "collection": [
                    {"availability_rule": rule, "availability_setting": "host" if rule.get("user") else "event_type"}
                    for rule in page
                ],
                "pagination": {
                    "count": len(page),
                    "next_page": None,
                    "previous_page": None,
                    "next_page_token": str(offset + size) if more else None,
                    "previous_page_token": None,
                },
            }
        if path == "/user_availability_schedules":
            schedule = self.schedules.get(q.get("user", ""))
            return (
                (200, {"collection": [schedule]})
                if schedule
                else (404, {"title": "Resource Not Found", "message": "x"})
            )
        if path in ("/user_busy_times", "/event_type_available_times"):
            try:
                start, end = _ts(q["start_time"]), _ts(q["end_time"])
            except (KeyError, ValueError):
                return 400, {"title": "Invalid Argument", "message": "The supplied parameters are invalid."}
            limit = 7 if path == "/user_busy_times" else 31  # available times: 31 days since July 2026
            if start < time.time() - 5 or end <= start or end - start > limit * 86_400:
                return 400, {
                    "title": "Invalid Argument",
                    "message": "The supplied parameters are invalid.",
                    "details": [{"parameter": "start_time", "message": "must be in the future, span <= 7 days"}],
                }
            if path == "/user_busy_times":
                items = sorted(
                    (s, item) for s, e, item in self.busy.get(q.get("user", ""), []) if s < end and e > start
                )
                return 200, {"collection": [item for _, item in items]}
            event_type = q.get("event_type", "")
            starts = [s for s in self.available.get(event_type, []) if start <= s < end]
            uuid = event_type.rsplit("/", 1)[1]
            return 200, {
                "collection": [
                    {
                        "status": "available",
                        "invitees_remaining": self.remaining.get((event_type, s), 1),
                        "start_time": _iso(s),
                        "scheduling_url": f"https://calendly.com/acme/{uuid}/{_iso(s)}",
                    }
                    for s in starts
                ]
            }
        return 404, {"title": "Resource Not Found", "message": "No such route"}

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: object, headers: dict | None = None) -> None:
        self._send_raw(h, status, json.dumps(body).encode(), headers)

    def _send_raw(self, h: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict | None = None) -> None:
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                h.send_header(key, value)
            h.end_headers()
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a scripted timeout)
