"""Microsoft Graph getSchedule (docs/PROVIDERS.md): hosts with
``{"provider": "microsoft", "user": ...}``.

One call answers at most 20 schedules over less than 62 days, so hosts are batched by 20 and long
ranges split (61-day spans). The call is made on a mailbox (``/users/{mailbox}/calendar/getSchedule``)
that must resolve, or the whole call fails (404) for every schedule in it: the mailbox is
WHOFREE_MICROSOFT_MAILBOX (a service mailbox known to exist) when set; otherwise the batch's first
host, and when that host's mailbox does not resolve the batch is asked again through the next host,
so only the unresolvable host becomes a warning. App-only: a client-credentials token (WHOFREE_MICROSOFT_TENANT_ID,
_CLIENT_ID, _CLIENT_SECRET, each also as an SSM ``_PARAMETER``) kept until it expires; or
WHOFREE_MICROSOFT_ACCESS_TOKEN for local runs.

getSchedule's ``schedules`` are SMTP addresses: a host given by its object id (a GUID) is first
resolved to its ``mail`` with ``GET /users/{id}?$select=mail,userPrincipalName``, once per id in a
call, and never sent as a schedule; an id Graph does not know, or a user without a mail address, is
that host's warning. A user principal name looks like an address and often is one; when getSchedule
cannot read it, it is looked up the same way and, when its mail differs, asked again under its mail.

Tentative, out of office and unknown count as busy; free and workingElsewhere do not. A mailbox's
``workingHours`` (Windows zone names mapped to IANA with tzlocal's CLDR table) become the host's
open hours when the host has none of its own.
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Annotated
from urllib.parse import quote
from zoneinfo import ZoneInfo

import msgspec

from whofree.domain import Schedule
from whofree.engine import Window, zones
from whofree.providers.config import secret
from whofree.providers.http import ProviderClient, gather_all
from whofree.providers.tokens import MemoryToken, TokenSource
from whofree.providers.types import (
    AccessToken,
    Busy,
    ProviderError,
    ProviderNotFound,
    decode,
    merge,
    pieces,
    token_answer,
)
from whofree.settings import Settings

NAME = "microsoft"
BATCH = 20
SPAN = 61 * 86_400  # "less than 62 days"
FREE = {"free", "workingelsewhere"}
OBJECT_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
UNREAD = "Microsoft could not read this schedule:"  # Graph's per-schedule error, inside a 200
DAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


def base_url(settings: Settings) -> str:
    return settings.microsoft_base_url


def _fetch_token(settings: Settings) -> tuple[str, float]:
    import httpx

    tenant = secret(settings, "WHOFREE_MICROSOFT_TENANT_ID", NAME, "tenant id")
    login = settings.microsoft_login_url.rstrip("/")
    form = {
        "grant_type": "client_credentials",
        "scope": "https://graph.microsoft.com/.default",
        "client_id": secret(settings, "WHOFREE_MICROSOFT_CLIENT_ID", NAME, "client id"),
        "client_secret": secret(settings, "WHOFREE_MICROSOFT_CLIENT_SECRET", NAME, "client secret"),
    }
    try:
        response = httpx.post(f"{login}/{tenant}/oauth2/v2.0/token", data=form, timeout=8)
    except httpx.HTTPError as exc:
        raise ProviderError(NAME, "Microsoft's token endpoint could not be reached.") from exc
    token = token_answer(NAME, response, AccessToken, "the client-credentials token")
    return token.access_token, time.time() + token.expires_in


def access_token(tokens: dict[str, TokenSource], settings: Settings) -> str:
    """The access token, from the source kept in ``tokens`` (``Context.caches.tokens``: per container)."""
    source = tokens.get(NAME)
    if source is None:
        token = MemoryToken(lambda: _fetch_token(settings), direct=settings.value("WHOFREE_MICROSOFT_ACCESS_TOKEN"))
        source = tokens.setdefault(NAME, token)
    return source.get()


def iana(windows_name: str) -> str | None:
    """A Windows time zone name (or an IANA one) as an IANA name; None when unknown."""
    from tzlocal.windows_tz import win_tz

    if windows_name in win_tz:
        return win_tz[windows_name]
    # engine.zones, not ZoneInfo(): that also opens folders ("America") and files such as "localtime".
    return windows_name if zones.problem(windows_name) is None else None


def _when(value: DateTimeTimeZone) -> float:
    """Graph's {"dateTime": "2019-03-15T12:00:00.0000000", "timeZone": "UTC"} as epoch seconds."""
    head, _, fraction = value.dateTime.partition(".")
    zone = iana(value.timeZone or "UTC") or "UTC"
    moment = datetime.fromisoformat(head + (f".{fraction[:6]}" if fraction else ""))
    return moment.replace(tzinfo=ZoneInfo(zone)).timestamp()


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")[:2]
    return int(hours) * 60 + int(minutes)


