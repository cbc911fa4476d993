"""Provider webhooks (API.md §5): verify the signature, then drop the cached answers a booking touches.

- Calendly: ``Calendly-Webhook-Signature: t=<unix>,v1=<hex>``, HMAC-SHA256 of ``"<t>.<raw body>"``,
  at most 3 minutes old.
- Cal.com: ``X-Cal-Signature-256``: hex HMAC-SHA256 of the raw body. It has no timestamp, so a
  replayed delivery cannot be told from a new one; that is harmless because handling one only
  ever drops cache, and dropping twice is the same as dropping once.
- Nylas: ``X-Nylas-Signature``: hex HMAC-SHA256 of the raw body; GET with ``challenge`` is echoed.

Every comparison is constant-time, and a request that fails verification changes nothing. The
signature covers the bytes as sent: a Nylas compressed delivery is verified before it is inflated
(whofree.deliveries), so nothing unauthenticated is ever inflated. What goes stale: the answers of
the event types the delivery names, and every answer (of any event type, configured or a
provider's) and host data with a host the delivery names (``invalidation.changed``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable

from whofree import deliveries, subscriptions
from whofree.context import Context
from whofree.data.table import Table
from whofree.errors import Detail, InvalidArgument, Unauthenticated
from whofree.invalidation import changed
from whofree.observability import logger, metrics
from whofree.providers.config import secret
from whofree.providers.types import ProviderError
from whofree.settings import Settings

TOLERANCE = 180
_STAMP = re.compile(r"[0-9]{1,12}")  # Unix seconds in ASCII digits (str.isdigit() also passes "²")

SECRETS = {
    "calendly": "WHOFREE_CALENDLY_WEBHOOK_KEY",
    "calcom": "WHOFREE_CALCOM_WEBHOOK_SECRET",
    "nylas": "WHOFREE_NYLAS_WEBHOOK_SECRET",
}


def _key(settings: Settings, provider: str) -> bytes:
    try:
        return secret(settings, SECRETS[provider], provider, "webhook secret").encode()
    except ProviderError:
        # Without a secret nothing can be verified, so nothing is accepted.
        raise Unauthenticated("The webhook cannot be verified.") from None


def _hex(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _same(expected: str, given: str) -> bool:
    """The whole hex digest, compared in constant time. As bytes: compare_digest raises TypeError on
    str with non-ASCII characters, and a header may carry any. A prefix or a truncated digest differs
    in length and never matches."""
    return hmac.compare_digest(expected.encode(), given.strip().lower().encode("utf-8", "surrogateescape"))


def verify_calendly(settings: Settings, header: str | None, raw: bytes, now: float) -> None:
    """A Calendly delivery signed with our key, and at most TOLERANCE seconds from ``now``."""
    calendly_signed(lambda: _key(settings, "calendly"), header, raw, now)


def calendly_signed(key: Callable[[], bytes], header: str | None, raw: bytes, now: float) -> None:
    """A Calendly delivery signed with ``key()`` (the deployment's or a connection's signing key), at most
    TOLERANCE seconds from ``now``."""
    parts = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)
    stamp, signature = parts.get("t", "").strip(), parts.get("v1", "")
    if not _STAMP.fullmatch(stamp) or not signature:
        raise Unauthenticated("Missing or malformed Calendly-Webhook-Signature.")
    expected = _hex(key(), stamp.encode() + b"." + raw)
    if not _same(expected, signature):
        raise Unauthenticated("The webhook signature does not match.")
    if abs(now - int(stamp)) > TOLERANCE:
        raise Unauthenticated("The webhook is too old (more than 3 minutes).")


def verify_hex(settings: Settings, provider: str, header: str | None, raw: bytes) -> None:
    hex_signed(lambda: _key(settings, provider), header, raw)


def hex_signed(key: Callable[[], bytes], header: str | None, raw: bytes) -> None:
    """A Cal.com or Nylas delivery: the hex HMAC-SHA256 of the raw body with ``key()``."""
    if not header or header == "no-secret-provided":
        raise Unauthenticated("The webhook is not signed.")
    if not _same(_hex(key(), raw), header):
        raise Unauthenticated("The webhook signature does not match.")


def read(provider: str, raw: bytes, encoding: str | None, cap: int) -> deliveries.Delivery:
    """A verified body as a typed delivery. One that cannot be read is §1's 400, logged and counted:
    never a 2xx, which the provider would take as delivered and never send again."""
    try:
        return deliveries.decode(provider, raw, encoding, cap)
    except deliveries.Unreadable as exc:
        # The reason, never the body (it may carry invitees' personal data).
        logger.warning("unreadable delivery", extra={"provider": provider, "reason": exc.reason, "bytes": len(raw)})
        metrics.add_metric(name="UnreadableDeliveries", unit="Count", value=1)
        raise InvalidArgument(details=[Detail("body", exc.reason)]) from None


def invalidate(
    table: Table, named: set[str], hosts: set[str], booked_at: float | None = None, context: Context | None = None
) -> list[str]:
    """Make stale every cached answer and host data the delivery touches: the named event types, and
    every answer with a named host whatever its event type (``whofree.invalidation.changed``); a
    booking (``booked_at``) is recorded for the assignment order first. With the request's
    ``context``, the change is then queued for the subscriptions it touches (best effort).

    Not best effort: that is all a webhook is for, so a store fault answers 503 and the provider
    delivers again.
    """
    stale = changed(table, named, hosts, booked_at=booked_at)
    if context is not None:  # the request's: queue the change for the subscriptions it touches (best effort)
        subscriptions.publish(context, named, hosts)
    return stale
