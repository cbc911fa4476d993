"""whofree's plain types, shared by data access (``whofree.data``) and the connectors
(``whofree.providers``), which are siblings: neither imports the other, both import this.

Hosts, schedules, event types and their slots, what a meeting needs (``Group``), stored tokens, and
the two protocols through which a connector reaches storage without seeing the table
(``HostCache``, ``TokenStore``). No I/O, nothing of ours but the engine's ``Window``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from whofree.engine import Window


@dataclass(frozen=True, slots=True)
class Host:
    id: str  # what whofree calls the host in answers and in ?hosts= (an email where known)
    name: str | None = None
    email: str | None = None
    uri: str | None = None
    key: str = ""  # the provider's own handle: a user URI, a Cal.com user id, a Nylas grant
    priority: int = 2  # assignment order (API.md §3): 0..4, higher first
    weight: int = 100  # assignment order: 1..1000, the host's share of bookings under "weighted"

    def public(self) -> dict:
        out: dict = {"id": self.id}
        for name in ("name", "email", "uri"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    def handles(self) -> tuple[str, ...]:
        """Every name ``?hosts=`` or a hold may call the host by: id, email, URI, the provider's key."""
        return tuple(k for k in (self.id, self.email, self.uri, self.key) if k)


@dataclass(frozen=True, slots=True)
class Schedule:
    """A host's open hours, as the engine takes them."""

    timezone: str
    open_hours: list[Window] | None
    date_overrides: dict[int, list[tuple[int, int]]] | None = None


@dataclass(frozen=True, slots=True)
class ProviderSlot:
    start: int  # epoch seconds
    invitees_remaining: int | None = None
    scheduling_url: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A configured event type's group (API.md §2): its members' host ids and how many a meeting needs."""

    members: tuple[str, ...]
    required: Literal["all"] | int


@dataclass(slots=True)
class EventType:
    ref: str
    name: str | None
    duration_minutes: int
    pooling: str | None  # "round_robin", "collective" or None (one host; configured event types)
    hosts: list[Host]
    interval_minutes: int | None = None
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    minimum_notice_minutes: int = 0
    groups: tuple[Group, ...] | None = None  # configured: its groups; None: §2's one group of every host
    mandatory: frozenset[str] = frozenset()  # Cal.com: the keys of fixed hosts (in every meeting)
    scheduling: str | None = None  # Cal.com's own schedulingType ("roundRobin", "collective", "managed")
    host_subsets: bool = False  # Cal.com: rrHostSubsetEnabled (slots can be asked for host by host)
    team_id: int | str | None = None  # Cal.com: the team that owns the event type
    host_order: str = "listed"  # assignment order (API.md §3): listed, least_recently_booked or weighted
    group: bool = False  # a group event type (Calendly kind "group"): seats, one meeting shared by invitees


class HostCache(Protocol):
    """Where a connector may keep a host's data for other event types sharing the host (the data layer
    implements it: whofree.data.host_data); connectors never see the table itself."""

    def get_schedule(self, provider: str, key: str) -> Schedule | None: ...

    def put_schedule(self, provider: str, key: str, schedule: Schedule) -> None: ...

    def get_busy(self, provider: str, key: str, window: int, needed_from: float) -> list | None: ...

    def put_busy(self, provider: str, key: str, window: int, fetched_from: float, blocks: list) -> None: ...


@dataclass(frozen=True)
class StoredToken:
    access_token: str
    refresh_token: str
    access_expires_at: float
    version: int


class TokenStore(Protocol):
    """Where a rotating token lives (whofree.data.oauth_tokens implements it over the table)."""

    def load(self) -> StoredToken | None: ...

    def lease(self, token: StoredToken, until: int, now: int) -> bool:
        """Take the refresh lease on this version; False when someone else holds it or moved on."""

    def release(self, token: StoredToken) -> None: ...

    def save(self, access_token: str, refresh_token: str, expires_in: int, version: int, now: float) -> None: ...
