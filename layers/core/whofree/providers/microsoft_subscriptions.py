"""Microsoft Graph change notifications (docs/PROVIDERS.md, Microsoft push rows): a subscription to
each host's events, renewed before it ends, reauthorized or recreated when a lifecycle notification
says so, deleted when no event type reads the host any more.

- ``POST /v1.0/subscriptions`` ``{"changeType": "created,updated,deleted", "notificationUrl",
  "lifecycleNotificationUrl", "resource": "users/{user}/events", "expirationDateTime",
  "clientState"}`` -> 201 with the subscription (``id``, ``expirationDateTime``). Before it answers,
  Graph POSTs ``?validationToken=...`` to each URL and needs the token back as text/plain within 10 s.
  https://learn.microsoft.com/en-us/graph/change-notifications-delivery-webhooks#notificationurl-validation
- Lifetime: Outlook ``event`` subscriptions last at most 10,080 minutes (under 7 days) today;
  earlier revisions of the same table said 4,230 minutes (under 3 days). whofree asks for 4,230
  minutes, inside both. https://learn.microsoft.com/en-us/graph/api/resources/subscription#subscription-lifetime
- ``PATCH /v1.0/subscriptions/{id}`` ``{"expirationDateTime"}`` renews (and reauthorizes);
  ``POST /v1.0/subscriptions/{id}/reauthorize`` reauthorizes only; ``DELETE`` answers 204.
  https://learn.microsoft.com/en-us/graph/change-notifications-lifecycle-events
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from whofree.providers.push_http import PushClient
from whofree.providers.types import ProviderError

NAME = "microsoft"
LIFETIME = 4230 * 60  # seconds whofree asks for (see above)
CHANGES = "created,updated,deleted"


@dataclass(frozen=True)
class Subscribed:
    id: str
    expires: int  # Unix seconds


def _graph_time(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.0000000Z", time.gmtime(epoch))


def _epoch(text: object) -> int:
    if not isinstance(text, str):
        raise ValueError("no expirationDateTime")
    head, _, _ = text.rstrip("Z").partition(".")
    return int(datetime.fromisoformat(head + "+00:00").timestamp())


def _subscribed(body: object) -> Subscribed:
    try:
        return Subscribed(str(body["id"]), _epoch(body["expirationDateTime"]))  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        raise ProviderError(NAME, "Microsoft answered a subscription in an unknown shape.") from None


async def subscribe(client: PushClient, user: str, url: str, client_state: str, now: float) -> Subscribed:
    answer = await client.call(
        "POST",
        "/v1.0/subscriptions",
        {
            "changeType": CHANGES,
            "notificationUrl": url,
            "lifecycleNotificationUrl": url,
            "resource": f"users/{quote(user, safe='@')}/events",
            "expirationDateTime": _graph_time(now + LIFETIME),
            "clientState": client_state,
        },
    )
    if answer.status != 201:
        raise client.fail("create the subscription", answer)
    return _subscribed(answer.body)


async def renew(client: PushClient, subscription_id: str, now: float) -> Subscribed | None:
    """The renewed subscription, or None when Graph no longer has it (404: create a new one)."""
    answer = await client.call(
        "PATCH", f"/v1.0/subscriptions/{quote(subscription_id)}", {"expirationDateTime": _graph_time(now + LIFETIME)}
    )
    if answer.status == 404:
        return None
    if answer.status != 200:
        raise client.fail("renew the subscription", answer)
    return _subscribed(answer.body)


async def reauthorize(client: PushClient, subscription_id: str) -> bool:
    """Whether Graph still has the subscription (False: create a new one)."""
    answer = await client.call("POST", f"/v1.0/subscriptions/{quote(subscription_id)}/reauthorize")
    if answer.status == 404:
        return False
    if answer.status not in (200, 202, 204):
        raise client.fail("reauthorize the subscription", answer)
    return True


async def delete(client: PushClient, subscription_id: str) -> None:
    answer = await client.call("DELETE", f"/v1.0/subscriptions/{quote(subscription_id)}")
    if answer.status not in (200, 204, 404):
        raise client.fail("delete the subscription", answer)
