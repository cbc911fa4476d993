"""Request and response models of the public API (API.md §1-§2).

Bodies are validated with ``model_validate_json(body, strict=True)``: pydantic parses the raw JSON
in Rust, so numbers must be JSON numbers (``"30"`` is not 30) and instants must be strings (a bare
number is not silently read as a Unix time); whofree.instants then refuses timestamps without an
offset. Rules that span fields (end after start, unique ids, known group members…) live
in ``whofree.availability`` so that every violation is reported at once with its path.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, StringConstraints, with_config
from typing_extensions import TypedDict

from whofree.instants import MAX_LENGTH as MAX_INSTANT_LENGTH

# Instants are checked and converted by whofree.instants (one parser for all of them, memoised:
# cheaper than building 48 000 datetime objects for 24 000 busy blocks).
Instant = Annotated[
    str,
    Field(
        max_length=MAX_INSTANT_LENGTH,  # the instant parser's own limit
        description="RFC 3339 with an explicit offset, e.g. 2030-01-07T09:00:00-05:00",
        examples=["2030-01-07T14:00:00Z"],
        json_schema_extra={"format": "date-time"},
    ),
]
WallTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"), Field(examples=["09:00"])]
WallTimeEnd = Annotated[
    str,
    StringConstraints(pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"),
    Field(description='HH:MM; "24:00" is the next midnight. An end at or before the start ends on the next day.'),
]
TimeZoneName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    Field(description="IANA time zone name", examples=["America/New_York"]),
]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


EXPLAIN_DESCRIPTION = (
    "true: each slot also lists `unavailable`, every participant not in `available` with the first reason "
    "that applies (held, busy, outside_hours, unknown). The answer is otherwise the same; `page_token` does "
    "not depend on it."
)
Reason = Literal["held", "busy", "outside_hours", "unknown"]

MAX_PARTICIPANTS = 500
MAX_BUSY_PER_PARTICIPANT = 10_000
MAX_GROUPS = 50


class _Strict(BaseModel):
    # Unknown fields are refused: a misspelt "buffer_before" would otherwise silently change answers.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Window(_Strict):
    days: list[Weekday] = Field(min_length=1, max_length=7)
    start: WallTime
    end: WallTimeEnd


class OverrideInterval(_Strict):
    start: WallTime
    end: WallTimeEnd


class DateOverride(_Strict):
    date: date
    intervals: list[OverrideInterval] = Field(
        max_length=48, description="The windows that start on this date; an empty list closes the day."
    )


@with_config(ConfigDict(extra="forbid"))
class BusyBlock(TypedDict):
    # A TypedDict, not a model: validating 24 000 of them as dicts is about half the cost.
    start_time: Instant
    end_time: Instant


def _fits_512_bytes(text: str) -> str:
    try:
        size = len(text.encode())
    except UnicodeEncodeError:  # a lone surrogate (JSON allows "\\ud800"): no UTF-8 at all
        raise ValueError("Must be valid Unicode text (no lone surrogates).") from None
    if size > MAX_ID_BYTES:
        raise ValueError(f"At most {MAX_ID_BYTES} bytes in UTF-8 (this one has {size}).")
    return text


MAX_ID_BYTES = 512
# A host or participant id (API.md §2): 1 to 254 characters and at most 512 bytes in UTF-8, so that
# every storage key built from one stays within DynamoDB's limits.
HostId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=254),
    AfterValidator(_fits_512_bytes),
    Field(examples=["alice@example.com"], description="1 to 254 characters, at most 512 bytes in UTF-8"),
]


class Participant(_Strict):
    id: HostId
    name: str | None = Field(default=None, max_length=254)
    timezone: TimeZoneName | None = Field(default=None, description="Defaults to the request's timezone.")
    open_hours: list[Window] | None = Field(
        default=None, max_length=100, description="Absent with date_overrides: open all the time."
    )
    date_overrides: list[DateOverride] | None = Field(default=None, max_length=400)
    busy: list[BusyBlock] | None = Field(default=None, max_length=MAX_BUSY_PER_PARTICIPANT)


class Group(_Strict):
    members: list[str] = Field(min_length=1, max_length=MAX_PARTICIPANTS)
    required: Literal["all"] | Annotated[int, Field(ge=1, le=MAX_PARTICIPANTS)] = Field(
        description='"all", or k: at least k members must be free (1 <= k <= len(members))'
    )


class Scheduling(_Strict):
    """§2's scheduling fields, shared by POST /v1/availability and configured event types."""

    duration_minutes: int = Field(ge=5, le=1440)
    interval_minutes: int | None = Field(default=None, ge=5, le=1440, description="Grid step; defaults to duration.")
    timezone: TimeZoneName = "UTC"
    buffer_before_minutes: int = Field(default=0, ge=0, le=480)
    buffer_after_minutes: int = Field(default=0, ge=0, le=480)
    minimum_notice_minutes: int = Field(default=0, ge=0, le=525_600)
    groups: list[Group] | None = Field(default=None, min_length=1, max_length=MAX_GROUPS)


