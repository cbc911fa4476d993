"""Microsoft hosts given by object id (tests/fakes/microsoft.py): getSchedule takes SMTP addresses, so
an id is resolved to its ``mail`` (``GET /users/{id}?$select=mail,userPrincipalName``) and never sent
as a schedule; an id Graph does not know, or a user without mail, is that host's warning alone."""

from __future__ import annotations

import json

import pytest

from tests.unit.providers.test_microsoft import START, graph, on_fake

ADELE = "2a3b4c5d-0000-4e6f-8a9b-0c1d2e3f4a5b"
NOBODY = "ffffffff-1111-4222-8333-444444444444"
ROOM = "0e0e0e0e-2222-4333-8444-555555555555"


@pytest.fixture(autouse=True)
def _no_service_mailbox(settings):
    settings.delenv("WHOFREE_MICROSOFT_MAILBOX", raising=False)


def schedules_sent(fake) -> list[str]:
    return [s for r in fake.requests if r.method == "POST" for s in json.loads(r.content)["schedules"]]


def test_a_host_given_by_object_id_is_read_through_its_mail_address():
    fake = graph("adele@contoso.com", "ben@contoso.com")
    fake.users[ADELE] = {"mail": "adele@contoso.com", "userPrincipalName": "adele@contoso.onmicrosoft.com"}
    result = on_fake(fake, [ADELE, "ben@contoso.com"])
    assert result[ADELE].error is None
    assert result[ADELE].blocks == [(START + 9 * 3600, START + 10 * 3600)]
    assert result["ben@contoso.com"].error is None
    assert sorted(schedules_sent(fake)) == ["adele@contoso.com", "ben@contoso.com"]
    lookups = [r for r in fake.requests if r.method == "GET"]
    assert [(r.url.path, r.url.params["$select"]) for r in lookups] == [
        (f"/v1.0/users/{ADELE}", "mail,userPrincipalName")
    ]


def test_an_id_is_looked_up_once_and_its_address_asked_once_even_when_named_twice():
    fake = graph("adele@contoso.com")
    fake.users[ADELE] = {"mail": "adele@contoso.com", "userPrincipalName": "adele@contoso.com"}
    result = on_fake(fake, [ADELE, ADELE.upper(), "adele@contoso.com", ADELE])
    assert {user: answer.error for user, answer in result.items()} == {
        ADELE: None,
        ADELE.upper(): None,
        "adele@contoso.com": None,
    }
    assert schedules_sent(fake) == ["adele@contoso.com"]
    assert len([r for r in fake.requests if r.method == "GET"]) == 2  # the id and its upper-case spelling


def test_an_unknown_id_and_a_user_without_mail_are_warnings_and_never_sent_as_schedules():
    fake = graph("ben@contoso.com")
    fake.users[ROOM] = {"mail": None, "userPrincipalName": "room@contoso.onmicrosoft.com"}
    result = on_fake(fake, [NOBODY, ROOM, "ben@contoso.com"])
    assert result[NOBODY].error == "Microsoft has no user with this object id."
    assert "no mail address" in result[ROOM].error
    assert result["ben@contoso.com"].error is None
    assert schedules_sent(fake) == ["ben@contoso.com"]


def test_when_every_host_is_an_unknown_id_no_schedule_is_asked():
    fake = graph()
    result = on_fake(fake, [NOBODY])
    assert result[NOBODY].error == "Microsoft has no user with this object id."
    assert schedules_sent(fake) == []


def test_a_principal_name_that_is_not_a_mail_address_is_asked_again_under_its_mail():
    fake = graph("adele@contoso.com", "ben@contoso.com")
    fake.users[ADELE] = {"mail": "adele@contoso.com", "userPrincipalName": "adele.v@contoso.onmicrosoft.com"}
    result = on_fake(fake, ["adele.v@contoso.onmicrosoft.com", "ben@contoso.com"])
    assert result["adele.v@contoso.onmicrosoft.com"].error is None
    assert result["adele.v@contoso.onmicrosoft.com"].blocks == [(START + 9 * 3600, START + 10 * 3600)]
    assert schedules_sent(fake) == ["adele.v@contoso.onmicrosoft.com", "ben@contoso.com", "adele@contoso.com"]


def test_an_address_graph_cannot_resolve_stays_a_warning_after_one_lookup():
    fake = graph("ben@contoso.com")
    result = on_fake(fake, ["ben@contoso.com", "gone@contoso.com"])
    assert "could not be resolved" in result["gone@contoso.com"].error
    assert [r.url.path for r in fake.requests if r.method == "GET"] == ["/v1.0/users/gone@contoso.com"]
