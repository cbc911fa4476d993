"""The public API function: API Gateway REST (v1) proxy events in, contract responses out.

Routes stay thin: parse, call the layer, answer. Everything the contract says about errors
(API.md §1) is mapped in one place, the exception handlers below.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Literal
from urllib.parse import urlencode

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query
from aws_lambda_powertools.metrics import MetricUnit

from whofree import availability, pagination, runtime, settings
from whofree.context import Context
from whofree.errors import Detail, InvalidArgument
from whofree.http import cors, params
from whofree.http.openapi import answers
from whofree.http.responses import compact, json_response
from whofree.http.routes import Routes
from whofree.http.service import Service
from whofree.models import (
    ORDER_DESCRIPTION,
    AuthorizationEnvelope,
    AvailabilityRequest,
    AvailabilityResponse,
    CalendlyKeyConnection,
    ConnectionEnvelope,
    ConnectionPage,
    ConnectionWebhookSecret,
    EventTypeAvailableTimes,
    EventTypeConfig,
    EventTypeEnvelope,
    EventTypePage,
    EventTypeSequences,
    FreeBusyRequest,
    FreeBusyResponse,
    KeyConnectionRequest,
    NewConnectionEnvelope,
    NylasKeyConnection,
    OAuthConnectionRequest,
    ReservationEnvelope,
    ReservationRequest,
    SequenceRequest,
    SequenceResponse,
    SubscriptionEnvelope,
    SubscriptionPage,
    SubscriptionRequest,
)
from whofree.observability import logger, metrics

# Init: every setting is read and validated here, once (a bad value fails the init, naming the
# variable), and on Lambda the page-token key must be configured.
SETTINGS = settings.load()
pagination.check_key(SETTINGS)
RUNTIME = runtime.start(SETTINGS)  # the table, the clock and the caches a warm container keeps

# Lambda takes at most 6 MB per synchronous request, event envelope included.
MAX_BODY_BYTES = SETTINGS.max_body_bytes or 5_000_000

API_DESCRIPTION = """\
whofree answers, for each bookable slot of a shared meeting, **who is free**.

Decisions the contract leaves open:
- Unknown fields in a body are refused (400), so a misspelt option never changes an answer silently.
- Numbers must be JSON numbers and instants JSON strings; nothing is coerced.
- `page_token` is bound to every field of the request except `count` and `explain`, which may change
  between pages.
  Pages are keyset-based: the token names the last slot returned, so later pages do not shift while
  time passes.
- Bodies over 5 MB are refused with 413.
- Event type slots, like §2's, lie inside [start_time, end_time): a provider slot that would end after
  end_time is not listed.
- Every RFC 3339 instant of the years 0001-9999 is read, but a range (`start_time`, `end_time`, a hold's
  `start_time`) must lie between 0001-01-04T00:00:00Z and 9999-12-29T00:00:00Z: answers work in local
  time a few days around it. `count` in a query string is ASCII digits only.
"""

EXPLAIN_GET = """\
With `explain=true`, each slot also lists `unavailable`: every host not in `available_hosts` (only hosts of the
`hosts` filter, when given), in host order, with the first reason that applies: `held` (a hold of API.md §4,
with the buffers, overlaps the slot), `busy` (a busy block does), `outside_hours` (the slot is not inside
one stretch of the host's open time), `unknown` (the host's calendar could not be read: see `warnings`). The
slots and `available_hosts` are the same as without it; a cached answer with reasons is cached apart from one
without. A host whose calendar could not be read is never free; whofree still says `held`, `busy` or
`outside_hours` where what it knows without that calendar (holds, inline busy, configured hours) shows it.

