"""What connectors share: their errors, free/busy answers and how calls are split and merged (the
plain types they hand to the rest of whofree are in whofree.domain)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Protocol

import msgspec

from whofree.domain import EventType, Host, ProviderSlot, Schedule
from whofree.observability import logger

LABELS = {"calendly": "Calendly", "calcom": "Cal.com", "nylas": "Nylas", "google": "Google", "microsoft": "Microsoft"}

# An RFC 3339 instant with its offset, as providers' answers carry them (a naive time is refused).
Instant = Annotated[datetime, msgspec.Meta(tz=True)]


class ProviderError(Exception):
    """A provider call that failed for good (after any retries). The message is safe to show."""

    def __init__(self, provider: str, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.provider = provider
        self.message = message
        self.status = status


class ProviderNotFound(ProviderError):
    """The provider says the resource (an event type) does not exist."""


WEEK = 7 * 86_400


def decode[T](provider: str, body: object, model: type[T], what: str) -> T:
    """``body`` (a provider's decoded JSON) as ``model``, strictly: no coercion, every field the model
    requires present. An answer of another shape is that call's ProviderError (logged, with where it
    went wrong but never the body), so whatever reads it fails that host and nothing else."""
    try:
        return msgspec.convert(body, model)
    except msgspec.ValidationError as exc:
        logger.warning("provider answer of another shape", extra={"provider": provider, "what": what}, exc_info=True)
        label = LABELS.get(provider, provider)
        raise ProviderError(provider, f"{label} sent {what} whofree could not read ({exc}).") from None


class AccessToken(msgspec.Struct):
    """An OAuth token endpoint's answer where only the access token is kept (Google, Microsoft)."""

    access_token: str
    expires_in: float = 3600


def token_answer[T](provider: str, response: Any, model: type[T], refused: str) -> T:
    """A token endpoint's ``response`` (httpx) as ``model``: a ProviderError for a refusal (``refused``
    names what was asked for), a body that is not JSON, or an answer of another shape."""
    label = LABELS.get(provider, provider)
    if response.status_code != 200:
        raise ProviderError(provider, f"{label} refused {refused} ({response.status_code}).")
    try:
        return msgspec.json.decode(response.content, type=model)
    except msgspec.ValidationError as exc:  # a DecodeError too: caught first
        raise ProviderError(
            provider, f"{label}'s token endpoint sent an answer whofree could not read ({exc})."
        ) from None
    except msgspec.DecodeError:
        raise ProviderError(provider, f"{label}'s token endpoint sent a body that is not JSON.") from None


def warned(exc: ProviderError) -> str:
    """``exc``'s message, for the warning it becomes (a host not read), logged with the exception's
    type and status (the message is safe to show: never a body or a secret)."""
    logger.warning(
        "provider error made a warning",
        extra={"provider": exc.provider, "error": type(exc).__name__, "status": exc.status, "why": exc.message},
    )
    return exc.message


def epoch(moment: datetime) -> int | float:
    """An aware datetime as epoch seconds: an int for whole seconds (as ``instants.parse`` gives)."""
    value = moment.timestamp()
    return int(value) if value.is_integer() else value


@dataclass
class Busy:
    """One calendar's busy blocks from a free/busy provider (Google, Microsoft, Nylas); ``error`` when it
    could not be read, ``hours`` where the provider reports working hours (Microsoft)."""

    blocks: list[tuple[float, float]]
    error: str | None = None
    hours: Schedule | None = None


def pieces(keys: list[str], start: float, end: float, batch: int, span: int) -> list[tuple[list[str], float, float]]:
    """The calls a batched free/busy API needs: at most ``batch`` calendars and ``span`` seconds each."""
    calls = []
    for n in range(0, len(keys), batch):
        cursor = start
        while cursor < end:
            calls.append((keys[n : n + batch], cursor, min(end, cursor + span)))
            cursor += span
    return calls


def merge(keys: list[str], answers: Iterable[tuple[list[str], dict[str, Busy] | str]]) -> dict[str, Busy]:
    """Each calendar's answer over all the pieces it was asked in: the blocks of every piece, working
    hours from the first piece that has them, and the first error of any piece (a piece that failed
    whole is an error for each calendar in it), in which case no blocks: a calendar read in part is
    not read."""
    merged = {k: Busy([]) for k in keys}
    for batch, answer in answers:
        for key in batch:
            seen = merged[key]
            problem = answer if isinstance(answer, str) else answer[key].error
            if problem:
                seen.error = seen.error or problem
            else:
                seen.blocks += answer[key].blocks
                seen.hours = seen.hours or answer[key].hours
    return {k: Busy([], b.error) if b.error else b for k, b in merged.items()}


def aligned_windows(start: float, end: float) -> list[int]:
    """The starts of the 7-day windows, aligned to the epoch, that cover [start, end)."""
    first = int(start) - int(start) % WEEK
    return list(range(first, int(end), WEEK))


class HostSource(Protocol):
    """What labelling needs from a provider, host by host (Calendly implements it)."""

    name: str

    async def schedule(self, host: Host) -> Schedule:
        """The host's open hours."""

    async def busy(self, host: Host, start: float, end: float) -> list[tuple[float, float]]:
        """The host's busy blocks overlapping [start, end), as epoch seconds."""


class EventTypeSource(Protocol):
    """A provider's event types: their hosts and the provider's own slots (Calendly, Cal.com)."""

    name: str

    async def event_type(self, ref: str) -> EventType:
        """The event type's settings and hosts; ProviderNotFound when it does not exist."""

    async def slots(self, ref: str, start: float, end: float) -> list[ProviderSlot]:
        """The slots the provider's booking page offers in [start, end)."""
