"""Holds mirrored at Cal.com (API.md §4 "At the provider"), a personal event type's owner, and Cal.com
hosts' own priority and weight, through the API handler against the faithful fake Cal.com
(tests/fakes/calcom.py) with DynamoDB Local; GET /v1/reservations/{uid}."""

from __future__ import annotations

import json
import time

from functions.api import app as api
from tests.helpers import call_handler
from tests.integration.test_accounts import KEY_A, KEY_B, two_accounts  # noqa: F401 - a fixture
from tests.integration.test_accounts import call as accounts_call
from tests.integration.test_calcom_end_to_end import at, calcom, get  # noqa: F401 - a fixture
from tests.integration.test_configured_event_types import CONFIG
from tests.integration.test_reservations import hold
from whofree.data import holds

SLOT_15 = "2030-03-11T15:00:00Z"  # offered by the configured team (in every account)
SLOT = "2030-03-11T09:00:00Z"  # only Ines (201, the event type's first host) is free at 09:00


def reservation(event, context, method: str, uid: str) -> tuple[int, dict]:
    ev = event("availability")
    status, _, text = call_handler(
        api.lambda_handler,
        ev,
        context,
        method=method,
        path=f"/v1/reservations/{uid}",
        path_params={"uid": uid},
        body=None,
        query=None,
    )
    assert status != 405, text
    return status, json.loads(text) if text else {}


def test_a_hold_reserves_the_slot_at_calcom_for_as_long_as_it_lasts(table, calcom, event, lambda_context):  # noqa: F811
    calcom.event_types[77]["rrHostSubsetEnabled"] = True
    assert at(SLOT) in calcom.offered(77)
    status, made = hold(event, lambda_context, {"event_type": "calcom:77", "start_time": SLOT, "expires_in_minutes": 7})
    assert status == 201, made
    resource = made["resource"]
    assert resource["hosts"] == ["ines"]
    [(uid, kept)] = calcom.reservations.items()
    assert resource["provider_reservation"] == {"provider": "calcom", "uid": uid}
    assert "warnings" not in resource
    # Reserved for the hold's 7 minutes, for the event type's first host, over the meeting.
    assert kept["userId"] == 201
    assert (kept["start"], kept["end"]) == (at(SLOT), at(SLOT) + 1800)
    assert abs(kept["releaseAt"] - (time.time() + 7 * 60)) < 60
    # Cal.com's own answer no longer offers it, to anyone.
    assert at(SLOT) not in calcom.offered(77)
    # GET reads the hold back exactly as POST answered.
    assert reservation(event, lambda_context, "GET", resource["uid"]) == (200, made)
    # Cal.com ends its reservation by itself when the hold's duration passes.
    calcom.wall = lambda: time.time() + 8 * 60
    assert at(SLOT) in calcom.offered(77)


def test_deleting_the_hold_releases_the_calcom_reservation(table, calcom, event, lambda_context):  # noqa: F811
    calcom.event_types[77]["rrHostSubsetEnabled"] = True
    _, made = hold(event, lambda_context, {"event_type": "calcom:77", "start_time": SLOT})
    assert calcom.reservations
    assert reservation(event, lambda_context, "DELETE", made["resource"]["uid"])[0] == 204
    assert calcom.reservations == {}
    assert at(SLOT) in calcom.offered(77)
    assert reservation(event, lambda_context, "GET", made["resource"]["uid"])[0] == 404


def test_a_refused_reservation_is_a_warning_and_the_hold_is_still_made(table, calcom, event, lambda_context):  # noqa: F811
    calcom.event_types[77]["rrHostSubsetEnabled"] = True
    # Ines is booked through this event type at 10:00: Kai is still free, so Cal.com still offers 10:00,
    # yet refuses to reserve it (any booking of the event type there: "already booked").
    calcom.bookings[77] = {at("2030-03-11T10:00:00Z")}
    calcom.free[201].discard(at("2030-03-11T10:00:00Z"))
    status, made = hold(event, lambda_context, {"event_type": "calcom:77", "start_time": "2030-03-11T10:00:00Z"})
    assert status == 201, made
    resource = made["resource"]
    assert resource["provider_reservation"] is None
    [warning] = resource["warnings"]
    assert warning["provider"] == "calcom"
    assert "already booked" in warning["message"]
    assert resource["hosts"] == ["kai"]
    assert calcom.reservations == {}
    assert reservation(event, lambda_context, "GET", resource["uid"]) == (200, made)