Cal.com event types: whofree does not see Cal.com hosts' calendars, only each host's own Cal.com slots
(Cal.com shows busy times only for the token owner's own calendars). A host whose own answer lacks a slot is
`unknown`: Cal.com does not say whether it is busy, outside its hours, or held back by a booking limit, and
whofree does not guess. No warning is added for it, since nothing failed; a host whose Cal.com call failed is
`unknown` with a warning.
"""

# Route functions carry no return annotation: Powertools would read one as the response model and
# validate each answer against it, while the routes write their JSON themselves (the models are in
# each route's ``answers``, for the document).
declared = Routes()
router = declared.router


def now() -> datetime:
    return datetime.now(UTC)


def request_body() -> str:
    return service.body()


def _server_url() -> str | None:
    return service.server_url()


@declared.route(
    "POST",
    "/v1/availability",
    operation_id="postAvailability",
    tag="availability",
    summary="Labelled slots from data in the request",
    description="Every offered slot with the list of participants free in it (API.md §2).",
    responses=answers(model=AvailabilityResponse),
    # The hot path: msgspec reads the raw body itself (whofree.availability), never Powertools.
    validate=False,
)
def post_availability(_: Annotated[AvailabilityRequest, Body()] = None):  # type: ignore[assignment]
    # ``_`` is never filled (no validation here): it only gives the document the body's schema.
    _account()  # needs no stored data, but a key of no account is refused here too
    started = time.perf_counter()
    request = availability.parse(request_body())
    page = availability.answer(request, now(), pagination.tokens(RUNTIME))
    elapsed_ms = (time.perf_counter() - started) * 1000
    metrics.add_metric(name="SlotsComputed", unit=MetricUnit.Count, value=page.slots)
    metrics.add_metric(name="Participants", unit=MetricUnit.Count, value=page.participants)
    metrics.add_metric(name="AvailabilityLatency", unit=MetricUnit.Milliseconds, value=elapsed_ms)
    logger.info(
        "availability answered",
        extra={
            "slots": page.slots,
            "participants": page.participants,
            "has_more": page.has_more,
            "ms": round(elapsed_ms, 1),
        },
    )
    return json_response(200, page.body)


SEQUENCES_DESCRIPTION = """\
Several meetings back to back, each with its own participants, groups, duration and buffers (API.md §2b).
For each first start on the grid and each order, the sequence with the smallest gaps (the earliest start of
meeting 2, then of meeting 3, ...); the whole sequence lies inside [start_time, end_time).

Decisions the contract leaves open:
- `interval_minutes` defaults to 30 (§2's default, the meeting's duration, has no single value here);
  only the first meeting's start is on that grid, the others follow from the gaps.
- `minimum_notice_minutes` applies to the first meeting's start (the others are later).
- Each meeting lists its participants in the order of the request's `participants`, whatever the order of
  the meeting's own `participants` list; that list may not name a participant twice.
- A group of a meeting may name only that meeting's participants (400 otherwise).
- `page_token` is bound to every field except `count` and `explain`; it names the last sequence returned
  (its first start and order), so later pages do not shift.
"""


@declared.route(
    "POST",
    "/v1/availability/sequences",
    operation_id="postAvailabilitySequences",
    tag="availability",
    summary="Sequences of meetings back to back, from data in the request",
    description=SEQUENCES_DESCRIPTION,
    responses=answers(model=SequenceResponse),
    validate=False,  # as POST /v1/availability: msgspec reads the busy lists of the raw body
)
def post_availability_sequences(_: Annotated[SequenceRequest, Body()] = None):  # type: ignore[assignment]
    from whofree.availability import sequences

    started = time.perf_counter()
    page = sequences.answer(sequences.parse(request_body()), now(), pagination.tokens(RUNTIME))
    metrics.add_metric(name="SequencesComputed", unit=MetricUnit.Count, value=page.sequences)
    logger.info(
        "sequences answered",
        extra={
            "sequences": page.sequences,
            "has_more": page.has_more,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    return json_response(200, page.body)


EXPLAIN_PARAMETER = "true: each slot also lists `unavailable` (API.md §2, why not free). Only true or false."
DATE_TIME = {"format": "date-time"}
CONNECTION_PARAMETER = (
    "The account's connection that reads a provider event type (API.md §7); may be left out when the account "
    "has one connection of that provider (single-account mode, none: the deployment's credentials)."
)


@declared.route(
    "GET",
    "/v1/event_type_available_times",
    operation_id="getEventTypeAvailableTimes",
    tag="event_types",
    summary="Slots of an event type (Calendly, Cal.com or configured), each with the hosts free in it",
    description=(
        "The slot list is the provider's own; whofree adds `available_hosts`. A host whose calendar "
        "cannot be read is listed in `warnings` and never labelled free. With `hosts`, only slots that "
        "one of those hosts can take are listed, with only those hosts.\n\n" + EXPLAIN_GET
    ),
    responses=answers(model=EventTypeAvailableTimes, errors=(400, 401, 404, 424, 500, 503)),
)
def get_event_type_available_times(
    event_type: Annotated[
        str, Query(description="A Calendly event type URI, calcom:<id>, or the id of a configured event type")
    ],
    start_time: Annotated[params.Instant, Query(json_schema_extra=DATE_TIME)],
    end_time: Annotated[params.Instant, Query(json_schema_extra=DATE_TIME)],
    timezone: Annotated[params.Zone, Query()] = "UTC",
    hosts: Annotated[params.Hosts, Query(description="Comma-separated host ids")] = None,
    count: Annotated[params.count(1, 10_000), Query()] = 1000,
    page_token: Annotated[str, Query()] = None,  # noqa: RUF013 - absent is None, and a query value is never null
    explain: Annotated[params.TrueOrFalse, Query(description=EXPLAIN_PARAMETER)] = False,
    connection: Annotated[str, Query(description=CONNECTION_PARAMETER)] = None,  # noqa: RUF013 - as page_token
):
    from whofree.times import dispatch

    started = time.perf_counter()
    request = dispatch.read_request(dict(router.current_event.query_string_parameters or {}))
    page = dispatch.answer(request, _context(), _server_url())
    metrics.add_metric(name="ProviderSlots", unit=MetricUnit.Count, value=page.slots)
    logger.info(
        "event type answered",
        extra={
            "slots": page.slots,
            "cache": "hit" if page.cached else "miss",
            "warnings": page.warnings,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    return json_response(200, page.body, headers={"X-Cache": "hit" if page.cached else "miss"})


EVENT_TYPE_SEQUENCES_DESCRIPTION = """\
Several event types back to back (API.md §2b): each event type (Calendly, Cal.com or configured) is one
meeting with its own duration, hosts, group rule, buffers and notice. A meeting is offered at a start iff its
event type's own answer (as GET /v1/event_type_available_times gives it) offers that slot; its
`available_hosts` are that slot's. For each first start and order, the sequence with the smallest gaps.

Decisions the contract leaves open:
- The first meeting starts at any slot of its event type's answer (there is no grid of the request's own).
- A slot is offered as its event type's answer lists it, even where that answer names no free host.
- `gap_max_minutes` defaults to `gap_min_minutes` (a fixed gap), which defaults to 0.
- Each event type at most once in `event_types`. Every event type is answered afresh (never from the answer
  cache), and its warnings are carried, each once; an event type whose every host failed is a 424, an unknown
  one a 404.