class AvailabilityRequest(Scheduling):
    """POST /v1/availability."""

    start_time: Instant
    end_time: Instant
    participants: list[Participant] = Field(min_length=1, max_length=MAX_PARTICIPANTS)
    count: int = Field(default=1000, ge=1, le=10_000, description="Slots per page (a page also stays under 5 MB).")
    page_token: str | None = Field(default=None, max_length=2048)
    explain: bool = Field(default=False, description=EXPLAIN_DESCRIPTION)


# Response shapes: used for the OpenAPI document; the hot path writes the same JSON directly.


class Unavailable(BaseModel):
    id: str
    reason: Reason = Field(
        description=(
            "The first that applies: held (a hold of API.md §4 overlaps the slot with its buffers), busy (a busy "
            "block overlaps the slot with its buffers), outside_hours (the slot is not inside one stretch of open "
            "time), unknown (the calendar could not be read: see warnings)."
        )
    )


class Slot(BaseModel):
    start_time: str = Field(examples=["2030-01-07T14:00:00Z"])
    end_time: str = Field(examples=["2030-01-07T14:30:00Z"])
    available: list[str] = Field(description="Every free participant, in request order.")
    unavailable: list[Unavailable] | None = Field(
        default=None, description="Only with explain: every participant not in available, in request order."
    )


class Pagination(BaseModel):
    count: int
    next_page_token: str | None


class Warning_(BaseModel):
    model_config = ConfigDict(title="Warning")
    participant: str
    title: str
    message: str


class AvailabilityResponse(BaseModel):
    collection: list[Slot]
    pagination: Pagination
    warnings: list[Warning_] | None = Field(default=None, description="Only when some calendar could not be read.")


# POST /v1/availability/sequences and GET /v1/event_type_sequences (API.md §2b).

MAX_MEETINGS = 8
MAX_MEETINGS_ANY_ORDER = 5  # order "any" tries every order: 5! = 120 at most
SequenceOrder = Literal["fixed", "any"]
ORDER_DESCRIPTION = (
    "fixed: the meetings in the listed order; any: every order (at most 5 meetings). Sequences come in "
    "ascending first start, then by order: the listed order first, then the others in lexicographic order "
    "of meeting indices."
)


class GapMinutes(_Strict):
    min: int = Field(default=0, ge=0, le=240, multiple_of=5)
    max: int = Field(default=0, ge=0, le=240, multiple_of=5)


class Meeting(_Strict):
    id: HostId
    duration_minutes: int = Field(ge=5, le=1440)
    participants: list[str] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_PARTICIPANTS,
        description="Ids of the request's participants in this meeting; default: every participant.",
    )
    groups: list[Group] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_GROUPS,
        description="API.md §2 rule 4 over this meeting's participants; default: anyone of them free.",
    )
    buffer_before_minutes: int = Field(default=0, ge=0, le=480)
    buffer_after_minutes: int = Field(default=0, ge=0, le=480)


class SequenceRequest(_Strict):
    """POST /v1/availability/sequences."""

    start_time: Instant
    end_time: Instant
    interval_minutes: int = Field(
        default=30,
        ge=5,
        le=1440,
        description="Grid step of the first meeting's start (API.md §2 rule 1).",
    )
    timezone: TimeZoneName = "UTC"
    minimum_notice_minutes: int = Field(default=0, ge=0, le=525_600)
    participants: list[Participant] = Field(min_length=1, max_length=MAX_PARTICIPANTS)
    meetings: list[Meeting] = Field(min_length=2, max_length=MAX_MEETINGS)
    order: SequenceOrder = Field(default="fixed", description=ORDER_DESCRIPTION)
    gap_minutes: GapMinutes = Field(
        default_factory=GapMinutes,
        description="Time between one meeting's end and the next one's start: min to max, in steps of 5.",
    )
    count: int = Field(default=1000, ge=1, le=10_000, description="Sequences per page (a page also stays under 5 MB).")
    page_token: str | None = Field(default=None, max_length=2048)
    explain: bool = Field(default=False, description=EXPLAIN_DESCRIPTION + " Per meeting.")


