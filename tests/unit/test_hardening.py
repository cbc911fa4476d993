"""Regression tests for hostile and careless inputs: each is answered
with API.md §1's error body and a 4xx naming the field, never a 5xx, on every route that takes it.

Routes that need no table are called through the API function here; the DynamoDB ones (the uid of
DELETE /v1/reservations, GET /v1/event_types' count with a table) are in tests/integration/.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from functions.api import app as api
from tests.helpers import call_handler, slots
from tests.reference import reference
from whofree import instants, reservations, settings
from whofree.context import Runtime
from whofree.data import holds
from whofree.engine import zone, zones
from whofree.errors import InvalidArgument, NotFound
from whofree.times.dispatch import read_request

pytestmark = pytest.mark.security

ERROR_KEYS = {"title", "message", "details"}
RANGE = {"start_time": "2030-01-07T00:00:00Z", "end_time": "2030-01-08T00:00:00Z"}


def call(event, context, method: str, path: str, body=None, query=None) -> tuple[int, dict]:
    reply = call_handler(
        api.lambda_handler, event("openapi"), context, method=method, path=path, body=body, query=query
    )
    return reply.status, reply.json()


def refused(status: int, body: dict, parameter: str, code: int = 400) -> list[str]:
    """The §1 body, the status, and the messages about ``parameter`` (which must be named)."""
    assert status == code, body
    assert set(body) == ERROR_KEYS
    messages = [d["message"] for d in body["details"] if d["parameter"] == parameter]
    assert messages, body
    return messages


def availability(**fields) -> dict:
    return {**RANGE, "duration_minutes": 30, "participants": [{"id": "a"}], **fields}


# ---------------------------------------------------------------- count


BAD_COUNTS = [
    pytest.param("²", id="superscript two (isdigit, int refuses)"),
    pytest.param("١٠", id="Arabic-Indic ten (int accepts)"),
    pytest.param("１０", id="fullwidth ten"),
    pytest.param("1" * 5000, id="5000 digits"),
    pytest.param("9" * 10, id="ten digits"),
    pytest.param(" 10", id="leading space"),
    pytest.param("+10", id="plus sign"),
    pytest.param("1_0", id="underscore"),
    pytest.param("10.0", id="decimal"),
    pytest.param("-1", id="negative"),
    pytest.param("0", id="zero"),
    pytest.param("", id="empty"),
    pytest.param("0x10", id="hex"),
]


@pytest.mark.parametrize("count", BAD_COUNTS)
def test_a_count_that_is_not_ascii_digits_in_range_is_400_on_event_type_times(count, event, lambda_context):
    status, body = call(
        event,
        lambda_context,
        "GET",
        "/v1/event_type_available_times",
        query={"event_type": "x", **RANGE, "count": count},
    )
    refused(status, body, "count")


@pytest.mark.parametrize("count", BAD_COUNTS)
def test_a_count_that_is_not_ascii_digits_in_range_is_400_on_the_event_type_list(count, event, lambda_context):
    # Checked before the table is needed, so this holds without DynamoDB too.
    status, body = call(event, lambda_context, "GET", "/v1/event_types", query={"count": count})
    refused(status, body, "count")


def test_counts_in_ascii_digits_are_read():
    assert read_request({"event_type": "x", **RANGE, "count": "10000"}).count == 10_000
    assert read_request({"event_type": "x", **RANGE, "count": "007"}).count == 7
    with pytest.raises(InvalidArgument):
        read_request({"event_type": "x", **RANGE, "count": "10001"})


@pytest.mark.parametrize("count", ["²", "1" * 5000, "١٠", True, 10.0, "10"])
def test_the_json_count_of_post_availability_is_a_json_integer(count, event, lambda_context):
    status, body = call(event, lambda_context, "POST", "/v1/availability", availability(count=count))
    refused(status, body, "count")


# ---------------------------------------------------------------- zone names

NOT_ZONES = [
    "America",  # a folder of the zone database (IsADirectoryError from ZoneInfo)
    "Etc",
    "localtime",  # files of the database that are no zone name
    "posixrules",
    "posix/America/New_York",
    "right/UTC",
    "zone.tab",
    "tzdata.zi",
    "iso3166.tab",
    "leapseconds",
    "Mars/Olympus",
    "america/new_york",  # IANA names are case-sensitive
    "../etc/passwd",
    "/usr/share/zoneinfo/UTC",
    "",
    " UTC",
    "UTC\x00",
    "A" * 65,
]


@pytest.mark.parametrize("name", NOT_ZONES)
def test_the_one_zone_check_refuses_what_is_no_iana_name(name):
    assert zones.problem(name) is not None
    with pytest.raises(zones.UnknownZone):
        zone(name)


@pytest.mark.parametrize("name", ["UTC", "America/New_York", "America/Argentina/Buenos_Aires", "Etc/GMT+12", "EST5EDT"])
def test_real_zone_names_pass(name):
    assert zones.problem(name) is None
    assert zone(name).key == name


@pytest.mark.parametrize("name", ["America", "localtime", "posixrules", "Mars/Olympus"])
def test_every_route_that_takes_a_zone_refuses_one_that_is_not(name, event, lambda_context):
    status, body = call(event, lambda_context, "POST", "/v1/availability", availability(timezone=name))
    assert "Unknown time zone" in refused(status, body, "timezone")[0]
    person = {"id": "a", "timezone": name}
    status, body = call(event, lambda_context, "POST", "/v1/availability", availability(participants=[person]))
    refused(status, body, "participants[0].timezone")
    status, body = call(
        event,
        lambda_context,
        "GET",
        "/v1/event_type_available_times",
        query={"event_type": "x", **RANGE, "timezone": name},
    )
    refused(status, body, "timezone")
    # Configured event types: the event type's zone and each host's (checked before the table is needed).
    config = {"name": "n", "duration_minutes": 30, "hosts": [{"id": "a"}]}
    status, body = call(event, lambda_context, "PUT", "/v1/event_types/z", {**config, "timezone": name})
    refused(status, body, "timezone")
    status, body = call(event, lambda_context, "PUT", "/v1/event_types/z", {**config, "hosts": [person]})
    refused(status, body, "hosts[0].timezone")


# ---------------------------------------------------------------- free_busy participants' zone


@pytest.mark.parametrize("name", ["Mars/Olympus", "America", "localtime", "posixrules"])
def test_free_busy_validates_each_participants_zone(name, event, lambda_context, monkeypatch):
    fetched = []
    monkeypatch.setattr("whofree.providers.ics.fetch", lambda *a, **k: fetched.append(a))
    body = {
        **RANGE,
        "participants": [
            {"id": "a", "source": {"provider": "ics", "url": "https://calendar.example.com/a.ics"}},
            {"id": "b", "timezone": name, "source": {"provider": "ics", "url": "https://calendar.example.com/b.ics"}},
        ],
    }
    status, answer = call(event, lambda_context, "POST", "/v1/free_busy", body)
    refused(status, answer, "participants[1].timezone")
    assert fetched == []  # refused before any calendar is read


# ---------------------------------------------------------------- cases 3 and 11: years 0001 and 9999

EDGES = [
    ("9999-12-30T00:00:00Z", "9999-12-31T23:59:59Z"),  # once "year 10000 is out of range"
    ("9999-12-31T23:00:00-12:00", "9999-12-31T23:30:00-12:00"),  # year 10000 in UTC
    ("0001-01-01T00:00:00Z", "0001-01-02T00:00:00Z"),
    ("0001-01-01T00:30:00+01:00", "0001-01-02T00:00:00Z"),  # year 0 in UTC
]


@pytest.mark.parametrize(("start", "end"), EDGES)
def test_instants_at_the_ends_of_the_calendar_are_400_naming_the_field_on_every_route(
    start, end, event, lambda_context
):
    expected = f"Must be from {instants.iso(instants.EARLIEST)} to {instants.iso(instants.LATEST)}."
    status, body = call(event, lambda_context, "POST", "/v1/availability", availability(start_time=start, end_time=end))
    assert refused(status, body, "start_time") == [expected]  # a valid instant, never "not RFC 3339"
    status, body = call(
        event,
        lambda_context,
        "GET",
        "/v1/event_type_available_times",
        query={"event_type": "https://api.calendly.com/event_types/x", "start_time": start, "end_time": end},
    )
    assert refused(status, body, "start_time") == [expected]  # not a 424 from the provider
    status, body = call(
        event,
        lambda_context,
        "GET",
        "/v1/event_type_available_times",
        query={"event_type": "configured-one", "start_time": start, "end_time": end},
    )
    assert refused(status, body, "end_time") == [expected]
    ics = {"provider": "ics", "url": "https://calendar.example.com/a.ics"}
    status, body = call(
        event,
        lambda_context,
        "POST",
        "/v1/free_busy",
        {"start_time": start, "end_time": end, "participants": [{"id": "a", "source": ics}]},
    )
    assert refused(status, body, "start_time") == [expected]


@pytest.mark.parametrize("start", ["9999-12-31T23:59:59Z", "9999-12-28T12:00:00Z", "0001-01-01T00:00:00+01:00"])
def test_a_hold_at_the_ends_of_the_calendar_blames_its_start_time(start, event, lambda_context, monkeypatch):
    # Before any table or provider is touched: the hold's own field, not the "end_time" it asks for inside.
    monkeypatch.setattr("whofree.data.table.required_table", object)
    status, body = call(event, lambda_context, "POST", "/v1/reservations", {"event_type": "x", "start_time": start})
    assert refused(status, body, "start_time")[0].startswith("Must be from 0001-01-04T00:00:00Z to ")


def test_every_instant_of_the_years_1_to_9999_parses():
    for text in (
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "9999-12-31T23:59:60Z",
    ):
        instants.parse(text)  # no "not RFC 3339", no OverflowError


def test_response_instants_have_four_digit_years():
    assert instants.iso(instants.EARLIEST) == "0001-01-04T00:00:00Z"
    assert instants.iso(instants.LATEST) == "9999-12-29T00:00:00Z"


WHOLE_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@pytest.mark.parametrize(
    ("start", "end", "now"),
    [
        ("0001-01-04T00:00:00Z", "0001-01-06T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
        ("9999-12-27T00:00:00Z", "9999-12-29T00:00:00Z", datetime(2030, 1, 1, tzinfo=UTC)),
    ],
)
def test_the_last_computable_days_are_computed_exactly_in_the_most_extreme_zones(start, end, now):
    people = [
        {"id": zone_name, "timezone": zone_name, "open_hours": [{"days": WHOLE_DAY, "start": "22:00", "end": "06:00"}]}
        for zone_name in ("Etc/GMT-14", "Etc/GMT+12", "Pacific/Kiritimati", "America/Adak")
    ]
    people[0]["busy"] = [{"start_time": start, "end_time": start.replace("T00:00", "T05:00")}]
    people[1]["date_overrides"] = [{"date": end[:10], "intervals": [{"start": "00:00", "end": "24:00"}]}]
    req = {
        "start_time": start,
        "end_time": end,
        "duration_minutes": 60,
        "interval_minutes": 30,
        "timezone": "Etc/GMT+12",
        "buffer_before_minutes": 480,
        "buffer_after_minutes": 480,
        "participants": people,
        "groups": [{"members": [p["id"] for p in people], "required": 2}],
    }
    found = slots(req, now)
    assert found  # the edge days really were computed
    assert found == [(instants.iso(t), ids) for t, ids in reference(req, now.timestamp())]


# ---------------------------------------------------------------- reservation uids (opaque since holds)


def uid(payload: str) -> str:
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=") + ".x"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("WyJ4IiwxZTQwMCwiaCJd.x", id="1e400"),
        pytest.param(uid(json.dumps(["e" * 3000, 1, "h"])), id="3000-character event type"),
        pytest.param(uid(json.dumps(["e", 1, "😀" * 254])), id="host over DynamoDB's sort key bytes"),
        pytest.param(uid('["e", 1, "\\ud800"]'), id="lone surrogate"),
        pytest.param(uid('["e", -1, "h"]'), id="negative start"),
        pytest.param(uid('["e", 1e3, "h"]'), id="float start"),
        pytest.param(uid('["e", true, "h"]'), id="boolean start"),
        pytest.param(uid('["e", 10000000000000, "h"]'), id="start past sort key width"),
        pytest.param(uid('[["e"], 1, "h"]'), id="list event type"),
        pytest.param(uid('{"a": 1, "b": 2, "c": 3}'), id="an object"),
        pytest.param(uid("abc"), id="three characters"),
        pytest.param(uid("[" * 5000), id="deep nesting"),
        pytest.param(uid("NaN"), id="NaN"),
        pytest.param("é.x", id="non-ASCII"),
        pytest.param("", id="empty"),
        pytest.param("%%%", id="not base64"),
        pytest.param("A" * 22 + "\n", id="a uid's length and a newline"),
        pytest.param("A" * 21, id="one character short"),
        pytest.param("A" * 23, id="one character long"),
        pytest.param("A" * 10_000, id="10000 characters"),
        pytest.param("A" * 21 + "é", id="non-ASCII at a uid's length"),
        pytest.param("A" * 21 + "=", id="base64 padding at a uid's length"),
    ],
)
def test_a_malformed_uid_names_no_reservation(text):
    # Holds' uids are opaque (whofree.data.holds): anything but one whofree could have written is a
    # 404 before any table is read.
    with pytest.raises(NotFound):
        reservations.delete(text, Runtime(settings.load(), lambda _: Untouchable()).context(10))


class Untouchable:
    """A table that fails the test when a uid reaches it."""

    def scoped(self, account: str) -> Untouchable:
        return self  # the request context's view of it: still untouchable

    def __getattr__(self, name: str):
        raise AssertionError(f"a malformed uid reached the table ({name})")


def test_a_uid_that_whofree_wrote_names_its_hold():
    uid = holds.new_uid()

    class OneHold:
        def get(self, pk: str, sk: str, consistent: bool = False) -> dict:
            assert (pk, sk) == (f"HOLD#{uid}", "HOLD")
            return {
                "event_type": "team",
                "hosts": json.dumps(["ana@example.com"]),
                "start": 1_900_000_000,
                "end": 1_900_001_800,
                "expires_at": 1_900_000_300,
            }

    assert holds.get(OneHold(), uid) == holds.Hold(
        uid, "team", ["ana@example.com"], 1_900_000_000, 1_900_001_800, 1_900_000_300
    )
