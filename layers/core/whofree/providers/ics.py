"""ICS feeds (docs/PROVIDERS.md): hosts with ``{"provider": "ics", "url": "https://..."}``.

Fetching is SSRF-safe. Only https is followed. Every TCP connection goes through a network backend
that resolves the name, refuses if any resolved address is not public (loopback, private,
link-local with 169.254.169.254, multicast, reserved, unspecified, IPv4-mapped forms of these),
then connects to the address it vetted; TLS still verifies the certificate against the hostname.
Because the check sits at the connection, it covers every redirect hop and DNS rebinding alike.
Bodies are capped (WHOFREE_ICS_MAX_BYTES, default 2 MB) and so is time (the request's deadline).
The local runner may allow loopback (and plain http there) with WHOFREE_ICS_ALLOW_LOOPBACK=true,
for its demo; nothing else can.

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
from datetime import date, datetime, time, timedelta
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from whofree import settings
from whofree.providers.types import ProviderError

NAME = "ics"
MAX_REDIRECTS = 5


class Refused(ProviderError):
    def __init__(self, message: str) -> None:
        super().__init__(NAME, message)


def _allow_loopback() -> bool:
    return settings.get().ics_allow_loopback


def max_bytes() -> int:
    return settings.get().ics_max_bytes


def public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if _allow_loopback() and ip.is_loopback:
        return True
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """Refused unless ``url`` may be fetched (its addresses are checked again when connecting)."""
    parts = urlsplit(url)
    host = parts.hostname
    if not host:
        raise Refused("The ICS URL has no host.")
    loopback_http = parts.scheme == "http" and _allow_loopback()
    if parts.scheme != "https" and not loopback_http:
        raise Refused("Only https ICS URLs are fetched.")
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise Refused("The ICS URL has a bad port.") from None
    try:
        if not public(host):
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

    def __init__(self) -> None:
        import httpcore

        self._inner = httpcore.AnyIOBackend()
        self.connected: list[str] = []

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError:
            raise Refused(f"The ICS host {host!r} could not be resolved.") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not addresses or not all(public(a) for a in addresses):
            raise Refused("The ICS URL resolves to an address that is not public.")
        self.connected.append(addresses[0])
        return await self._inner.connect_tcp(
            addresses[0], port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    async def connect_unix_socket(self, *args, **kwargs):
        raise Refused("Unix sockets are not fetched.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def fetch(url: str, timeout: float, pool=None) -> bytes:
    """The feed's bytes, following up to five redirects, each hop checked like the first."""
    import httpcore

    from whofree.providers.http import _tls

    own = pool is None
    if own:
        pool = httpcore.AsyncConnectionPool(ssl_context=_tls(), network_backend=SafeBackend(), max_connections=4)
    try:
        for _ in range(MAX_REDIRECTS + 1):
            url = ascii_url(url)
            check_url(url)
            extensions = {"timeout": {"connect": min(timeout, 3.0), "read": timeout, "write": timeout, "pool": timeout}}
            try:
                async with pool.stream(
                    "GET", url, headers={"Accept": "text/calendar", "User-Agent": "whofree/1"}, extensions=extensions
                ) as response:
                    if response.status in (301, 302, 303, 307, 308):
                        location = dict((k.decode().lower(), v.decode()) for k, v in response.headers).get("location")
                        if not location:
                            raise Refused("The ICS URL redirects nowhere.")
                        url = urljoin(url, location)
                        continue
                    if response.status != 200:
                        raise ProviderError(NAME, f"The ICS feed answered {response.status}.")
                    body = b""
                    async for chunk in response.aiter_stream():
                        body += chunk
                        if len(body) > max_bytes():
                            raise ProviderError(NAME, f"The ICS feed is larger than {max_bytes()} bytes.")
                    return body
            except (httpcore.TimeoutException, httpcore.NetworkError, httpcore.ProtocolError) as exc:
                raise ProviderError(NAME, f"The ICS feed could not be fetched ({type(exc).__name__}).") from None
        raise Refused("The ICS URL redirects too often.")
    finally:
        if own:
            await pool.aclose()


def busy(data: bytes, start: float, end: float, timezone: str) -> list[tuple[float, float]]:
    """Busy blocks of an iCalendar feed in [start, end), read in ``timezone`` where the feed is silent."""
    import icalendar
    import recurring_ical_events

    zone = ZoneInfo(timezone)
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        looks = " (it looks like HTML)" if data.lstrip()[:1] == b"<" else ""
        raise ProviderError(NAME, f"The ICS URL did not answer with an iCalendar feed{looks}: no BEGIN:VCALENDAR.")
    try:
        calendar = icalendar.Calendar.from_ical(data)
        events = recurring_ical_events.of(calendar).between(
            datetime.fromtimestamp(start, zone), datetime.fromtimestamp(end, zone)
        )
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
