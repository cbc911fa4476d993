"""The subscription sender (API.md §8): one SQS batch of queued events in, each POSTed to its
subscription's url, the failed ones reported back (``batchItemFailures``) with a backoff.

- Each message names its account and subscription (``subscriptions.Message``); the subscription is
  read when sending, so a deleted one gets nothing more (the message is dropped).
- The body is the event as queued, byte for byte the same on every retry, so its ``id`` is too.
  ``Whofree-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`` with the subscription's secret,
  ``t`` the time of this attempt (as Calendly signs its webhooks).
- The URL is checked again (``subscriptions.check_url``), and every connection goes through
  ``providers.ics.SafeBackend``: the name is resolved and every address vetted at connect time (DNS
  rebinding), loopback only with WHOFREE_SUBSCRIPTIONS_ALLOW_LOOPBACK. No redirect is followed (a 3xx
  is a failure), and the whole attempt has ``TIMEOUT`` seconds.
- A 2xx is delivered; anything else, a timeout or a refused address fails, and the message is hidden
  for ``backoff(receive count)`` seconds (ChangeMessageVisibility): WHOFREE_SUBSCRIPTIONS_RETRY_SECONDS
  doubling up to ``MAX_BACKOFF``. The queue's redrive policy (template.yaml: ``MAX_RECEIVES``) moves
  a message to the dead-letter queue once those delays add up to ``RETRY_FOR`` (24 hours).
- A hold's expiry is queued when the hold is made, with ``not_before``: until then the message is
  hidden again (up to SQS's 12 hours a time), and nothing is sent.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import math
from dataclasses import dataclass

from whofree import subscriptions
from whofree.context import Runtime
from whofree.data import subscriptions as records
from whofree.observability import logger, metrics
from whofree.providers.types import ProviderError

TIMEOUT = 5.0  # seconds for one POST, connecting included
MAX_BACKOFF = 3600
MAX_VISIBILITY = 43_200  # SQS: a message is hidden at most 12 hours at a time
RETRY_FOR = 86_400
MAX_RECEIVES = 31  # template.yaml's maxReceiveCount: the 30 delays between 31 tries (30 s doubling to 1 h) pass 24 h
SEND_SECONDS = 30.0  # the context of one batch (its table reads)


def backoff(receives: int, first: int) -> int:
    """Seconds to hide a message that failed on its ``receives``-th receive."""
    return min(MAX_BACKOFF, first * 2 ** min(max(receives - 1, 0), 20))


def sign(secret: str, body: bytes, t: int) -> str:
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


@dataclass(frozen=True)
class Outcome:
    message_id: str
    receipt: str
    hide: int | None  # None: done (delivered or dropped); else seconds before the next try


def _transport(allow_loopback: bool):
    """httpx over an httpcore pool that vets every address it connects to."""
    import httpcore
    import httpx

    from whofree.providers import ics
    from whofree.providers.http import _tls

    class Vetted(httpx.AsyncHTTPTransport):
        def __init__(self) -> None:
            super().__init__(verify=_tls(), retries=0)
            self._pool = httpcore.AsyncConnectionPool(
                ssl_context=_tls(), network_backend=ics.SafeBackend(allow_loopback), max_connections=10
            )

    return Vetted()


async def post(client, url: str, secret: str, body: bytes, now: float) -> int:
    """POST one event; the status (0 when it never got one)."""
    import httpx

    headers = {
        "Content-Type": "application/json",
        "User-Agent": "whofree/1",
        "Whofree-Signature": sign(secret, body, int(now)),
    }
    try:
        response = await client.post(url, content=body, headers=headers)
    except (httpx.HTTPError, OSError, ProviderError) as exc:  # ProviderError: ics.SafeBackend refused the address
        logger.warning(
            "subscription event not delivered", extra={"error": type(exc).__name__, "detail": str(exc)[:200]}
        )
        return 0
    return response.status_code


async def _one(record: dict, runtime: Runtime, client) -> Outcome:
    settings = runtime.settings
    receives = int(record.get("attributes", {}).get("ApproximateReceiveCount", "1"))
    done = Outcome(record["messageId"], record["receiptHandle"], None)
    try:
        message = subscriptions.Message.read(record["body"])
    except (ValueError, KeyError, TypeError):
        logger.error("subscription message unreadable: dropped", extra={"message_id": record["messageId"]})
        metrics.add_metric(name="SubscriptionEventsDropped", unit="Count", value=1)
        return done
    now = runtime.clock()
    if message.not_before is not None and message.not_before > now:
        return Outcome(done.message_id, done.receipt, min(MAX_VISIBILITY, math.ceil(message.not_before - now)))
    context = runtime.context(SEND_SECONDS, message.account)
    if context.table is None:  # no table configured: nothing can be read; tried again later
        logger.error("subscription event not sent: no table (WHOFREE_TABLE_NAME)")
        return Outcome(done.message_id, done.receipt, backoff(receives, settings.subscriptions_retry_seconds))
    found = records.get(context.table, message.subscription)
    if found is None:
        logger.info("subscription gone: event dropped", extra={"subscription": message.subscription})
        metrics.add_metric(name="SubscriptionEventsDropped", unit="Count", value=1)
        return done
    try:
        url = subscriptions.check_url(found.url, settings.subscriptions_allow_loopback)
    except subscriptions.Refused:
        status = 0
    else:
        body = subscriptions.event_body(message.event)
        status = await post(client, url, found.secret, body, now)
    extra = {"subscription": found.id, "event_id": message.event.get("id"), "status": status, "receives": receives}
    if 200 <= status < 300:
        logger.info("subscription event delivered", extra=extra)
        metrics.add_metric(name="SubscriptionEventsDelivered", unit="Count", value=1)
        return done
    logger.warning("subscription event failed: retried later", extra=extra)
    metrics.add_metric(name="SubscriptionEventFailures", unit="Count", value=1)
    return Outcome(done.message_id, done.receipt, backoff(receives, settings.subscriptions_retry_seconds))


async def _all(records_: list[dict], runtime: Runtime) -> list[Outcome]:
    import httpx

    transport = _transport(runtime.settings.subscriptions_allow_loopback)
    timeout = httpx.Timeout(TIMEOUT, connect=min(TIMEOUT, 3.0))
    async with httpx.AsyncClient(
        transport=transport, timeout=timeout, follow_redirects=False, trust_env=False
    ) as client:
        return await asyncio.gather(*(_one(r, runtime, client) for r in records_))


def handle(event: dict, runtime: Runtime) -> dict:
    """An SQS batch: every message tried; the ones to try again hidden for their backoff and reported
    as ``batchItemFailures`` (the event source mapping's ReportBatchItemFailures)."""
    outcomes = asyncio.run(_all(event.get("Records", []), runtime))
    retry = [o for o in outcomes if o.hide is not None]
    queue_url = runtime.settings.subscriptions_queue_url
    for outcome in retry:
        try:
            subscriptions.sqs(runtime.context(SEND_SECONDS)).change_message_visibility(
                QueueUrl=queue_url, ReceiptHandle=outcome.receipt, VisibilityTimeout=outcome.hide
            )
        except Exception as exc:
            logger.warning("backoff not set", extra={"error": f"{type(exc).__name__}: {exc}"})
    return {"batchItemFailures": [{"itemIdentifier": o.message_id} for o in retry]}
