"""ICS feeds (docs/PROVIDERS.md): hosts with ``{"provider": "ics", "url": "https://..."}``.

Fetching is SSRF-safe. Only https is followed. Every TCP connection goes through a network backend
that resolves the name, refuses if any resolved address is not public (loopback, private,
link-local with 169.254.169.254, multicast, reserved, unspecified), nor an IPv6 address that carries
such an IPv4 address (IPv4-mapped ``::ffff:0:0/96``, NAT64 ``64:ff9b::/96`` and ``64:ff9b:1::/48``,
6to4 ``2002::/16``, Teredo; IPv4-compatible ``::/96`` is refused whole), then connects to the address
it vetted; TLS still verifies the certificate against the hostname. Because the check sits at the
connection, it covers every redirect hop and DNS rebinding alike. Bodies are capped
(WHOFREE_ICS_MAX_BYTES, default 2 MB) before and after a gzip ``Content-Encoding`` is inflated, and
one timeout at the request's deadline bounds the whole fetch (every redirect, every byte). The local
runner may allow loopback, and plain http to a loopback host only, with
WHOFREE_ICS_ALLOW_LOOPBACK=true, for its demo; nothing else can.

Expansion is bounded: recurrences are expanded for the request's window only, a feed may have at most
WHOFREE_ICS_MAX_INSTANCES (default 10 000) occurrences in it, and its rules may generate at most
``GENERATED_PER_INSTANCE`` times that many dates on the way (a series is walked from its first date).
Parsing and expansion run in a worker thread under the request's deadline. A feed over any of these
bounds is that host's warning, never free time: ``Budget`` counts and stops the work from a trace
function, because the rule expansion (dateutil) builds whole lists and cannot be stopped from outside.

Parsing uses ``recurring-ical-events`` (RRULE, RDATE, EXDATE, RECURRENCE-ID, VTIMEZONE, DST):
CANCELLED and TRANSPARENT events are free; Outlook's X-MICROSOFT-CDO-BUSYSTATUS wins when present
(FREE is free; BUSY, OOF, TENTATIVE are busy); tentative counts as busy; an all-day event blocks its
days in the host's zone. A floating time (no TZID, no Z) is read in the feed's ``X-WR-TIMEZONE`` when
it has one (Google's exports do; recurring-ical-events applies it), else in the host's zone.
``VFREEBUSY`` components count too: ``FREEBUSY`` periods are busy unless ``FBTYPE=FREE`` (RFC 5545
§3.2.9: no FBTYPE means BUSY). A body that is not iCalendar at all (an HTML login page, a JSON
error) is reported as such, not as a parse failure.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import sys
import time as clock
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from whofree.providers.types import ProviderError
from whofree.settings import Settings

NAME = "ics"
MAX_REDIRECTS = 5
GENERATED_PER_INSTANCE = 20  # dates a feed's rules may generate, per occurrence allowed in the window
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class Refused(ProviderError):
    def __init__(self, message: str) -> None:
        super().__init__(NAME, message)


@dataclass(frozen=True)
class Limits:
    """What a deployment allows a feed (its settings): loopback feeds (the local runner only), the
    largest body, received and inflated, and the most occurrences in a request's window."""

    allow_loopback: bool = False
    max_bytes: int = 2_097_152
    max_instances: int = 10_000

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.ics_allow_loopback, settings.ics_max_bytes, settings.ics_max_instances)


DEFAULT_LIMITS = Limits()  # frozen: the settings' defaults


