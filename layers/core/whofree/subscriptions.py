"""Subscriptions (API.md §8): the routes' use cases, and publishing changes to the queue.

A subscription names event types (configured ids, Calendly event type URIs, ``calcom:<id>``, checked
as the event type routes check them) and an https URL on a public address (the ICS rules:
``whofree.providers.ics.public``; a name is checked again, resolved, when each event is sent).

``publish`` is called wherever availability changes (a webhook delivery or push notification, a
hold made or released, an event type replaced or deleted; a hold's expiry is published when it is
made, as an SQS message delayed until then). It reads the account's subscriptions (one Query), finds
the event types the change touches (the named ones, and each configured event type with a host the
change names by one of its handles) and enqueues one message per (subscription, event type) with a
fresh event ``id``. It is best effort: a failure is logged and counted (metric
``SubscriptionPublishFailures``), never the caller's error. ``whofree.sender`` sends the messages.
"""

from __future__ import annotations

import ipaddress
import json
import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from pydantic import ValidationError

from whofree.availability import validation_details
from whofree.context import Context
from whofree.data import event_types
from whofree.data import subscriptions as records
from whofree.data.table import required_table
from whofree.errors import Detail, InvalidArgument, NotFound, ServiceUnavailable
from whofree.instants import iso
from whofree.invalidation import touched
from whofree.models import SubscriptionRequest
from whofree.observability import logger, metrics
from whofree.providers import calcom, calendly, ics

EVENT = "availability.changed"
MAX_DELAY = 900  # SQS DelaySeconds: a later due time waits in the sender (a longer visibility timeout)
BATCH = 10  # SQS SendMessageBatch: at most 10 messages


class Refused(InvalidArgument):
    def __init__(self, message: str) -> None:
        super().__init__(details=[Detail("url", message)])


