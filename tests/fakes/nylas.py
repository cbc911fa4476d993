"""A fake Nylas v3 (docs/PROVIDERS.md, Nylas table), served on 127.0.0.1 or used in process.

- Bearer API key, else 401 in Nylas's error body.
- ``GET /v3/grants/{grant_id}``: the grant, with its ``provider`` (``google`` unless set in
  ``providers``); an unknown grant -> 404.
- ``POST /v3/grants/{grant_id}/calendars/free-busy``: at most 50 emails for a Google grant and 20 for a
  Microsoft (or EWS) grant, and at most 30 days from ``start_time`` (the spec copy's limit; the docs
  allow more) -> else 400 ``invalid_request_error``; always 200 otherwise, with one item per email:
  ``free_busy`` with the busy ``time_slots`` overlapping the range, or ``error`` for a broken one.
  Emails come back as the provider spells them (``spelling``), which may differ in case.
- Answers of another shape than documented, with 200: ``malformed[email]`` is that email's ``data``
  item as sent; ``envelope`` is the whole free/busy body as sent; ``grant_answer`` the grant's.
"""

from __future__ import annotations

import httpx

from tests.fakes.base import Fake, as_sent, body

KEY = "nylas-test-key"  # a fake credential for a fake server
BATCH_LIMITS = {"google": 50, "microsoft": 20, "ews": 20}
MAX_SPAN = 30 * 86_400


def _error(status: int, kind: str, message: str) -> httpx.Response:
    return httpx.Response(status, json={"request_id": "r", "error": {"type": kind, "message": message}})


class FakeNylas(Fake):
    def __init__(self, serve: bool = True) -> None:
        super().__init__()
        self.busy: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (grant, email) -> blocks
        self.broken: set[str] = set()  # emails answered with an error item
        self.providers: dict[str, str] = {}  # grant -> provider (default google)
        self.unknown_grants: set[str] = set()
        self.spelling: dict[str, str] = {}  # email -> how the provider spells it in answers
        self.calls: list[dict] = []  # free/busy calls
        self.grant_lookups: list[str] = []
        self.malformed: dict[str, object] = {}
        self.envelope: object | None = None
        self.grant_answer: object | None = None
        if serve:
            self.serve()

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {KEY}":
            return _error(401, "unauthorized", "Unauthorized")
        parts = request.url.path.strip("/").split("/")
        if len(parts) < 3 or parts[:2] != ["v3", "grants"]:
            return _error(404, "not_found_error", "Not found")
        grant = parts[2]
        if grant in self.unknown_grants:
            return _error(404, "not_found_error", "Grant not found")
        provider = self.providers.get(grant, "google")
        if request.method == "GET" and len(parts) == 3:
            self.grant_lookups.append(grant)
            if self.grant_answer is not None:
                return as_sent(200, self.grant_answer)
            return httpx.Response(
                200, json={"request_id": "r", "data": {"id": grant, "provider": provider, "grant_status": "valid"}}
            )
        if request.method != "POST" or parts[3:] != ["calendars", "free-busy"]:
            return _error(404, "not_found_error", "Not found")
        query = body(request)
        self.calls.append({"grant": grant, **query})
        emails = query["emails"]
        if len(emails) > BATCH_LIMITS.get(provider, 20):
            return _error(400, "invalid_request_error", f"Too many emails for a {provider} grant.")
        if query["end_time"] - query["start_time"] > MAX_SPAN:
            return _error(400, "invalid_request_error", "The time span is too long.")
        if self.envelope is not None:
            return as_sent(200, self.envelope)
        data = []
        for email in emails:
            spelled = self.spelling.get(email, email)
            if email in self.malformed:
                data.append(self.malformed[email])
                continue
            if email.lower() in {b.lower() for b in self.broken}:
                data.append({"object": "error", "email": spelled, "error": "Unable to resolve e-mail address"})
                continue
            blocks = next((v for (g, e), v in self.busy.items() if g == grant and e.lower() == email.lower()), [])
            slots = [
                {"object": "time_slot", "status": "busy", "start_time": a, "end_time": b}
                for a, b in blocks
                if a < query["end_time"] and b > query["start_time"]
            ]
            data.append({"object": "free_busy", "email": spelled, "time_slots": slots})
        return as_sent(200, {"request_id": "r", "data": data})
