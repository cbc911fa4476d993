"""Provider credentials from SSM Parameter Store and Secrets Manager (moto)."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from tests.unit.providers.test_config import _clean  # noqa: F401 - an autouse fixture
from whofree.providers.config import CALENDLY
from whofree.providers.types import ProviderError


@mock_aws
def test_an_ssm_securestring_is_read_decrypted(monkeypatch, settings):
    boto3.client("ssm").put_parameter(Name="/whofree/calendly/token", Value="from-ssm", Type="SecureString")
    current = settings.setenv("WHOFREE_CALENDLY_TOKEN_PARAMETER", "/whofree/calendly/token")
    assert CALENDLY.credential(current) == "from-ssm"


@mock_aws
def test_a_secrets_manager_secret_is_read(monkeypatch, settings):
    boto3.client("secretsmanager").create_secret(Name="whofree/calendly", SecretString="from-secrets")
    current = settings.setenv("WHOFREE_CALENDLY_TOKEN_SECRET", "whofree/calendly")
    assert CALENDLY.credential(current) == "from-secrets"


@mock_aws
def test_a_missing_parameter_is_a_provider_error_that_names_no_value(monkeypatch, settings):
    current = settings.setenv("WHOFREE_CALENDLY_TOKEN_PARAMETER", "/whofree/nope")
    with pytest.raises(ProviderError) as error:
        CALENDLY.credential(current)
    assert error.value.message == "whofree could not load its calendly credential."