def test_get_reservation_404s(table, event, lambda_context):
    assert reservation(event, lambda_context, "GET", "A" * 22)[0] == 404  # unknown
    assert reservation(event, lambda_context, "GET", "not-a-uid")[0] == 404  # malformed
    # Expired: its record is still in the table (TTL deletes late), and it is not served.
    past = int(time.time()) - 60
    gone = holds.Hold(holds.new_uid(), "team", ["ana@example.com"], past - 3600, past - 1800, past)
    holds.put(table, gone, (gone.start, gone.end), holds.locks(table, gone.hosts), past - 120)
    status, body = reservation(event, lambda_context, "GET", gone.uid)
    assert status == 404
    assert body["title"] == "Resource Not Found"


def test_a_personal_event_type_labels_its_owner(table, calcom, event, lambda_context):  # noqa: F811
    calcom.add_personal_event_type(88, {"id": 301, "name": "Lee Park", "username": "lee"})
    calcom.free[301] = {at("2030-03-11T09:00:00Z"), at("2030-03-11T14:30:00Z")}
    status, body = get(event, lambda_context, event_type="calcom:88")
    assert status == 200, body
    assert "warnings" not in body
    assert [s["start_time"] for s in body["collection"]] == ["2030-03-11T09:00:00Z", "2030-03-11T14:30:00Z"]
    assert all(s["available_hosts"] == [{"id": "lee", "name": "Lee Park"}] for s in body["collection"])
    assert body["assignment"] == {"rule": "listed", "order": ["lee"]}
    # ?hosts= takes the owner by username or user id; a hold takes the owner and reserves at Cal.com.
    assert get(event, lambda_context, event_type="calcom:88", hosts="301")[0] == 200
    status, made = hold(event, lambda_context, {"event_type": "calcom:88", "start_time": "2030-03-11T14:30:00Z"})
    assert status == 201, made
    assert made["resource"]["hosts"] == ["lee"]
    assert [r["userId"] for r in calcom.reservations.values()] == [301]


def test_calcom_hosts_priority_and_weight_order_a_round_robin(table, calcom, event, lambda_context):  # noqa: F811
    calcom.event_types[77]["rrHostSubsetEnabled"] = True
    ines, jon, kai = calcom.event_types[77]["hosts"]
    ines["priority"] = 0  # stored 0: Cal.com's output writes "medium" (priority || 2)
    jon["weight"] = 200
    kai["priority"] = 4  # "highest"
    status, body = get(event, lambda_context)
    assert status == 200, body
    # Weights in use: Cal.com's order, the weights first (no bookings yet: the larger weight), then
    # priority (Kai, highest, before Ines, medium).
    assert body["assignment"] == {"rule": "weighted", "order": ["jon", "kai", "ines"]}
    ten = next(s for s in body["collection"] if s["start_time"] == "2030-03-11T11:00:00Z")
    assert [h["id"] for h in ten["available_hosts"]] == ["jon", "ines"]
    # Without weights: least recently booked, after priority.
    jon["weight"] = 100
    _, body = get(event, lambda_context, start_time="2030-03-10T00:00:00Z")  # not within the cached range
    assert body["assignment"] == {"rule": "least_recently_booked", "order": ["kai", "ines", "jon"]}


def test_another_accounts_reservation_is_404(two_accounts, event, lambda_context):  # noqa: F811
    assert accounts_call(event, lambda_context, KEY_A, "PUT", "/v1/event_types/team", CONFIG)[0] == 201
    status, _, made = accounts_call(
        event, lambda_context, KEY_A, "POST", "/v1/reservations", {"event_type": "team", "start_time": SLOT_15}
    )
    assert status == 201, made
    uid = made["resource"]["uid"]
    assert accounts_call(event, lambda_context, KEY_A, "GET", f"/v1/reservations/{uid}")[2] == made
    status, _, body = accounts_call(event, lambda_context, KEY_B, "GET", f"/v1/reservations/{uid}")
    assert status == 404
    assert body["title"] == "Resource Not Found"
