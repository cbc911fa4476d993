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
- Answers of another shape than documented, with 200: ``malformed[mailbox]`` is that schedule's
  ``value`` item as sent; ``envelope`` is the whole body as sent.

Change notifications (docs/PROVIDERS.md, Microsoft push rows):
- ``POST /v1.0/subscriptions``: ``resource`` ``users/{mailbox}/events`` of a known mailbox, https
  ``notificationUrl``/``lifecycleNotificationUrl``, ``clientState`` of at most 128 characters, an
  ``expirationDateTime`` in the future and at most MAX_MINUTES ahead (else 400). Before answering,
  it validates each URL: ``validator(url + "?validationToken=...")`` must answer 200, text/plain,
  the token itself, within 10 s, or the creation fails (400 ``ValidationError``). 201 with the
  subscription.
- ``PATCH /v1.0/subscriptions/{id}`` renews (the same limits), 200; ``POST .../reauthorize`` 204;
  ``DELETE`` 204; each 404 for a subscription it does not have (deleted, or past its expiration).
- ``change(mailbox)`` queues one change notification per live subscription on it, with its
  ``clientState``; ``lifecycle(id, event)`` a lifecycle notification (``reauthorizationRequired``,
  ``subscriptionRemoved`` (and the subscription is gone), ``missed``).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

import httpx

from tests.fakes.base import Fake, as_sent, body

TOKEN = "graph-token"  # a fake credential for a fake server
MAX_SCHEDULES = 20
MAX_PERIOD = 62 * 86_400
MAX_MINUTES = 10_080  # Outlook event subscriptions: "10,080 minutes (under 7 days)"
VALIDATION_SECONDS = 10
TENANT = "84bd8158-6d4d-4958-8b9f-9d6445542f95"

# What the fake calls to validate a notification URL: (url with ?validationToken=) -> (status,
# content type, body). Tests hand in whofree's webhook function.
Validator = Callable[[str], tuple[int, str, str]]


@dataclass
class Subscription:
    id: str
    mailbox: str
    notification_url: str
    lifecycle_url: str | None
    client_state: str | None
    expiration: float  # Unix seconds
    deleted: bool = False
    reauthorized: int = 0


@dataclass(frozen=True)
class Message:
    """A notification the fake would POST to ``url``: this JSON body."""

    url: str
    body: dict


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


