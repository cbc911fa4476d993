"""Subscriptions' pure rules (API.md §8): which URLs may receive events, which event type references
are valid, the signature's format, the message a change queues, and the backoff that the template's
redrive policy turns into "24 hours, then the dead-letter queue"."""

from __future__ import annotations

import hashlib
import hmac

import pytest
import yaml

from scripts import local_api
from tests.conftest import ROOT
from whofree import sender, subscriptions


@pytest.mark.parametrize(
    "url",
    [
        "https://10.1.2.3/x",
        "https://172.16.0.1/x",
        "https://192.168.0.10/x",
        "https://100.64.0.1/x",  # carrier-grade NAT
        "https://169.254.169.254/latest/meta-data/",  # link-local: cloud metadata
        "https://127.0.0.1/x",
        "https://[::1]/x",
        "https://[fe80::1]/x",
        "https://[fc00::1]/x",
        "https://[::ffff:169.254.169.254]/x",  # IPv4-mapped
        "https://[64:ff9b::a00:1]/x",  # NAT64 of 10.0.0.1
        "https://0.0.0.0/x",
        "https://224.0.0.1/x",
        "https://localhost/x",
        "https://LOCALHOST:8443/x",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url):
    with pytest.raises(subscriptions.Refused) as caught:
        subscriptions.check_url(url)
    assert [d.parameter for d in caught.value.details] == ["url"]


@pytest.mark.parametrize(
    "url",
    ["http://hooks.example.com/x", "ftp://hooks.example.com/x", "https://", "https://a:b@hooks.example.com/x"],
)
def test_only_https_with_a_host_and_no_credentials(url):
    with pytest.raises(subscriptions.Refused):
        subscriptions.check_url(url)


def test_public_addresses_and_names_pass_and_come_back_as_sent():
    assert subscriptions.check_url("https://hooks.example.com/a b?x=ü") == "https://hooks.example.com/a%20b?x=%C3%BC"
    assert subscriptions.check_url("https://93.184.215.14:8443/hook") == "https://93.184.215.14:8443/hook"
    assert subscriptions.check_url("https://bücher.example/hook") == "https://xn--bcher-kva.example/hook"


def test_loopback_only_with_the_setting_and_plain_http_only_there():
    for url in ("http://127.0.0.1:9000/hook", "https://[::1]/hook", "http://localhost:9000/hook"):
        subscriptions.check_url(url, allow_loopback=True)
    with pytest.raises(subscriptions.Refused):
        subscriptions.check_url("http://hooks.example.com/hook", allow_loopback=True)
    with pytest.raises(subscriptions.Refused):
        subscriptions.check_url("https://10.0.0.1/hook", allow_loopback=True)


@pytest.mark.parametrize(
    ("ref", "valid"),
    [
        ("team-sync", True),
        ("calcom:42", True),
        ("https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA", True),
        ("calcom:x", False),
        ("https://api.calendly.com/users/AAAA", False),
        ("team sync", False),
        ("team\n", False),
        ("x" * 65, False),
    ],
)
def test_event_type_references(ref, valid):
    assert (subscriptions._ref_problem(ref) is None) == valid


def test_the_signature_is_hmac_sha256_of_t_dot_body():
    body = b'{"event":"availability.changed","id":"evt_1"}'
    header = sender.sign("whsec_k", body, 1_900_000_000)
    expected = hmac.new(b"whsec_k", b"1900000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1900000000,v1={expected}"


def test_a_message_reads_back_and_its_body_is_the_same_bytes_every_time():
    event = {"event": "availability.changed", "event_type": "t", "hosts": ["é@example.com"], "id": "evt_1"}
    message = subscriptions.Message("acme", "s" * 22, event, 1_900_000_000.0)
    again = subscriptions.Message.read(message.body())
    assert again == message
    assert subscriptions.event_body(again.event) == subscriptions.event_body(event)
    assert subscriptions.event_body(event).startswith(b'{"event":"availability.changed","event_type":"t"')


def test_backoff_doubles_to_an_hour():
    assert [sender.backoff(n, 30) for n in range(1, 10)] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert sender.backoff(1000, 30) == 3600
    assert sender.backoff(5, 0) == 0


def test_the_redrive_policy_gives_up_after_24_hours_of_retries():
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=local_api._TemplateLoader)  # noqa: S506
    queue = template["Resources"]["SubscriptionsQueue"]["Properties"]
    assert queue["RedrivePolicy"]["maxReceiveCount"] == sender.MAX_RECEIVES
    delays = [sender.backoff(n, 30) for n in range(1, sender.MAX_RECEIVES)]  # between the tries
    assert sum(delays) >= sender.RETRY_FOR > sum(delays[:-1])
    assert queue["MessageRetentionPeriod"] > sum(delays) + sender.MAX_BACKOFF  # never expires while retried
    dead = template["Resources"]["SubscriptionsDeadLetterQueue"]["Properties"]
    assert dead["MessageRetentionPeriod"] > queue["MessageRetentionPeriod"]  # SQS keeps the first enqueue time
    function = template["Resources"]["SubscriptionsFunction"]["Properties"]
    assert queue["VisibilityTimeout"] >= 6 * function["Timeout"]
    assert function["Events"]["Queue"]["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_the_dead_letter_queue_is_alarmed():
    template = yaml.load((ROOT / "template.yaml").read_text(), Loader=local_api._TemplateLoader)  # noqa: S506
    alarm = template["Resources"]["SubscriptionsDeadLetterAlarm"]["Properties"]
    assert alarm["MetricName"] == "ApproximateNumberOfMessagesVisible"
    assert alarm["Dimensions"][0]["Value"] == {"GetAtt": "SubscriptionsDeadLetterQueue.QueueName"}
    assert alarm["Threshold"] == 1
    assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
