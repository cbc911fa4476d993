"""Push notifications read without I/O (API.md §5): Google's X-Goog-* headers, Graph's notification
items and validation token, and a channel's secret check."""

from __future__ import annotations

import json

import pytest

from whofree import push
from whofree.data.channels import Channel, digest
from whofree.errors import InvalidArgument
from whofree.providers import microsoft_subscriptions


def channel(secret: str = "s3cret") -> Channel:
    return Channel("google", "whofree-1", "cal@example.com", digest(secret), 2_000_000_000, "res-1")


def test_a_channel_verifies_its_own_secret_only():
    assert channel().verifies("s3cret")
    for other in (None, "", "s3cret ", "S3CRET", "s3cre", "\udcff"):
        assert not channel().verifies(other)


def test_the_stored_digest_is_not_the_secret():
    assert channel().secret_hash != "s3cret"
    assert len(channel().secret_hash) == 64


def test_google_headers_in_any_case():
    notice = push.google_notice(
        {
            "x-goog-channel-id": "whofree-1",
            "X-GOOG-CHANNEL-TOKEN": "t",
            "X-Goog-Resource-Id": "res-1",
            "X-Goog-Resource-State": " Sync ",
        }
    )
    assert notice == push.GoogleNotice("whofree-1", "t", "res-1", "sync")
    assert push.google_notice({}) == push.GoogleNotice("", None, None, "")


def test_graph_items_of_every_shape():
    raw = json.dumps(
        {
            "value": [
                {"subscriptionId": "a", "clientState": "x", "changeType": "updated"},
                {"subscriptionId": "b", "clientState": 5, "lifecycleEvent": "missed"},
                {"subscriptionId": 7},
                "item",
                [],
            ]
        }
    ).encode()
    assert push.graph_notices(raw) == [
        push.GraphNotice("a", "x", None),
        push.GraphNotice("b", None, "missed"),
    ]


@pytest.mark.parametrize(
    "raw", [b"", b"null", b"[]", b'{"value": {}}', b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000, b'{"value": null}']
)
def test_graph_bodies_without_items_give_none(raw):
    assert push.graph_notices(raw) == []


def test_the_validation_token_is_taken_as_given_within_a_bound():
    assert push.validation_token({"validationToken": "Validation: a <b>"}) == "Validation: a <b>"
    assert push.validation_token({}) is None
    assert push.validation_token(None) is None
    for bad in ("", "x" * (push.MAX_VALIDATION_TOKEN + 1)):
        with pytest.raises(InvalidArgument):
            push.validation_token({"validationToken": bad})


def test_graph_times_read_as_utc():
    assert microsoft_subscriptions._epoch("2030-03-20T11:00:00.0000000Z") == 1900234800
    assert microsoft_subscriptions._epoch("2030-03-20T11:00:00Z") == 1900234800
    with pytest.raises(ValueError, match="expirationDateTime"):
        microsoft_subscriptions._epoch(None)


def test_hosts_to_watch_come_from_google_and_microsoft_sources_only():
    from whofree.models import EventTypeConfig

    config = EventTypeConfig.model_validate(
        {
            "name": "n",
            "duration_minutes": 30,
            "hosts": [
                {"id": "a", "source": {"provider": "google", "calendar_id": "a@example.com"}},
                {"id": "b", "source": {"provider": "microsoft", "user": "b@example.com"}},
                {"id": "c", "source": {"provider": "ics", "url": "https://example.com/c.ics"}},
                {"id": "d"},
            ],
        }
    )
    assert push.hosts_of(config) == {push.Watch("google", "a@example.com"), push.Watch("microsoft", "b@example.com")}