- `page_token` is bound to every parameter except `count`.
"""


@declared.route(
    "GET",
    "/v1/event_type_sequences",
    operation_id="getEventTypeSequences",
    tag="event_types",
    summary="Sequences of event types back to back, each meeting with the hosts free in it",
    description=EVENT_TYPE_SEQUENCES_DESCRIPTION,
    responses=answers(model=EventTypeSequences, errors=(400, 401, 404, 424, 500, 503)),
)
def get_event_type_sequences(
    event_types: Annotated[
        str,
        Query(description="2 to 8 event types, comma-separated: Calendly event type URIs, calcom:<id>, configured ids"),
    ],
    start_time: Annotated[params.Instant, Query(json_schema_extra=DATE_TIME)],
    end_time: Annotated[params.Instant, Query(json_schema_extra=DATE_TIME)],
    timezone: Annotated[
        params.Zone, Query(description="The grid's zone for configured event types (default: each one's own)")
    ] = None,
    order: Annotated[Literal["fixed", "any"], Query(description=ORDER_DESCRIPTION)] = "fixed",
    gap_min_minutes: Annotated[
        params.count(0, 240), Query(description="A multiple of 5", json_schema_extra={"multipleOf": 5})
    ] = 0,
    gap_max_minutes: Annotated[
        params.count(0, 240),
        Query(description="A multiple of 5; default: gap_min_minutes", json_schema_extra={"multipleOf": 5}),
    ] = None,
    count: Annotated[params.count(1, 10_000), Query()] = 1000,
    page_token: Annotated[str, Query()] = None,  # noqa: RUF013 - absent is None, and a query value is never null
):
    from whofree.times import sequences

    started = time.perf_counter()
    request = sequences.read_request(dict(router.current_event.query_string_parameters or {}))
    page = sequences.answer(request, _context(), _server_url())
    metrics.add_metric(name="SequencesComputed", unit=MetricUnit.Count, value=page.sequences)
    logger.info(
        "event type sequences answered",
        extra={
            "sequences": page.sequences,
            "warnings": page.warnings,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )
    return json_response(200, page.body)


EventTypeIdPath = Annotated[params.EventTypeId, Path()]
# Bodies as the use cases read them (strict JSON); the routes still hand the raw body to them.
EventTypeBody = params.strict(EventTypeConfig)
FreeBusyBody = params.strict(FreeBusyRequest)
ReservationBody = params.strict(ReservationRequest)


@declared.route(
    "PUT",
    "/v1/event_types/<id>",
    operation_id="putEventType",
    tag="event_types",
    summary="Create or replace a configured event type",
    description="§2's scheduling fields, a name and hosts whose busy time comes from a source. 201 when created. "
    "A definition is stored as at most 380 000 bytes of JSON (one DynamoDB item): a larger one, though under "
    "the 5 MB body limit, is refused with 413 (give long busy lists a `source` instead of inline `busy`).",
    responses=answers(200, 201, model=EventTypeEnvelope, errors=(400, 401, 404, 413, 500, 503)),
)
def put_event_type(id: EventTypeIdPath, _: Annotated[EventTypeBody, Body()]):
    from whofree import configured, push, subscriptions
    from whofree.data.table import required_table

    context = _context()
    event_type_id = configured.check_id(id)
    config = configured.parse(request_body())
    configured.check_connections(context, config)  # API.md §7: 404 for a connection of another account
    resource, created = configured.put(required_table(context.table), event_type_id, config)
    push.after_put(RUNTIME.context(min(push.SETUP_SECONDS, context.left()), context.account), config)  # best effort
    hosts = {h.id for h in config.hosts}
    subscriptions.publish(context, {event_type_id}, hosts)  # best effort: subscribers learn of it
    return json_response(201 if created else 200, {"resource": resource})


@declared.route(
    "GET",
    "/v1/event_types/<id>",
    operation_id="getEventType",
    tag="event_types",
    summary="A configured event type",
    responses=answers(model=EventTypeEnvelope, errors=(400, 401, 404, 500, 503)),
)
def get_event_type(id: EventTypeIdPath):
    from whofree import configured
    from whofree.data.table import required_table

    return json_response(200, {"resource": configured.get(required_table(_context().table), configured.check_id(id))})


@declared.route(
    "DELETE",
    "/v1/event_types/<id>",
    operation_id="deleteEventType",
    tag="event_types",
    summary="Delete a configured event type",
    responses=answers(204, errors=(400, 401, 404, 500, 503)),
)
def delete_event_type(id: EventTypeIdPath):
    from whofree import configured, subscriptions
    from whofree.data.table import required_table

    context = _context()
    hosts = configured.delete(required_table(context.table), configured.check_id(id))
    subscriptions.publish(context, {id}, set(hosts))  # best effort: subscribers learn of it
    return Response(status_code=204, body="")


@declared.route(
    "GET",
    "/v1/event_types",
    operation_id="listEventTypes",
    tag="event_types",
    summary="Configured event types, in id order",
    responses=answers(model=EventTypePage, errors=(400, 401, 500, 503)),
)
def list_event_types(
    count: Annotated[params.count(1, 100), Query()] = 20,
    page_token: Annotated[str, Query()] = None,  # noqa: RUF013 - absent is None, and a query value is never null
):
    from whofree import configured
    from whofree.data.table import required_table

    context = _context()
    return _listed(
        "/v1/event_types",
        context,
        count,
        page_token,
        lambda after: configured.page(required_table(context.table), count, after),
    )


@declared.route(
    "POST",
    "/v1/free_busy",
    operation_id="postFreeBusy",
    tag="free_busy",
    summary="Merged busy blocks per participant, as the engine sees them",
    description="A debugging view: each participant's busy time from its source. Participants whose calendar "
    "cannot be read are only in `warnings`; 424 when none can be read.",
    responses=answers(model=FreeBusyResponse, errors=(400, 401, 404, 413, 424, 500, 503)),
)
def post_free_busy(_: Annotated[FreeBusyBody, Body()]):
    from whofree import free_busy

    return json_response(200, free_busy.answer(request_body(), _context()))


@declared.route(
    "POST",
    "/v1/reservations",
    operation_id="postReservation",
    tag="reservations",
    summary="Hold a meeting: every host it needs, for one slot",
    description=(
        'The hosts the meeting needs (a configured event type: every member of each `required: "all"` '
        "group and k free members of each `required: k` group, or one host without groups; a round-robin "
        "provider event type: one host, plus Cal.com's fixed hosts; a collective one: every host) are held "
        "in one transaction, all or none: `hosts` named first, then free hosts in the event type's "
        "assignment order (the order of `assignment` in its answers). "
        "Naming more hosts than the meeting takes (more members of a group than it requires, say two hosts "
        "of a round robin, which takes one) is a 409, not a 400: each named host is a valid host, but "
        "together they are more than one meeting, and whofree does not pick which to drop. A host in no "
        "group of a configured event type (optional) may be named and is held along. "
        "A host's holds never overlap, buffers included: of concurrent requests that would, one gets 201 "
        "and the rest 409. Until it expires or is deleted, a hold makes its hosts busy for "
        "[start - buffer before, end + buffer after) in every event type's answers and in POST /v1/free_busy. "
        "An `Idempotency-Key` header makes a retried POST return the first answer (for an hour). "
        "A Cal.com event type's slot is also reserved at Cal.com for as long as the hold lasts "
        "(`provider_reservation`), so that its booking page stops offering it; when Cal.com refuses, "
        "`provider_reservation` is null with `warnings`, and the hold is made anyway."
    ),
    responses=answers(201, model=ReservationEnvelope, errors=(400, 401, 404, 409, 413, 424, 500, 503)),
)
def post_reservation(
    _: Annotated[ReservationBody, Body()],
    idempotency_key: Annotated[params.IdempotencyKey, Header(alias="Idempotency-Key")] = None,
):
    from whofree import reservations
    from whofree.data.table import required_table

    request = reservations.parse(request_body())
    context = _context()

    def make(data: dict) -> dict:
        # The written body is what is recorded, so a replay is the first answer byte for byte (the
        # record's JSON would come back with its keys sorted).
        return {"body": compact({"resource": reservations.create(request, context)})}

    if not idempotency_key:
        return json_response(201, make({})["body"])
    from whofree.data.idempotency import once

    first = once(required_table(context.table), make, idempotency_key, request.model_dump(), router.lambda_context)
    # A record written before bodies were recorded (an hour at most) holds the resource itself.
    return json_response(201, first["body"] if isinstance(first.get("body"), str) else first)


@declared.route(
    "GET",
    "/v1/reservations/<uid>",
    operation_id="getReservation",
    tag="reservations",
    summary="Read a hold",
    description=(
        "The live hold, as POST /v1/reservations answered it (`provider_reservation` included). An unknown, "
        "malformed or expired uid, or another account's, is 404."
    ),
    responses=answers(200, model=ReservationEnvelope, errors=(401, 404, 500, 503)),
)
def get_reservation(uid: Annotated[str, Path()]):
    from whofree import reservations

    return json_response(200, compact({"resource": reservations.get(uid, _context())}))


@declared.route(
    "DELETE",
    "/v1/reservations/<uid>",
    operation_id="deleteReservation",
    tag="reservations",
    summary="Release a hold",
    description="Also releases the hold's reservation at the provider (`provider_reservation`), best effort.",
    responses=answers(204, errors=(401, 404, 500, 503)),
)
def delete_reservation(uid: Annotated[str, Path()]):
    from whofree import reservations

    reservations.delete(uid, _context())
    return Response(status_code=204, body="")


# ---------------------------------------------------------------- subscriptions (API.md §8)

SubscriptionBody = params.strict(SubscriptionRequest)
SubscriptionIdPath = Annotated[str, Path(description="The subscription's id (from its POST)")]


@declared.route(
    "POST",
    "/v1/subscriptions",
    operation_id="postSubscription",
    tag="subscriptions",
    summary="Be told when the availability of event types changes",
    description=(
        'whofree POSTs `{"event": "availability.changed", "event_type", "hosts": [ids], "occurred_at", "id"}` '
        "to `url` when a host of a listed event "
        "type changes: a webhook delivery or push notification, a hold made, released or expired, the event type "
        'replaced or deleted. Each is signed: `Whofree-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` with '
        "the `secret`, which only this answer shows. At least once: retried with backoff for 24 hours, the same `id` "
        "on every retry. The url must be https on a public address (a name is resolved and checked at every send). "
        "At most 100 subscriptions per account, 100 event types each, a url of 2048 characters."
    ),
    responses=answers(201, model=SubscriptionEnvelope, errors=(400, 401, 413, 500, 503)),
)
def post_subscription(_: Annotated[SubscriptionBody, Body()]):
    from whofree import subscriptions

    context = _context()
    request = subscriptions.parse(request_body(), context)
    return json_response(201, {"resource": subscriptions.create(request, context)})


@declared.route(
    "GET",
    "/v1/subscriptions",
    operation_id="listSubscriptions",
    tag="subscriptions",
    summary="The account's subscriptions, in id order (without their secrets)",
    responses=answers(model=SubscriptionPage, errors=(400, 401, 500, 503)),
)
def list_subscriptions(
    count: Annotated[params.count(1, 100), Query()] = 20,
    page_token: Annotated[str, Query()] = None,  # noqa: RUF013 - absent is None, and a query value is never null
):
    from whofree import subscriptions

    context = _context()
    return _listed(
        "/v1/subscriptions", context, count, page_token, lambda after: subscriptions.page(context, count, after)
    )


@declared.route(
    "GET",
    "/v1/subscriptions/<id>",
    operation_id="getSubscription",
    tag="subscriptions",
    summary="A subscription (without its secret)",
    responses=answers(model=SubscriptionEnvelope, errors=(401, 404, 500, 503)),
)
def get_subscription(id: SubscriptionIdPath):
    from whofree import subscriptions

    return json_response(200, {"resource": subscriptions.get(id, _context())})


@declared.route(
    "DELETE",
    "/v1/subscriptions/<id>",
    operation_id="deleteSubscription",
    tag="subscriptions",
    summary="Delete a subscription: events still queued for it are dropped",
    responses=answers(204, errors=(401, 404, 500, 503)),
)
def delete_subscription(id: SubscriptionIdPath):
    from whofree import subscriptions

    subscriptions.delete(id, _context())
    return Response(status_code=204, body="")


# Connections (API.md §7): an account's access to a provider account, its secrets stored encrypted.
ConnectionIdPath = Annotated[str, Path(description="A connection id (con_...)")]
KeyConnectionBody = params.strict(KeyConnectionRequest)
OAuthConnectionBody = params.strict(OAuthConnectionRequest)
CONNECTION_ERRORS = (400, 401, 404, 500, 503)
OAUTH_CALLBACK_SECONDS = 24.0


@declared.route(
    "POST",
    "/v1/connections",
    operation_id="postConnection",
    tag="connections",
    summary="Connect a provider account by key (Cal.com API key, Calendly personal access token, Nylas API key)",
    description="whofree checks the key with one provider call first (Cal.com `GET /v2/me`, Calendly "
    "`GET /users/me`, Nylas `GET /v3/applications`): 400 naming the field when the provider refuses it, 424 "
    "when the provider fails. The key is stored encrypted (KMS envelope encryption) and never returned. "
    "For Calendly and Cal.com the answer also carries `webhook`, this once: the url of the connection's own "
    "webhook route and the secret to subscribe it with at the provider (Calendly `POST /webhook_subscriptions` "
    "`signing_key`, Cal.com's webhook secret), so that bookings made there reach this account. Nylas makes its "
    "own secret for each webhook destination, so a Nylas connection has none to show.",
    responses=answers(201, model=NewConnectionEnvelope, errors=(400, 401, 413, 424, 500, 503)),
)
def post_connection(_: Annotated[KeyConnectionBody, Body()]):
    from whofree.connections import store

    body = KeyConnectionRequest.model_validate_json(request_body(), strict=True).root
    secret = body.personal_access_token if isinstance(body, CalendlyKeyConnection) else body.api_key
    region = body.region if isinstance(body, NylasKeyConnection) else None
    made = store.create_with_key(_context(), body.provider, secret, region, _server_url())
    return json_response(201, {"resource": made})


@declared.route(
    "POST",
    "/v1/connections/oauth",
    operation_id="postOAuthConnection",
    tag="connections",
    summary="Start connecting a Calendly, Google or Microsoft account by OAuth",
    description="Open `authorization_url` in the user's browser. The provider sends the user back to "
    "`GET /v1/oauth/{provider}/callback`, which makes the connection and redirects to `redirect_uri` with "
    "`connection=<id>` (or `error=<reason>`). Calendly: the authorization code flow; Google: offline access "
    "(a refresh token for that user); Microsoft: an admin of the customer's tenant consents, then whofree uses "
    "app-only tokens for that tenant. The state lasts 10 minutes and is used once.",
    responses=answers(201, model=AuthorizationEnvelope, errors=(400, 401, 413, 500, 503)),
)
def post_oauth_connection(_: Annotated[OAuthConnectionBody, Body()]):
    from whofree.connections import oauth

    body = OAuthConnectionRequest.model_validate_json(request_body(), strict=True)
    base = _server_url() or ""
    resource = oauth.start(_context(), body.provider, body.redirect_uri, base)
    return json_response(201, {"resource": resource})


@declared.route(
    "GET",
    "/v1/oauth/<provider>/callback",
    operation_id="getOAuthCallback",
    tag="connections",
    summary="Where the provider sends the user back (no API key: the state is checked instead)",
    description="Redirects (302) to the redirect_uri bound to the state, with `connection=<id>`, or "
    "`error=<reason>` (`access_denied` and the provider's other refusals, `authorization_refused`, "
    "`provider_unavailable`). A state that is forged, altered, expired, used already or bound to another "
    "account, provider or redirect_uri is a 400.",
    responses=answers(302, errors=(400, 404, 500, 503), public=True),
    public=True,
)
def get_oauth_callback(provider: Annotated[str, Path()]):
    from whofree.connections import oauth
    from whofree.errors import NotFound

    if provider not in ("calendly", "google", "microsoft"):
        raise NotFound(f"No OAuth callback for {provider[:40]}.")
    query = dict(router.current_event.query_string_parameters or {})
    # No API key here: the account comes from the state, not from the request's key. A code exchange is
    # at most three provider calls, well within API Gateway's 29 s.
    location = oauth.callback(RUNTIME.context(OAUTH_CALLBACK_SECONDS), provider, query)
    return Response(status_code=302, body="", headers={"Location": location, "Cache-Control": "no-store"})


@declared.route(
    "GET",
    "/v1/connections",
    operation_id="listConnections",
    tag="connections",
    summary="The account's connections, in id order",
    responses=answers(model=ConnectionPage, errors=(400, 401, 500, 503)),
)
def list_connections(
    count: Annotated[params.count(1, 100), Query()] = 20,
    page_token: Annotated[str, Query()] = None,  # noqa: RUF013 - absent is None, and a query value is never null
):
    from whofree.connections import store

    context = _context()
    return _listed("/v1/connections", context, count, page_token, lambda after: store.page(context, count, after))


@declared.route(
    "GET",
    "/v1/connections/<id>",
    operation_id="getConnection",
    tag="connections",
    summary="A connection: its provider, status and identity (never its secrets)",
    description="`status`: `active`; `needs_reauthorization` when the provider refused a refresh (connect again "
    "by OAuth); `revoked` when the provider says the credential was revoked.",
    responses=answers(model=ConnectionEnvelope, errors=CONNECTION_ERRORS),
)
def get_connection(id: ConnectionIdPath):
    from whofree.connections import store

    return json_response(200, {"resource": store.get(_context(), id)})


ConnectionWebhookSecretBody = params.strict(ConnectionWebhookSecret)


@declared.route(
    "PATCH",
    "/v1/connections/<id>",
    operation_id="patchConnection",
    tag="connections",
    summary="Set the secret a provider signs this connection's webhook deliveries with",
    description="Deliveries to `/v1/webhooks/{provider}/{id}` are verified with the connection's own secret. "
    "For Calendly and Cal.com whofree makes it and shows it once, when the connection is made. Nylas makes its own "
    "for each webhook destination (`POST /v3/webhooks` answers `webhook_secret`): subscribe the connection's url "
    "at Nylas, then give whofree that secret here. The only field; the answer is the connection (never a secret).",
    responses=answers(model=ConnectionEnvelope, errors=(400, 401, 404, 413, 500, 503)),
)
def patch_connection(id: ConnectionIdPath, _: Annotated[ConnectionWebhookSecretBody, Body()]):
    from whofree.connections import store

    body = ConnectionWebhookSecret.model_validate_json(request_body(), strict=True)
    return json_response(200, {"resource": store.set_webhook_secret(_context(), id, body.webhook_secret)})


@declared.route(
    "DELETE",
    "/v1/connections/<id>",
    operation_id="deleteConnection",
    tag="connections",
    summary="Revoke a connection at the provider where it can be, then erase it",
    description="Calendly and Google tokens are revoked at the provider (`/oauth/revoke`, `/revoke`) first; "
    "424 when the provider cannot be reached, and nothing is erased. Microsoft's admin consent, Cal.com and Nylas "
    "API keys and Calendly personal access tokens have no revocation call: the customer removes them in the "
    "provider's own settings; whofree erases its copy.",
    responses=answers(204, errors=(401, 404, 424, 500, 503)),
)
def delete_connection(id: ConnectionIdPath):
    from whofree.connections import store

    store.delete(_context(), id)
    return Response(status_code=204, body="")


def _listed(
    path: str,
    context: Context,
    count: int,
    page_token: str | None,
    fetch: Callable[[str | None], tuple[list[dict], str | None]],
) -> Response:
    """One page of an account's records in id order (``fetch(after)`` -> items and the last id): only
    ``count`` and ``page_token`` in the query, a token bound to the path and the account, ``next_page``."""
    unknown = sorted(set(router.current_event.query_string_parameters or {}) - {"count", "page_token"})
    if unknown:
        raise InvalidArgument(details=[Detail(name, "Unknown query parameter.") for name in unknown])
    digest = pagination.request_digest(f"GET {path} {context.account}".encode())
    tokens = pagination.tokens(RUNTIME)
    after = tokens.decode_text(page_token, digest) if page_token else None
    items, last = fetch(after)
    token = tokens.encode_text(last, digest) if last else None
    next_page = None
    if token and (base := _server_url()):
        next_page = f"{base}{path}?{urlencode({'count': count, 'page_token': token})}"
    body = {"collection": items, "pagination": {"count": len(items), "next_page_token": token, "next_page": next_page}}
    return json_response(200, body)


def _account() -> str:
    """The account this request acts for (API.md §7): its API key's id, as API Gateway names it, mapped
    by whofree.accounts; 401 in multi-account mode for a key of no account."""
    from whofree import accounts

    return accounts.resolve(RUNTIME, router.current_event.request_context.identity.api_key_id)


def _context() -> Context:
    """This request's context: the runtime, its account, and a deadline that leaves time to label,
    serialize and answer before API Gateway's 29 s."""
    lambda_context = router.lambda_context
    remaining = lambda_context.get_remaining_time_in_millis() / 1000 if lambda_context else 28.0
    return RUNTIME.context(max(1.0, min(remaining, 29.0) - 3.0), _account())


