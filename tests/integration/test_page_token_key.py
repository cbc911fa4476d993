"""The page-token key read from Secrets Manager (moto): read once per process, and an unreadable
secret is a 503 with Retry-After, never a 500."""

from __future__ import annotations

import json

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters
from moto import mock_aws

from tests.unit.test_api_handler import ERROR_KEYS, call, post, with_
from tests.unit.test_page_token_key import assert_refused, first_page_token
from whofree import pagination

pytestmark = pytest.mark.security


@pytest.fixture
def aws(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    parameters.clear_caches()
    with mock_aws():
        yield boto3.client("secretsmanager")
    parameters.clear_caches()


def test_the_key_comes_from_the_secret_and_is_read_once(event, lambda_context, settings, aws):
    arn = aws.create_secret(Name="whofree/page-token-key", SecretString="generated-per-deployment")["ARN"]
    settings.setenv("WHOFREE_PAGE_TOKEN_KEY_SECRET", arn)
    token = first_page_token(event, lambda_context)

    aws.put_secret_value(SecretId=arn, SecretString="rotated-later")
    parameters.clear_caches()
    # The value was read once: the process keeps verifying with it after the secret changed...
    assert post(event, lambda_context, with_(count=2, page_token=token))[0] == 200

    # ...and the token is signed with the secret's value (the same key given directly), not the local key.
    settings.setenv("WHOFREE_PAGE_TOKEN_KEY", "generated-per-deployment")
    assert post(event, lambda_context, with_(count=2, page_token=token))[0] == 200
    settings.setenv("WHOFREE_PAGE_TOKEN_KEY", pagination.LOCAL_KEY.decode())
    assert_refused(*post(event, lambda_context, with_(count=2, page_token=token)))


def test_an_unreadable_secret_is_a_503_with_retry_after_never_a_500(event, lambda_context, settings, aws):
    settings.setenv("WHOFREE_PAGE_TOKEN_KEY_SECRET", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gone")
    ev = event("availability")
    ev["body"] = json.dumps(with_(count=2))
    status, headers, text = call(ev, lambda_context)
    assert status == 503
    assert headers.get("Retry-After") == "5"
    assert set(json.loads(text)) == ERROR_KEYS