class SequenceMeeting(BaseModel):
    id: str
    start_time: str = Field(examples=["2030-01-07T14:00:00Z"])
    end_time: str = Field(examples=["2030-01-07T14:45:00Z"])
    available: list[str] = Field(description="Every participant of the meeting free in it, in request order.")
    unavailable: list[Unavailable] | None = Field(
        default=None, description="Only with explain: every participant of the meeting not in available."
    )


class SequenceItem(BaseModel):
    start_time: str = Field(description="The first meeting's start.", examples=["2030-01-07T14:00:00Z"])
    end_time: str = Field(description="The last meeting's end.", examples=["2030-01-07T15:30:00Z"])
    meetings: list[SequenceMeeting] = Field(description="The meetings in the order they take place.")


class SequenceResponse(BaseModel):
    collection: list[SequenceItem]
    pagination: Pagination


class ErrorDetail(BaseModel):
    parameter: str
    message: str


class ErrorBody(BaseModel):
    title: str = Field(examples=["Invalid Argument"])
    message: str = Field(examples=["The supplied parameters are invalid."])
    details: list[ErrorDetail] = Field(default_factory=list, description="Empty unless a parameter is at fault.")


# The id of a configured event type (PUT /v1/event_types/{id}): one part of its storage key.
EVENT_TYPE_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


# Configured event types (API.md §3): the §2 scheduling fields, a name, and hosts whose busy time
# comes from a source (or inline ``busy``).


CONNECTION_ID_PATTERN = r"^con_[A-Za-z0-9_-]{24}$"
SOURCE_CONNECTION = (
    "The account's connection that reads this host (API.md §7); without it, the account's only connection of "
    "the provider (single-account mode, none: the deployment's credentials)."
)


class CalendlySource(_Strict):
    provider: Literal["calendly"]
    user: Annotated[str, StringConstraints(pattern=r"^https://api\.calendly\.com/users/[A-Za-z0-9_-]{1,64}$")] = Field(
        description="The Calendly user URI"
    )
    connection: str | None = Field(default=None, pattern=CONNECTION_ID_PATTERN, description=SOURCE_CONNECTION)


class NylasSource(_Strict):
    provider: Literal["nylas"]
    grant_id: str = Field(min_length=1, max_length=128)
    email: str = Field(min_length=3, max_length=254)
    connection: str | None = Field(default=None, pattern=CONNECTION_ID_PATTERN, description=SOURCE_CONNECTION)


class IcsSource(_Strict):
    provider: Literal["ics"]
    url: Annotated[
        str,
        StringConstraints(max_length=2000, pattern=r"^(https://|http://(127\.0\.0\.1|localhost|\[::1\])[:/])"),
    ] = Field(
        description="An https iCalendar feed (plain http only to loopback, and only where the local runner allows it)."
    )


class GoogleSource(_Strict):
    provider: Literal["google"]
    calendar_id: str = Field(min_length=1, max_length=254)
    connection: str | None = Field(default=None, pattern=CONNECTION_ID_PATTERN, description=SOURCE_CONNECTION)


class MicrosoftSource(_Strict):
    provider: Literal["microsoft"]
    user: str = Field(min_length=1, max_length=254, description="User id or userPrincipalName")
    connection: str | None = Field(default=None, pattern=CONNECTION_ID_PATTERN, description=SOURCE_CONNECTION)


HostSource = Annotated[
    CalendlySource | NylasSource | IcsSource | GoogleSource | MicrosoftSource, Field(discriminator="provider")
]


class ConfiguredHost(Participant):
    source: HostSource | None = Field(default=None, description="Where busy time comes from, besides inline busy.")
    priority: int | None = Field(
        default=None, ge=0, le=4, description="Assignment order: 0 to 4 (absent: 2); higher first, before any rule."
    )
    weight: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        description='Assignment order under `"weighted"`: the host\'s share of the bookings (absent: 100).',
    )