@declared.route(
    "GET",
    "/v1/openapi.json",
    operation_id="getOpenApi",
    tag="documents",
    summary="This OpenAPI document",
    responses=answers(errors=(500,), public=True),
    public=True,
)
def get_openapi():
    from whofree.http import openapi, webhooks

    # The webhook routes are served by their own function, but belong in the one public document.
    document = openapi.build(app, [webhooks.routes(MAX_BODY_BYTES)], service.tags, _server_url(), API_DESCRIPTION)
    return json_response(200, document)


@declared.route(
    "GET",
    "/v1/docs",
    operation_id="getDocs",
    tag="documents",
    summary="Swagger UI over the OpenAPI document (also at /v1/docs/)",
    description="Its files come from the pinned npm package swagger-ui-dist, served by this function: no CDN.",
    responses=answers(media="text/html", errors=(500,), public=True),
    public=True,
)
def get_docs():
    from whofree.http import docs

    page = docs.page(router.current_event.path)
    return Response(status_code=200, content_type="text/html; charset=utf-8", body=page)


# Powertools serves /v1/docs/ with the same route (it ignores a trailing slash); links follow the path.
declared.table.add("GET", "/v1/docs/")


@declared.route(
    "GET",
    "/v1/docs/<file>",
    operation_id="getDocsFile",
    tag="documents",
    summary="One of Swagger UI's files (swagger-ui.css, swagger-ui-bundle.js, ...)",
    responses=answers(media="text/plain", errors=(404, 500), public=True),
    public=True,
)
def get_docs_file(file: Annotated[str, Path()]):
    from whofree.errors import NotFound
    from whofree.http import docs

    found = docs.asset(file)
    if found is None:
        raise NotFound(f"No file {file} in the API docs.")
    media, data = found
    headers = {"Cache-Control": "public, max-age=86400"}
    return Response(status_code=200, content_type=media, body=data.decode("utf-8"), headers=headers)


@declared.route(
    "GET",
    "/v1/ui",
    operation_id="getUi",
    tag="ui",
    summary="A page that shows who is free in each slot of an event type's week, and why not",
    description="Plain HTML, CSS and JS, no API key for the page itself (it asks for one when the API does).",
    responses=answers(media="text/html", errors=(500,), public=True),
    public=True,
)
def get_ui():
    from whofree.http.ui import page

    html, headers = page()
    return Response(status_code=200, content_type="text/html; charset=utf-8", body=html, headers=headers)


# CORS from the current settings (WHOFREE_CORS_ORIGINS; off when unset).
service = Service(MAX_BODY_BYTES, declared, cors=lambda: cors.load(RUNTIME.settings.cors_origins))
app, routes = service.app, service.routes
lambda_handler = service.handler()