# ---------------------------------------------------------------- Graph's answers, as typed models
# Strict (docs/PROVIDERS.md): each schedule of a getSchedule answer is decoded on its own, so one of
# another shape fails that schedule only; an answer without ``value`` fails the call.

LocalTime = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,7})?)?$")]
LocalDateTime = Annotated[
    str, msgspec.Meta(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?$")
]


class DateTimeTimeZone(msgspec.Struct):
    dateTime: LocalDateTime
    timeZone: str | None = None

    def __post_init__(self) -> None:
        _when(self)  # a date that does not exist (2030-02-31) is refused here, while decoding


class ScheduleItem(msgspec.Struct):
    start: DateTimeTimeZone
    end: DateTimeTimeZone
    status: str = "busy"


class ZoneName(msgspec.Struct):
    name: str | None = None


class WorkingHours(msgspec.Struct):
    daysOfWeek: list[str] = []
    startTime: LocalTime | None = None
    endTime: LocalTime | None = None
    timeZone: ZoneName | None = None

    def __post_init__(self) -> None:
        if self.daysOfWeek and (self.startTime is None or self.endTime is None):
            raise ValueError("Expected `startTime` and `endTime` with `daysOfWeek` - at `$.workingHours`")


class GraphError(msgspec.Struct):
    message: str | None = None
    responseCode: str | None = None


class ScheduleKey(msgspec.Struct):
    scheduleId: str


class ScheduleInformation(msgspec.Struct):
    scheduleId: str
    scheduleItems: list[ScheduleItem] | None = None
    error: GraphError | None = None
    workingHours: WorkingHours | None = None

    def __post_init__(self) -> None:
        if self.error is None and self.scheduleItems is None:
            raise ValueError("Expected `scheduleItems` or `error` - at `$.value[...]`")  # not "free"


class ScheduleAnswer(msgspec.Struct):
    value: list[object]


def working_hours(value: WorkingHours | None) -> Schedule | None:
    if value is None or not value.daysOfWeek or value.startTime is None or value.endTime is None:
        return None
    zone = iana((value.timeZone.name if value.timeZone else None) or "")
    if zone is None:
        return None  # a custom zone (bias and offsets) has no IANA name: keep the host's own hours
    days = frozenset(DAYS[d.lower()] for d in value.daysOfWeek if d.lower() in DAYS)
    return Schedule(zone, [Window(days, _minutes(value.startTime), _minutes(value.endTime))])


def _schedule(entry: object) -> tuple[str | None, Busy]:
    """One schedule of a getSchedule answer: whose it is (None when that cannot be read) and its busy
    blocks and working hours, or why they cannot be used."""
    try:
        user = decode(NAME, entry, ScheduleKey, "a schedule").scheduleId
    except ProviderError as exc:
        return None, Busy([], exc.message)  # whose it is cannot be read: its user goes unanswered
    try:
        info = decode(NAME, entry, ScheduleInformation, "a schedule")
    except ProviderError as exc:
        return user, Busy([], exc.message)
    if info.error is not None:
        message = str(info.error.message or "unknown")[:200]
        return user, Busy([], f"{UNREAD} {message}")
    blocks = [(_when(i.start), _when(i.end)) for i in info.scheduleItems or [] if i.status.lower() not in FREE]
    return user, Busy(blocks, hours=working_hours(info.workingHours))


def _iso_local(epoch: float) -> dict:
    return {"dateTime": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)), "timeZone": "UTC"}