HOST_ORDERS = ("listed", "least_recently_booked", "weighted")
HostOrder = Literal["listed", "least_recently_booked", "weighted"]


class EventTypeConfig(Scheduling):
    """PUT /v1/event_types/{id}."""

    name: str = Field(min_length=1, max_length=200)
    hosts: list[ConfiguredHost] = Field(min_length=1, max_length=MAX_PARTICIPANTS)
    host_order: HostOrder | None = Field(
        default=None,
        description=(
            "Assignment order of each slot's available_hosts (absent: `listed`, the order of `hosts`): "
            "`least_recently_booked` or `weighted` (the host furthest below its weight's share of the "
            "bookings of the last 30 days first). Hosts' `priority` comes first; ties fall back to least "
            "recently booked, then to `hosts` order."
        ),
    )


class EventTypeResource(EventTypeConfig):
    id: str
    created_at: str
    updated_at: str


class EventTypeEnvelope(BaseModel):
    resource: EventTypeResource


# Reservations (API.md §4).


MAX_HOLD_HOSTS = 99  # one DynamoDB transaction: the hold and a lock per host


class ReservationRequest(_Strict):
    event_type: str = Field(min_length=1, max_length=300)
    start_time: Annotated[str, Field(max_length=40, json_schema_extra={"format": "date-time"})]
    hosts: list[HostId] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_HOLD_HOSTS,
        description="Hosts to hold first (ids); whofree completes the set the meeting needs with free hosts.",
    )
    host: HostId | None = Field(default=None, description='Shorthand for `"hosts": [host]`.')
    expires_in_minutes: int = Field(default=5, ge=1, le=60)
    connection: str | None = Field(
        default=None,
        pattern=CONNECTION_ID_PATTERN,
        description="The account's connection that reads a provider event type, as `connection` of its times (API.md §7).",
    )

    def named(self) -> list[str]:
        return list(self.hosts) if self.hosts is not None else [self.host] if self.host is not None else []


class ProviderReservation(BaseModel):
    provider: Literal["calcom"]
    uid: str = Field(description="The provider's reservation uid (Cal.com: `reservationUid`).")


class ProviderWarning(BaseModel):
    provider: str
    title: str
    message: str


class Reservation(BaseModel):
    uid: str = Field(description="Opaque; DELETE /v1/reservations/{uid} releases the hold.")
    event_type: str
    hosts: list[str] = Field(description="Every host the meeting holds, in the event type's order.")
    start_time: str
    end_time: str
    expires_at: str
    provider_reservation: ProviderReservation | None = Field(
        default=None,
        description=(
            "The slot reserved at the provider for as long as the hold lasts, released with it (Cal.com: "
            "POST /v2/slots/reservations, so that its own booking page stops offering the slot); null when "
            "the provider has no such call (Calendly, configured event types) or refused (then `warnings`)."
        ),
    )
    warnings: list[ProviderWarning] | None = Field(
        default=None, description="Only when the provider refused to reserve the slot: the hold is made anyway."
    )


class ReservationEnvelope(BaseModel):
    resource: Reservation


# POST /v1/free_busy: what the engine sees of each participant's calendar.


class FreeBusyParticipant(_Strict):
    id: HostId
    source: HostSource
    timezone: TimeZoneName = Field(default="UTC", description="Where all-day and floating ICS events are read.")


class FreeBusyRequest(_Strict):
    start_time: Instant
    end_time: Instant
    participants: list[FreeBusyParticipant] = Field(min_length=1, max_length=MAX_PARTICIPANTS)


class BusyInterval(BaseModel):
    start_time: str
    end_time: str


class ParticipantBusy(BaseModel):
    participant: str
    busy: list[BusyInterval]


class FreeBusyResponse(BaseModel):
    collection: list[ParticipantBusy] = Field(description="Participants whose calendar was read, in request order.")
    warnings: list[Warning_] = Field(default_factory=list, description="Participants whose calendar could not be read.")


# GET /v1/event_type_available_times and GET /v1/event_types (API.md §3): written by the routes
# themselves, described here for the OpenAPI document and the clients generated from it.


