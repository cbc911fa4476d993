"""Google Calendar push channels (docs/PROVIDERS.md, Google push rows): ``events.watch`` on a
host's calendar, ``channels.stop`` when no event type reads the host any more.

- ``POST /calendar/v3/calendars/{calendarId}/events/watch`` with ``{"id", "type": "web_hook",
  "address", "token", "params": {"ttl"}}`` answers ``{"kind": "api#channel", "id", "resourceId",
  "resourceUri", "token", "expiration"}`` (expiration: Unix milliseconds, as a string).
  https://developers.google.com/workspace/calendar/api/v3/reference/events/watch
- ``params.ttl`` defaults to 604800 s (7 days); Google documents no longer maximum for Calendar, and
  the ``expiration`` it answers is the one that counts. A channel cannot be renewed: a new channel
  (a new id) replaces it before it ends, and the old one is stopped.
  https://developers.google.com/workspace/calendar/api/guides/push#renewing-notification-channels
- ``POST /calendar/v3/channels/stop`` with ``{"id", "resourceId"}`` answers an empty 204.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from whofree.providers.push_http import PushClient
from whofree.providers.types import ProviderError

NAME = "google"
TTL = 7 * 86_400  # what whofree asks for: Google's default channel lifetime
MAX_ID = 64  # a channel id: "Maximum length: 64 characters"


@dataclass(frozen=True)
class Watched:
    id: str
    resource_id: str
    expires: int  # Unix seconds


async def watch(client: PushClient, calendar_id: str, channel_id: str, token: str, address: str) -> Watched:
    answer = await client.call(
        "POST",
        f"/calendar/v3/calendars/{quote(calendar_id, safe='@')}/events/watch",
        {"id": channel_id, "type": "web_hook", "address": address, "token": token, "params": {"ttl": str(TTL)}},
    )
    if answer.status != 200:
        raise client.fail("watch the calendar", answer)
    body = answer.body if isinstance(answer.body, dict) else {}
    try:
        return Watched(str(body["id"]), str(body["resourceId"]), int(body["expiration"]) // 1000)
    except (KeyError, TypeError, ValueError):
        raise ProviderError(NAME, "Google answered events.watch in an unknown shape.") from None


async def stop(client: PushClient, channel_id: str, resource_id: str) -> None:
    """Stop the channel; one Google no longer knows (404) is stopped already."""
    answer = await client.call("POST", "/calendar/v3/channels/stop", {"id": channel_id, "resourceId": resource_id})
    if answer.status not in (200, 204, 404):
        raise client.fail("stop the channel", answer)
