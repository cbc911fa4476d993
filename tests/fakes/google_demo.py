"""The demo's Google Calendar, served by `make run` itself under /local/google (loopback only).

A deliberately small stand-in for Google's freeBusy endpoint (POST /calendar/v3/freeBusy, the
request and answer shapes of docs/PROVIDERS.md): it answers for the demo's calendars, clipped to the
asked window, and reports any other calendar as `notFound` as Google does. The faithful fake that
the connector tests use is tests/fakes/google.py; this one only feeds the README's examples.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

PREFIX = "/local/google"
TOKEN = "demo-google-token"  # a fake credential for a fake server
# calendar id -> busy blocks (UTC). Marco, in Rome: a long lunch on Monday 11 March 2030 and a
# late-afternoon call on Tuesday.
BUSY = {
    "marco@example.com": [
        ("2030-03-11T11:00:00Z", "2030-03-11T13:00:00Z"),
        ("2030-03-12T15:00:00Z", "2030-03-12T16:00:00Z"),
    ],
}


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def answer(method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes] | None:
    """The demo Google's answer to one request, or None when the path is not Google's."""
    if not path.startswith(PREFIX):
        return None
    json_type = {"Content-Type": "application/json; charset=UTF-8"}
    if method != "POST" or path.split("?", maxsplit=1)[0] != f"{PREFIX}/calendar/v3/freeBusy":
        return 404, json_type, json.dumps({"error": {"code": 404, "message": "Not Found"}}).encode()
    auth = {k.lower(): v for k, v in headers.items()}.get("authorization")
    if auth != f"Bearer {TOKEN}":
        error = {"code": 401, "message": "Request had invalid authentication credentials.", "status": "UNAUTHENTICATED"}
        return 401, json_type, json.dumps({"error": error}).encode()
    try:
        request = json.loads(body)
        low, high = _instant(request["timeMin"]), _instant(request["timeMax"])
        ids = [item["id"] for item in request["items"]]
    except (ValueError, KeyError, TypeError):
        return 400, json_type, json.dumps({"error": {"code": 400, "message": "Bad Request"}}).encode()
    calendars = {}
    for calendar in ids:
        if calendar not in BUSY:
            calendars[calendar] = {"errors": [{"domain": "global", "reason": "notFound"}], "busy": []}
            continue
        busy = []
        for start, end in BUSY[calendar]:
            s, e = max(_instant(start), low), min(_instant(end), high)
            if s < e:
                busy.append({"start": s.strftime("%Y-%m-%dT%H:%M:%SZ"), "end": e.strftime("%Y-%m-%dT%H:%M:%SZ")})
        calendars[calendar] = {"busy": busy}
    out = {
        "kind": "calendar#freeBusy",
        "timeMin": request["timeMin"],
        "timeMax": request["timeMax"],
        "calendars": calendars,
    }
    return 200, json_type, json.dumps(out).encode()
