"""Provider webhooks (API.md §5): verify the signature, then drop the cached answers a booking touches.

- Calendly: ``Calendly-Webhook-Signature: t=<unix>,v1=<hex>``, HMAC-SHA256 of ``"<t>.<raw body>"``,
  at most 3 minutes old.
- Cal.com: ``X-Cal-Signature-256``: hex HMAC-SHA256 of the raw body. It has no timestamp, so a
  replayed delivery cannot be told from a new one; that is harmless because handling one only
  ever drops cache, and dropping twice is the same as dropping once.
- Nylas: ``X-Nylas-Signature``: hex HMAC-SHA256 of the raw body; GET with ``challenge`` is echoed.

Every comparison is constant-time, and a request that fails verification changes nothing. What goes
stale: the answers of the event type the booking names, and every answer (of any event type,
configured or a provider's) and host data with a host the booking names (``invalidation.changed``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

from whofree.data.table import Table
from whofree.errors import Unauthenticated
from whofree.invalidation import changed
from whofree.providers.config import secret
from whofree.providers.types import ProviderError

TOLERANCE = 180
_STAMP = re.compile(r"[0-9]{1,12}")  # Unix seconds in ASCII digits (str.isdigit() also passes "²")

SECRETS = {
    "calendly": "WHOFREE_CALENDLY_WEBHOOK_KEY",
    "calcom": "WHOFREE_CALCOM_WEBHOOK_SECRET",
    "nylas": "WHOFREE_NYLAS_WEBHOOK_SECRET",
}


def _key(provider: str) -> bytes:
    try:
        return secret(SECRETS[provider], provider, "webhook secret").encode()
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


def verify_calendly(header: str | None, raw: bytes, now: float) -> None:
    """A Calendly delivery signed with our key, and at most TOLERANCE seconds from ``now``."""
    parts = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)
    stamp, signature = parts.get("t", "").strip(), parts.get("v1", "")
    if not _STAMP.fullmatch(stamp) or not signature:
        raise Unauthenticated("Missing or malformed Calendly-Webhook-Signature.")
    expected = _hex(_key("calendly"), stamp.encode() + b"." + raw)
    if not _same(expected, signature):
        raise Unauthenticated("The webhook signature does not match.")
    if abs(now - int(stamp)) > TOLERANCE:
        raise Unauthenticated("The webhook is too old (more than 3 minutes).")


def verify_hex(provider: str, header: str | None, raw: bytes) -> None:
    if not header or header == "no-secret-provided":
        raise Unauthenticated("The webhook is not signed.")
    if not _same(_hex(_key(provider), raw), header):
        raise Unauthenticated("The webhook signature does not match.")


def _json(raw: bytes) -> dict:
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def touched(provider: str, raw: bytes) -> tuple[set[str], set[str]]:
    """The event types and the host handles (ids, emails, user URIs, grants) a delivery names."""
    body = _json(raw)
    payload = body.get("payload") if isinstance(body.get("payload"), dict) else {}
    event_types: set[str] = set()
    hosts: set[str] = set()
    if provider == "calendly":
        event = payload.get("scheduled_event") if isinstance(payload.get("scheduled_event"), dict) else {}
        if isinstance(event.get("event_type"), str):
            event_types.add(event["event_type"])
        for member in event.get("event_memberships") or []:
            if isinstance(member, dict):
                hosts |= {v for k, v in member.items() if k in ("user", "user_email") and isinstance(v, str)}
    elif provider == "calcom":
        if payload.get("eventTypeId") is not None:
            event_types.add(f"calcom:{payload['eventTypeId']}")
        organizer = payload.get("organizer") if isinstance(payload.get("organizer"), dict) else {}
        hosts |= {v for k, v in organizer.items() if k in ("email", "username") and isinstance(v, str)}
    elif provider == "nylas":
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        item = data.get("object") if isinstance(data.get("object"), dict) else {}
        hosts |= {v for k, v in item.items() if k in ("grant_id", "calendar_id") and isinstance(v, str)}
    return event_types, hosts


def invalidate(table: Table, named: set[str], hosts: set[str]) -> list[str]:
    """Make stale every cached answer and host data the delivery touches: the named event types, and
    every answer with a named host whatever its event type (``whofree.invalidation.changed``).

    Not best effort: that is all a webhook is for, so a store fault answers 503 and the provider
    delivers again.
    """
    return changed(table, named, hosts)