class ListPagination(BaseModel):
    model_config = ConfigDict(title="ListPagination")
    count: int = Field(description="Items on this page.")
    next_page_token: str | None = Field(description="Pass as page_token for the next page; null on the last.")
    next_page: str | None = Field(default=None, description="The URL of the next page; null on the last.")


class AvailableHost(BaseModel):
    id: str
    name: str | None = None
    email: str | None = None
    uri: str | None = Field(default=None, description="The provider's URI of the host, when it has one.")


class EventTypeSlot(BaseModel):
    status: Literal["available"]
    start_time: str = Field(json_schema_extra={"format": "date-time"}, examples=["2030-03-11T13:00:00Z"])
    end_time: str = Field(json_schema_extra={"format": "date-time"}, examples=["2030-03-11T13:30:00Z"])
    invitees_remaining: int
    available_hosts: list[AvailableHost] = Field(
        description=(
            "Every host free in the slot, in assignment order (`assignment`): the host the event type would "
            "give the next booking in this slot first."
        )
    )
    scheduling_url: str | None = Field(default=None, description="The provider's booking link, when it has one.")
    unavailable: list[Unavailable] | None = Field(
        default=None,
        description=("Only with explain=true: every host not in available_hosts (of the hosts filter), in host order."),
    )


class Assignment(BaseModel):
    rule: Literal["listed", "least_recently_booked", "weighted"] = Field(
        description=(
            "How the event type orders its hosts: a configured event type's `host_order`; a Calendly round "
            "robin: least_recently_booked; a Cal.com round robin: weighted when its hosts' weights differ "
            "from Cal.com's default 100 (Cal.com's own precedence: the weights, then `priority`, then least "
            "recently booked), else least_recently_booked after `priority`; any other: listed. Hosts' "
            "`priority` (0..4, higher first) comes before the rule; ties fall back to least recently booked, "
            "then to hosts order. Bookings are those whofree learnt of: booking deliveries (Calendly "
            "invitee.created, Cal.com BOOKING_CREATED and BOOKING_RESCHEDULED, through any event type) and "
            "the holds it granted; weighted counts those of the last 30 days."
        )
    )
    order: list[str] = Field(description="Every host of the event type (whatever `hosts` narrows), next first.")


class EventTypeAvailableTimes(BaseModel):
    collection: list[EventTypeSlot]
    pagination: ListPagination
    assignment: Assignment
    warnings: list[Warning_] | None = Field(default=None, description="Only when some calendar could not be read.")


class EventTypePage(BaseModel):
    collection: list[EventTypeResource]
    pagination: ListPagination


# Connections (API.md §7). Secrets come in once, in a request body, and are never in any answer.

# Sent as an HTTP header value to the provider: visible ASCII only (RFC 9110 §5.5), no spaces.
SecretText = Annotated[str, StringConstraints(min_length=1, max_length=4096, pattern=r"^[!-~]+$")]


class CalcomKeyConnection(_Strict):
    provider: Literal["calcom"]
    api_key: SecretText = Field(description="A Cal.com API key (cal_live_...). Stored encrypted, never returned.")


class CalendlyKeyConnection(_Strict):
    provider: Literal["calendly"]
    personal_access_token: SecretText = Field(description="A Calendly personal access token. Stored encrypted.")


class NylasKeyConnection(_Strict):
    provider: Literal["nylas"]
    api_key: SecretText = Field(description="A Nylas v3 API key. Stored encrypted, never returned.")
    region: Literal["us", "eu"] = Field("us", description="The Nylas region of the application's data.")


class KeyConnectionRequest(RootModel[CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection]):
    root: Annotated[CalcomKeyConnection | CalendlyKeyConnection | NylasKeyConnection, Field(discriminator="provider")]