def _loopback_name(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def check_url(url: str, allow_loopback: bool = False) -> str:
    """``url`` as it goes on the wire; Refused (400 naming ``url``) unless it is https on a public
    address, or, only where ``allow_loopback`` (tests, the local runner), http(s) to loopback."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise Refused("The URL has no host.")
    if parts.scheme != "https" and not (parts.scheme == "http" and allow_loopback and _loopback_name(host)):
        raise Refused("Only https URLs receive events.")
    if parts.username is not None or parts.password is not None:
        raise Refused("Put no credentials in the URL: check each event's Whofree-Signature instead.")
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise Refused("The URL has a bad port.") from None
    if host.lower() == "localhost" and not allow_loopback:
        raise Refused("The URL points at an address that is not public.")
    try:
        if not ics.public(host, allow_loopback):
            raise Refused("The URL points at an address that is not public.")
    except ValueError:
        pass  # a name, not an address: checked when it is resolved, at every send
    try:
        return ics.ascii_url(url)
    except ics.Refused:
        raise Refused("The URL is not a valid URL.") from None


def _ref_problem(ref: str) -> str | None:
    if calendly.matches(ref) or calcom.matches(ref) or event_types.ID.fullmatch(ref):
        return None
    return "A configured event type id, a Calendly event type URI or calcom:<id>."


def parse(body: str, context: Context) -> SubscriptionRequest:
    """A POST body: strict JSON, each event type a valid reference, the url one that may be called."""
    try:
        request = SubscriptionRequest.model_validate_json(body or "", strict=True)
    except ValidationError as exc:
        raise InvalidArgument(details=validation_details(exc)) from None
    problems = [Detail(f"event_types[{i}]", p) for i, ref in enumerate(request.event_types) if (p := _ref_problem(ref))]
    if problems:
        raise InvalidArgument(details=problems)
    check_url(request.url, context.settings.subscriptions_allow_loopback)
    return request


def _queue_url(context: Context) -> str:
    url = context.settings.subscriptions_queue_url
    if not url:
        raise ServiceUnavailable(
            "Subscriptions need a queue, and none is configured (WHOFREE_SUBSCRIPTIONS_QUEUE_URL)."
        )
    return url


# ---------------------------------------------------------------- the routes


def create(request: SubscriptionRequest, context: Context) -> dict:
    """A new subscription of the context's account; its resource with the secret (the only time)."""
    _queue_url(context)
    table = required_table(context.table)
    unique = list(dict.fromkeys(request.event_types))
    try:
        found = records.create(table, request.url, unique, iso(context.now()))
    except records.TooMany:
        raise InvalidArgument(
            f"An account has at most {records.MAX_PER_ACCOUNT} subscriptions; delete one first."
        ) from None
    logger.info("subscription created", extra={"subscription": found.id, "event_types": len(unique)})
    return found.resource(with_secret=True)


def get(subscription_id: str, context: Context) -> dict:
    found = records.get(required_table(context.table), subscription_id)
    if found is None:
        raise NotFound(f"No subscription {subscription_id!r}.")
    return found.resource()


def delete(subscription_id: str, context: Context) -> None:
    if not records.delete(required_table(context.table), subscription_id):
        raise NotFound(f"No subscription {subscription_id!r}.")


def page(context: Context, count: int, after: str | None) -> tuple[list[dict], str | None]:
    found, last = records.page(required_table(context.table), count, after)
    return [s.resource() for s in found], last


# ---------------------------------------------------------------- publishing changes


@dataclass(frozen=True)
class Message:
    """One event for one subscription, as queued: the sender reads the subscription (url, secret) by
    ``account`` and ``subscription`` when it sends, so a deleted subscription gets nothing more."""

    account: str
    subscription: str
    event: dict
    not_before: float | None = None  # a hold's expiry: sent from then on

    def body(self) -> str:
        return json.dumps(
            {
                "account": self.account,
                "subscription": self.subscription,
                "event": self.event,
                "not_before": self.not_before,
            }
        )

    @classmethod
    def read(cls, body: str) -> Message:
        data = json.loads(body)
        return cls(str(data["account"]), str(data["subscription"]), dict(data["event"]), data.get("not_before"))


def event_body(event: dict) -> bytes:
    """The bytes POSTed (and signed): compact JSON, the same for every retry of one message."""
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode()


def _changes(context: Context, wanted: set[str], named: set[str], hosts: set[str]) -> dict[str, list[str]]:
    """The subscribed event types the change touches, each with the hosts it names."""
    found: dict[str, set[str]] = {e: set(hosts) for e in named & wanted}
    configured = {e for e in wanted - named if event_types.ID.fullmatch(e)} | (named & wanted)
    if hosts and configured:
        for event_type_id, config in event_types.every(context.table):
            if event_type_id in configured and (ids := touched(config, hosts)):
                found.setdefault(event_type_id, set()).update(ids)
    return {e: sorted(h) for e, h in found.items()}


def messages(
    context: Context, named: Iterable[str], hosts: Iterable[str], at: Iterable[float | None] = (None,)
) -> list[Message]:
    """The messages a change makes: one per (subscription, event type it touches), for each time in
    ``at`` (None: now; an instant: an event sent from then on, a hold's expiry)."""
    table = context.table
    if table is None or not context.settings.subscriptions_queue_url:
        return []
    subscribed = records.every(table)
    if not subscribed:
        return []
    wanted = {e for s in subscribed for e in s.event_types}
    changes = _changes(context, wanted, set(named), set(hosts))
    out = []
    for when in at:
        occurred = iso(when if when is not None else context.now())
        for subscription in subscribed:
            for event_type in subscription.event_types:
                if event_type in changes:
                    event = {
                        "event": EVENT,
                        "event_type": event_type,
                        "hosts": changes[event_type],
                        "occurred_at": occurred,
                        "id": "evt_" + secrets.token_urlsafe(16),
                    }
                    out.append(Message(context.account, subscription.id, event, when))
    return out


def sqs(context: Context):
    """The runtime's SQS client (made once per container; boto3 imported only here)."""
    client = context.caches.clients.get("sqs")
    if client is None:
        import boto3
        from botocore.config import Config

        config = Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 3, "mode": "standard"})
        client = context.caches.clients["sqs"] = boto3.client("sqs", config=config)
    return client


def enqueue(context: Context, found: list[Message]) -> None:
    """Send the messages to the queue (a hold's expiry delayed toward its due time)."""
    queue_url = _queue_url(context)
    now = context.now()
    failed = 0
    for start in range(0, len(found), BATCH):
        entries = []
        for n, message in enumerate(found[start : start + BATCH]):
            wait = 0 if message.not_before is None else math.ceil(message.not_before - now)
            entries.append({"Id": str(n), "MessageBody": message.body(), "DelaySeconds": min(MAX_DELAY, max(0, wait))})
        answer = sqs(context).send_message_batch(QueueUrl=queue_url, Entries=entries)
        failed += len(answer.get("Failed", []))
    if failed:
        raise RuntimeError(f"{failed} of {len(found)} subscription events were not queued")


def publish(context: Context, named: Iterable[str], hosts: Iterable[str], at: Iterable[float | None] = (None,)) -> int:
    """Queue an event for every subscription the change touches (for each time in ``at``: see
    ``messages``); how many. Never raises: the change already happened, and a failure to tell
    subscribers must not fail the request that made it."""
    found: list[Message] = []
    try:
        found = messages(context, named, hosts, at)
        if found:
            enqueue(context, found)
    except Exception as exc:
        logger.warning("subscription events not queued", extra={"error": f"{type(exc).__name__}: {exc}"})
        metrics.add_metric(name="SubscriptionPublishFailures", unit="Count", value=1)
        return 0
    if found:
        metrics.add_metric(name="SubscriptionEventsQueued", unit="Count", value=len(found))
    return len(found)
