"""Provider settings: base URLs and credentials (env value, SSM SecureString, Secrets Manager)."""

from __future__ import annotations

import pytest
from aws_lambda_powertools.utilities import parameters

from whofree.providers.config import CALCOM, CALENDLY, NYLAS
from whofree.providers.types import ProviderError
from whofree.settings import load


@pytest.fixture(autouse=True)
def _clean(monkeypatch, settings):
    for name in (
        "WHOFREE_CALENDLY_TOKEN",
        "WHOFREE_CALENDLY_TOKEN_PARAMETER",
        "WHOFREE_CALENDLY_TOKEN_SECRET",
        "WHOFREE_CALENDLY_BASE_URL",
    ):
        settings.delenv(name, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    parameters.clear_caches()
    yield
    parameters.clear_caches()


def test_base_urls_default_to_the_real_hosts_and_follow_the_environment(monkeypatch, settings):
    current = load()
    assert CALENDLY.base_url(current) == "https://api.calendly.com"
    assert CALCOM.base_url(current) == "https://api.cal.com"
    assert NYLAS.base_url(current) == "https://api.us.nylas.com"
    current = settings.setenv("WHOFREE_CALENDLY_BASE_URL", "http://127.0.0.1:9999")
    assert CALENDLY.base_url(current) == "http://127.0.0.1:9999"


def test_a_direct_value_wins(monkeypatch, settings):
    current = settings.setenv("WHOFREE_CALENDLY_TOKEN", "direct")
    assert CALENDLY.credential(current) == "direct"


def test_no_credential_at_all():
    with pytest.raises(ProviderError, match="no calendly credential"):
        CALENDLY.credential(load())