class Microsoft:
    name = NAME

    def __init__(self, client: ProviderClient, mailbox: str | None = None) -> None:
        self.client = client
        self.mailbox = mailbox  # WHOFREE_MICROSOFT_MAILBOX, when set

    async def _call(self, users: list[str], start: float, end: float, mailbox: str) -> dict[str, Busy]:
        body = await self.client.post(
            f"/v1.0/users/{quote(mailbox, safe='@')}/calendar/getSchedule",
            {
                "schedules": users,
                "startTime": _iso_local(start),
                "endTime": _iso_local(end),
                "availabilityViewInterval": 60,
            },
        )
        out: dict[str, Busy] = {}
        for entry in decode(NAME, body, ScheduleAnswer, "a schedule").value:
            user, busy = _schedule(entry)
            if user in users:
                out[user] = busy
        for user in users:
            out.setdefault(user, Busy([], "Microsoft did not answer for this schedule."))
        return out

    async def _mail(self, user_id: str) -> str | Busy:
        """The SMTP address of the user with this object id, or that host's failure."""
        try:
            body = await self.client.get(
                f"/v1.0/users/{quote(user_id, safe='')}", {"$select": "mail,userPrincipalName"}
            )
        except ProviderNotFound:
            return Busy([], "Microsoft has no user with this object id.")
        except ProviderError as exc:
            return Busy([], exc.message)
        mail = body.get("mail") if isinstance(body, dict) else None
        if not isinstance(mail, str) or "@" not in mail:
            return Busy([], "This Microsoft user has no mail address, so its schedule cannot be read.")
        return mail

    async def _addresses(self, users: list[str]) -> tuple[dict[str, str], dict[str, Busy]]:
        """Each user's SMTP address (object ids resolved, each once), and the users that have none."""
        ids = [u for u in users if OBJECT_ID.fullmatch(u)]
        found = dict(zip(ids, await gather_all(*(self._mail(u) for u in ids)), strict=True))
        failed = {u: answer for u, answer in found.items() if isinstance(answer, Busy)}
        return {u: found.get(u, u) for u in users if u not in failed}, failed

    async def busy(self, users: list[str], start: float, end: float) -> dict[str, Busy]:
        """Busy blocks (and working hours) per user; a schedule Microsoft could not read has ``error``."""
        unique = list(dict.fromkeys(users))
        addresses, failed = await self._addresses(unique)
        by_address = await self._schedules(list(dict.fromkeys(addresses.values())), start, end)
        by_address |= await self._principal_names(by_address, start, end)
        return {u: failed[u] if u in failed else by_address[addresses[u]] for u in unique}

    async def _principal_names(self, answers: dict[str, Busy], start: float, end: float) -> dict[str, Busy]:
        """Addresses whose schedule Graph could not resolve, asked again under their user's mail."""
        unread = [a for a, busy in answers.items() if (busy.error or "").startswith(UNREAD)]
        mails = dict(zip(unread, await gather_all(*(self._mail(a) for a in unread)), strict=True))
        other = {a: m for a, m in mails.items() if isinstance(m, str) and m.lower() != a.lower()}
        if not other:
            return {}
        again = await self._schedules(list(dict.fromkeys(other.values())), start, end)
        return {a: again[m] for a, m in other.items()}

    async def _schedules(self, unique: list[str], start: float, end: float) -> dict[str, Busy]:
        """Busy blocks per SMTP address, in batches of 20 and spans under 62 days."""
        if not unique:
            return {}
        calls = pieces(unique, start, end, BATCH, SPAN)

        async def one(call: tuple) -> tuple[tuple, dict[str, Busy] | str]:
            batch, a, b = call
            if self.mailbox:
                try:
                    return call, await self._call(batch, a, b, self.mailbox)
                except ProviderNotFound:
                    return call, "Microsoft could not resolve the configured mailbox (WHOFREE_MICROSOFT_MAILBOX)."
                except ProviderError as exc:
                    return call, exc.message
            out: dict[str, Busy] = {}
            left = list(batch)
            while left:
                try:
                    out |= await self._call(left, a, b, left[0])
                    return call, out
                except ProviderNotFound:
                    # This host's mailbox does not resolve: it alone fails; the rest go through the next one.
                    out[left[0]] = Busy([], "Microsoft could not resolve this host's mailbox.")
                    left = left[1:]
                except ProviderError as exc:
                    return call, {**{u: Busy([], exc.message) for u in left}, **out}
            return call, out

        return merge(unique, [(batch, answer) for (batch, _, _), answer in await gather_all(*(one(c) for c in calls))])