def _embedded(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (NAT64, 6to4, Teredo), which reach that IPv4 host."""
    out = []
    if ip in _NAT64:
        out.append(ipaddress.IPv4Address(ip.packed[12:]))
    if ip.sixtofour is not None:
        out.append(ip.sixtofour)
    if ip.teredo is not None:
        out.extend(ip.teredo)
    return out


def public(address: str, allow_loopback: bool = False) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _IPV4_COMPATIBLE and not ip.is_loopback:
            return False  # deprecated (RFC 4291 §2.5.5.1): never a public feed's address
        elif not all(public(str(inner), allow_loopback) for inner in _embedded(ip)):
            return False
    if allow_loopback and ip.is_loopback:
        return True
    return ip.is_global and not ip.is_multicast


def _loopback_host(host: str) -> bool:
    """``localhost`` or a loopback address literal: where plain http is allowed, with loopback."""
    if host.lower() == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    return (mapped or ip).is_loopback


def check_url(url: str, allow_loopback: bool = False) -> None:
    """Refused unless ``url`` may be fetched (its addresses are checked again when connecting)."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise Refused("The ICS URL has no host.")
    # Plain http only to loopback, and only where loopback is allowed: never a redirect from there
    # to plain http on another host.
    loopback_http = parts.scheme == "http" and allow_loopback and _loopback_host(host)
    if parts.scheme != "https" and not loopback_http:
        raise Refused("Only https ICS URLs are fetched.")
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise Refused("The ICS URL has a bad port.") from None
    try:
        if not public(host, allow_loopback):
            raise Refused("The ICS URL points at an address that is not public.")
    except ValueError:
        pass  # a name, not an address: checked when it is resolved


def ascii_url(url: str) -> str:
    """``url`` as it goes on the wire: an IDNA host, a percent-encoded path and query. Refused when it
    has no such form (a host that is no IDNA name), so that bad text is a refusal, never an error."""
    import httpx

    try:
        return str(httpx.URL(url))
    except httpx.InvalidURL as exc:
        raise Refused(f"The ICS URL is not a valid URL: {exc}.") from None


class SafeBackend:
    """httpcore network backend: resolve, vet every address, connect to a vetted one."""

    def __init__(self, allow_loopback: bool = False) -> None:
        import httpcore

        self.allow_loopback = allow_loopback
        self._inner = httpcore.AnyIOBackend()
        self.connected: list[str] = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            raise Refused(f"The ICS host {host!r} could not be resolved.") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not addresses or not all(public(a, self.allow_loopback) for a in addresses):
            raise Refused("The ICS URL resolves to an address that is not public.")
        self.connected.append(addresses[0])
        return await self._inner.connect_tcp(
            addresses[0], port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    async def connect_unix_socket(self, *args, **kwargs):
        raise Refused("Unix sockets are not fetched.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def fetch(url: str, timeout: float, pool=None, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The feed's bytes, following up to five redirects, each hop checked like the first; everything
    (every hop, every byte, inflating) done within ``timeout`` seconds, within ``limits``."""
    import httpcore

    own = pool is None
    if own:
        from whofree.providers.http import _tls

        pool = httpcore.AsyncConnectionPool(
            ssl_context=_tls(), network_backend=SafeBackend(limits.allow_loopback), max_connections=4
        )
    try:
        async with asyncio.timeout(timeout):
            return await _follow(pool, url, timeout, limits)
    except TimeoutError:
        raise ProviderError(NAME, f"The ICS feed did not arrive within the deadline ({timeout:.1f} s).") from None
    finally:
        if own:
            await pool.aclose()


async def _follow(pool, url: str, timeout: float, limits: Limits) -> bytes:
    import httpcore

    from whofree.providers.http import Body, BodyTooLarge, BodyUnreadable

    headers = {"Accept": "text/calendar", "Accept-Encoding": "gzip", "User-Agent": "whofree/1"}
    for _ in range(MAX_REDIRECTS + 1):
        url = ascii_url(url)
        check_url(url, limits.allow_loopback)
        extensions = {"timeout": {"connect": min(timeout, 3.0), "read": timeout, "write": timeout, "pool": timeout}}
        try:
            async with pool.stream("GET", url, headers=headers, extensions=extensions) as response:
                answer = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in response.headers}
                if response.status in (301, 302, 303, 307, 308):
                    location = answer.get("location")
                    if not location:
                        raise Refused("The ICS URL redirects nowhere.")
                    url = urljoin(url, location)
                    continue
                if response.status != 200:
                    raise ProviderError(NAME, f"The ICS feed answered {response.status}.")
                body = Body(answer.get("content-encoding"), limits.max_bytes)
                async for chunk in response.aiter_stream():
                    body.feed(chunk)
                return bytes(body.finish())
        except (BodyTooLarge, BodyUnreadable) as exc:
            raise ProviderError(NAME, f"The ICS feed {exc}.") from None
        except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise ProviderError(NAME, f"The ICS feed could not be fetched ({type(exc).__name__}).") from None
    raise Refused("The ICS URL redirects too often.")


async def read(
    url: str, start: float, end: float, timezone: str, seconds: float, limits: Limits = DEFAULT_LIMITS
) -> list[tuple[float, float]]:
    """A feed's busy blocks in [start, end), fetched and expanded within ``seconds`` (what is left of the
    request's deadline), the expansion in a worker thread so that other hosts' reads go on meanwhile."""
    until = clock.monotonic() + seconds
    data = await fetch(url, max(0.05, seconds), limits=limits)
    return await asyncio.to_thread(busy, data, start, end, timezone, until, limits.max_instances)


class OverBudget(Exception):
    """The feed needs more time or more occurrences than it is allowed."""


class Budget:
    """A trace function (``sys.settrace``, one thread) that stops a feed's parsing and expansion: at the
    deadline (``until``, time.monotonic), or once its recurrence rules have generated more than
    ``generated`` dates or its series more than ``instances`` occurrences in the window. Only "call"
    events come here (no line tracing). A generator's resumption is one: after its first call, every
    further call of dateutil's rrule iterator or of a series' ``between`` follows a date or an
    occurrence it yielded, so each is counted as it is made."""

    def __init__(self, until: float | None, instances: int) -> None:
        from dateutil.rrule import rrule
        from recurring_ical_events.series.rrule import Series

        self.until = until
        self.instances = instances
        self.generated = instances * GENERATED_PER_INSTANCE
        self._rule = rrule._iter.__code__
        self._series = Series.between.__code__
        self._started: set = set()  # the generator frames already past their first call
        self.dates = self.occurrences = self.calls = 0

    def __call__(self, frame, event, arg):
        code = frame.f_code
        if code is self._rule or code is self._series:
            if frame not in self._started:
                self._started.add(frame)
            elif code is self._rule:
                self.dates += 1
                if self.dates > self.generated:
                    raise OverBudget(f"its recurrence rules repeat more than {self.generated} times up to the window")
            else:
                self.occurrences += 1
                if self.occurrences > self.instances:
                    raise OverBudget(f"it has more than {self.instances} occurrences in the window")
        self.calls += 1
        if self.until is not None and not self.calls & 1023 and clock.monotonic() > self.until:
            raise OverBudget("it could not be read before the deadline")

    def run(self, work):
        previous = sys.gettrace()
        sys.settrace(self)
        try:
            return work()
        finally:
            sys.settrace(previous)


def busy(
    data: bytes,
    start: float,
    end: float,
    timezone: str,
    until: float | None = None,
    max_instances: int = DEFAULT_LIMITS.max_instances,
) -> list[tuple[float, float]]:
    """Busy blocks of an iCalendar feed in [start, end), read in ``timezone`` where the feed is silent,
    within the bounds of ``Budget`` (``until``: the deadline, time.monotonic; ``max_instances``
    occurrences in the window)."""
    zone = ZoneInfo(timezone)
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        looks = " (it looks like HTML)" if data.lstrip()[:1] == b"<" else ""
        raise ProviderError(NAME, f"The ICS URL did not answer with an iCalendar feed{looks}: no BEGIN:VCALENDAR.")
    budget = Budget(until, max_instances)
    try:
        calendar, events = budget.run(lambda: _expand(data, start, end, zone))
    except OverBudget as exc:
        raise ProviderError(NAME, f"The ICS feed is not read: {exc}.") from None
    except Exception as exc:  # a malformed feed, whatever the parser raises
        raise ProviderError(NAME, "The ICS feed could not be read.") from exc
    blocks = []
    for event in events:
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        cdo = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
        if cdo == "FREE" or (not cdo and str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT"):
            continue
        first = event.get("DTSTART").dt
        last = event.get("DTEND").dt if event.get("DTEND") is not None else None
        if last is None:
            duration = event.get("DURATION")
            last = first + (
                duration.dt
                if duration is not None
                else timedelta(days=1)
                if not isinstance(first, datetime)
                else timedelta(0)
            )
        a, b = _instant(first, zone), _instant(last, zone)
        if b > a:
            blocks.append((a, b))
    try:
        blocks += _free_busy(calendar, start, end, zone)
    except Exception as exc:  # a malformed FREEBUSY period, whatever icalendar raises
        raise ProviderError(NAME, "The ICS feed's free/busy periods could not be read.") from exc
    return blocks


def _expand(data: bytes, start: float, end: float, zone: ZoneInfo):
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(calendar).between(
        datetime.fromtimestamp(start, zone), datetime.fromtimestamp(end, zone)
    )
    return calendar, events


def _free_busy(calendar, start: float, end: float, zone: ZoneInfo) -> list[tuple[float, float]]:
    """Busy periods of VFREEBUSY components overlapping [start, end); FBTYPE=FREE periods are free."""
    out = []
    for component in calendar.walk("VFREEBUSY"):
        values = component.get("FREEBUSY")
        if values is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            if str(value.params.get("FBTYPE", "BUSY")).upper() == "FREE":
                continue
            first, second = value.dt
            last = first + second if isinstance(second, timedelta) else second
            a, b = _instant(first, zone), _instant(last, zone)
            if b > a and a < end and b > start:
                out.append((a, b))
    return out


def _instant(value: date | datetime, zone: ZoneInfo) -> float:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0), zone)  # an all-day event: the host's local midnight
    elif value.tzinfo is None:
        value = value.replace(tzinfo=zone)  # a floating time: the host's wall clock
    return value.timestamp()
