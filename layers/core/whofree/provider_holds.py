"""Holds mirrored at the provider (API.md §4 "At the provider").

A hold on a Cal.com event type also reserves the slot at Cal.com (``POST /v2/slots/reservations``
with ``reservationDuration`` = the hold's minutes, so Cal.com releases it by itself when the hold
expires), so that Cal.com's own booking page stops offering it; deleting the hold releases it
(``DELETE /v2/slots/reservations/{uid}``). A refusal never fails the hold: the hold is whofree's,
and its resource says ``"provider_reservation": null`` with a warning. Calendly has no such call:
``null``, no warning. What Cal.com does with a reservation (its source): docs/PROVIDERS.md.
"""

from __future__ import annotations

import asyncio

from whofree import connected
from whofree.context import Context
from whofree.errors import CALENDAR_WARNING_TITLE, ApiError
from whofree.observability import logger, metrics
from whofree.providers import calcom
from whofree.providers.config import CALCOM, open_client
from whofree.providers.types import ProviderError


def _deployment_key(context: Context) -> str:
    return CALCOM.credential(context.settings)


async def _client(context: Context, connection: str | None):
    """A Cal.com client with the key the event type was read with (API.md §7: the connection named, or
    the account's only Cal.com connection, or the deployment's key)."""
    try:
        credential = await connected.credential(context, calcom.NAME, connection, _deployment_key)
    except ApiError as exc:  # the connection went since the answer was read, or is ambiguous
        raise ProviderError(calcom.NAME, exc.message) from None
    headers = {"Authorization": f"Bearer {credential.token}"}
    return open_client(context, calcom.NAME, CALCOM.base_url(context.settings), headers)


async def _reserve(ref: str, start: int, minutes: int, context: Context, connection: str | None) -> str:
    async with await _client(context, connection) as client:
        return await calcom.Calcom(client).reserve(ref, start, minutes)


async def _release(uid: str, context: Context) -> None:
    async with await _client(context, None) as client:
        await calcom.Calcom(client).release(uid)


def reserve(
    event_type: str, start: int, minutes: int, context: Context, connection: str | None = None
) -> tuple[dict | None, list[dict]]:
    """The provider's reservation of the slot for ``minutes`` (``{"provider", "uid"}``, or None) and
    the warnings to show with the hold (Cal.com refused)."""
    if not calcom.matches(event_type):
        return None, []
    try:
        uid = asyncio.run(_reserve(event_type, start, minutes, context, connection))
    except ProviderError as exc:
        metrics.add_metric(name="ProviderReservationsRefused", unit="Count", value=1)
        logger.warning("provider reservation refused", extra={"provider": calcom.NAME, "error": exc.message})
        message = f"Cal.com did not reserve the slot, so its booking page may still offer it: {exc.message}"
        return None, [{"provider": calcom.NAME, "title": CALENDAR_WARNING_TITLE, "message": message}]
    return {"provider": calcom.NAME, "uid": uid}, []


def release(reservation: dict | None, context: Context) -> None:
    """Release the provider's reservation. Best effort: the hold is gone either way, and Cal.com
    releases the reservation itself when its duration ends."""
    if not reservation or reservation.get("provider") != calcom.NAME:
        return
    try:
        asyncio.run(_release(reservation["uid"], context))
    except ProviderError as exc:
        metrics.add_metric(name="ProviderReservationsNotReleased", unit="Count", value=1)
        logger.warning("provider reservation not released", extra={"provider": calcom.NAME, "error": exc.message})