def _parse(text: str) -> float:
    head, _, _ = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(head).replace(tzinfo=UTC).timestamp()


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
        self.malformed: dict[str, object] = {}  # mailbox -> its ``value`` item as sent (another shape)
        self.envelope: object | None = None  # the whole 200 body as sent, instead of the documented one
        self.clock: Callable[[], float] = time.time
        self.validator: Validator | None = None
        self.subscriptions: dict[str, Subscription] = {}
        self.outbox: list[Message] = []

    # ------------------------------------------------------------ subscriptions
    def live(self, mailbox: str | None = None) -> list[Subscription]:
        now = self.clock()
        return [
            s
            for s in self.subscriptions.values()
            if not s.deleted and s.expiration > now and (mailbox is None or s.mailbox.lower() == mailbox.lower())
        ]

    def _item(self, sub: Subscription) -> dict:
        return {
            "subscriptionId": sub.id,
            "subscriptionExpirationDateTime": _iso(sub.expiration),
            "tenantId": TENANT,
            **({"clientState": sub.client_state} if sub.client_state is not None else {}),
        }

    def change(self, mailbox: str) -> None:
        for sub in self.live(mailbox):
            event_id = uuid.uuid4().hex
            item = self._item(sub) | {
                "changeType": "updated",
                "resource": f"Users/{sub.mailbox}/Events/{event_id}",
                "resourceData": {"@odata.type": "#Microsoft.Graph.Event", "id": event_id},
            }
            self.outbox.append(Message(sub.notification_url, {"value": [item]}))

    def lifecycle(self, subscription_id: str, event: str) -> None:
        sub = self.subscriptions[subscription_id]
        self.outbox.append(
            Message(sub.lifecycle_url or sub.notification_url, {"value": [self._item(sub) | {"lifecycleEvent": event}]})
        )
        if event == "subscriptionRemoved":
            sub.deleted = True

    def _validate(self, url: str) -> bool:
        if self.validator is None:
            return False
        token = f"Validation: Testing client application reachability for subscription Request-Id: {uuid.uuid4()}"
        started = time.monotonic()
        status, content_type, text = self.validator(f"{url}?validationToken={quote(token)}")
        return (
            time.monotonic() - started <= VALIDATION_SECONDS
            and status == 200
            and content_type.split(";")[0].strip() == "text/plain"
            and text == token
        )

    def _expiration(self, value: object) -> float | None:
        try:
            when = _parse(str(value))
        except ValueError:
            return None
        now = self.clock()
        return when if now < when <= now + MAX_MINUTES * 60 else None

    def _subscribe(self, request: httpx.Request) -> httpx.Response:
        query = body(request)
        resource = str(query.get("resource") or "").strip("/").split("/")
        if len(resource) != 3 or resource[0].lower() != "users" or resource[2].lower() != "events":
            return _error(400, "InvalidRequest", "Unsupported resource.")
        if resource[1].lower() not in {m.lower() for m in self.mailboxes}:
            return _error(404, "ResourceNotFound", "The mailbox is not known.")
        urls = [query.get("notificationUrl"), query.get("lifecycleNotificationUrl")]
        if not all(isinstance(u, str) and u.startswith("https://") for u in urls if u is not None) or not urls[0]:
            return _error(400, "InvalidRequest", "The notification URL must be https.")
        state = query.get("clientState")
        if state is not None and len(state) > 128:
            return _error(400, "InvalidRequest", "clientState is longer than 128 characters.")
        expiration = self._expiration(query.get("expirationDateTime"))
        if expiration is None:
            return _error(400, "InvalidRequest", f"Subscription expiration can only be {MAX_MINUTES} minutes ahead.")
        for url in dict.fromkeys(u for u in urls if u):
            if not self._validate(url):
                return _error(
                    400,
                    "ValidationError",
                    "Subscription validation request failed. Notification endpoint must respond with 200 OK "
                    "to validation request.",
                )
        sub = Subscription(str(uuid.uuid4()), resource[1], urls[0], urls[1], state, expiration)
        self.subscriptions[sub.id] = sub
        return httpx.Response(201, json=self._resource(sub))

    def _resource(self, sub: Subscription) -> dict:
        return {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity",
            "id": sub.id,
            "resource": f"users/{sub.mailbox}/events",
            "changeType": "created,updated,deleted",
            "notificationUrl": sub.notification_url,
            "lifecycleNotificationUrl": sub.lifecycle_url,
            "expirationDateTime": _iso(sub.expiration),
            "clientState": sub.client_state,
        }

    def _subscription(self, request: httpx.Request, parts: list[str]) -> httpx.Response:
        sub = self.subscriptions.get(parts[2]) if len(parts) >= 3 else None
        if sub is None or sub not in self.live():
            return _error(404, "ResourceNotFound", "The object was not found.")
        if request.method == "PATCH" and len(parts) == 3:
            expiration = self._expiration(body(request).get("expirationDateTime"))
            if expiration is None:
                return _error(
                    400, "InvalidRequest", f"Subscription expiration can only be {MAX_MINUTES} minutes ahead."
                )
            sub.expiration = expiration
            return httpx.Response(200, json=self._resource(sub))
        if request.method == "DELETE" and len(parts) == 3:
            sub.deleted = True
            return httpx.Response(204)
        if request.method == "POST" and parts[3:] == ["reauthorize"]:
            sub.reauthorized += 1
            return httpx.Response(204)
        return _error(405, "BadRequest", "Unsupported.")

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return _error(401, "InvalidAuthenticationToken", "Access token is empty.")
        parts = request.url.path.strip("/").split("/")
        if request.method == "GET" and len(parts) == 3 and parts[:2] == ["v1.0", "users"]:
            return self._user(parts[2], request.url.params.get("$select"))
        if parts[:2] == ["v1.0", "subscriptions"]:
            if len(parts) == 2 and request.method == "POST":
                return self._subscribe(request)
            return self._subscription(request, parts)
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