def _https_redirect(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.fragment or parts.username or parts.password:
        raise ValueError("must be an https URL with a host, without a fragment or credentials")
    return value


class OAuthConnectionRequest(_Strict):
    provider: Literal["calendly", "google", "microsoft"]
    redirect_uri: Annotated[str, Field(max_length=2000), AfterValidator(_https_redirect)] = Field(
        description="Where whofree sends the user back: `?connection=<id>` on success, `?error=<reason>` otherwise."
    )


class Connection(BaseModel):
    id: str = Field(pattern=r"^con_[A-Za-z0-9_-]{24}$")
    provider: Literal["calcom", "calendly", "nylas", "google", "microsoft"]
    status: Literal["active", "needs_reauthorization", "revoked"]
    identity: dict[str, str | int] = Field(
        description="Who the provider says the credential is: Calendly user and organization URIs, Cal.com user, "
        "Nylas application, Google email, Microsoft tenant id."
    )
    created_at: str = Field(json_schema_extra={"format": "date-time"})


class ConnectionWebhook(BaseModel):
    url: str = Field(
        description="Where the provider delivers this connection's webhooks: `/v1/webhooks/{provider}/{id}`."
    )
    signing_secret: str = Field(
        description="The secret to give the provider when subscribing that url (Calendly's `signing_key`, Cal.com's "
        "webhook secret); deliveries are verified with it. Shown only in the answer that makes the connection."
    )


class NewConnection(Connection):
    webhook: ConnectionWebhook | None = Field(
        None,
        description="Key-based Calendly and Cal.com connections: where and how to subscribe the provider's webhooks "
        "(only in this answer; the secret is stored encrypted and never shown again).",
    )


class ConnectionWebhookSecret(_Strict):
    webhook_secret: SecretText = Field(
        description="The secret the provider signs this connection's deliveries with (Nylas: the `webhook_secret` "
        "its `POST /v3/webhooks` answered for the connection's webhook url). Stored encrypted, never returned."
    )


class ConnectionEnvelope(BaseModel):
    resource: Connection


class NewConnectionEnvelope(BaseModel):
    resource: NewConnection


class ConnectionPage(BaseModel):
    collection: list[Connection]
    pagination: ListPagination


class Authorization(BaseModel):
    authorization_url: str = Field(description="Open it in the user's browser (Microsoft: an admin of the tenant).")
    expires_at: str = Field(json_schema_extra={"format": "date-time"}, description="When its state expires.")


class AuthorizationEnvelope(BaseModel):
    resource: Authorization


# GET /v1/event_type_sequences (API.md §2b, over event types): written by the route itself.


class EventTypeSequenceMeeting(BaseModel):
    id: str = Field(description="The event type, as named in event_types.")
    start_time: str = Field(json_schema_extra={"format": "date-time"}, examples=["2030-03-11T13:00:00Z"])
    end_time: str = Field(json_schema_extra={"format": "date-time"}, examples=["2030-03-11T13:30:00Z"])
    available_hosts: list[AvailableHost] = Field(
        description="The event type's own answer for that slot: every host free in it, in host order."
    )


class EventTypeSequenceItem(BaseModel):
    start_time: str = Field(json_schema_extra={"format": "date-time"}, description="The first meeting's start.")
    end_time: str = Field(json_schema_extra={"format": "date-time"}, description="The last meeting's end.")
    meetings: list[EventTypeSequenceMeeting] = Field(description="The meetings in the order they take place.")


class EventTypeSequences(BaseModel):
    collection: list[EventTypeSequenceItem]
    pagination: ListPagination
    warnings: list[Warning_] | None = Field(
        default=None, description="Every event type's warnings (each once): calendars that could not be read."
    )


# Subscriptions (API.md §8).

MAX_SUBSCRIPTION_EVENT_TYPES = 100  # event types one subscription names
MAX_SUBSCRIPTION_URL = 2048  # characters of a receiver URL


class SubscriptionRequest(_Strict):
    url: str = Field(
        min_length=1,
        max_length=MAX_SUBSCRIPTION_URL,
        description="An https URL on a public address (the ICS rules): whofree POSTs each change there.",
        examples=["https://example.com/whofree-events"],
    )
    event_types: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(
        min_length=1,
        max_length=MAX_SUBSCRIPTION_EVENT_TYPES,
        description="Configured event type ids, Calendly event type URIs or calcom:<id>.",
    )


class SubscriptionResource(BaseModel):
    id: str
    url: str
    event_types: list[str]
    secret: str | None = Field(
        default=None,
        description="Only in the answer to the POST that made it: the key of each delivery's Whofree-Signature.",
    )
    created_at: str = Field(json_schema_extra={"format": "date-time"})


class SubscriptionEnvelope(BaseModel):
    resource: SubscriptionResource


class SubscriptionPage(BaseModel):
    collection: list[SubscriptionResource]
    pagination: ListPagination
