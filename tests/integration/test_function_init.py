"""Each function's init in a fresh process, as Lambda runs it: valid settings start, an invalid one
fails the import naming the variable (never its value)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

FUNCTIONS = ("api", "webhooks", "warmer", "subscriptions")


def init(function: str, **env: str) -> subprocess.CompletedProcess:
    """A fresh process importing functions/<function>/app.py, as Lambda's init does."""
    code = (
        f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'layers' / 'core')!r}, "
        f"{str(ROOT / 'functions' / function)!r}]; import app"
    )
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("WHOFREE_", "POWERTOOLS_", "WARM_", "AWS_LAMBDA"))
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "POWERTOOLS_METRICS_DISABLED": "true", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("function", FUNCTIONS)
def test_every_function_starts_with_valid_settings(function):
    done = init(function, WHOFREE_ANSWER_TTL="600", WARM_TOP_N="5")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("function", "variable", "value"),
    [
        ("api", "WHOFREE_ANSWER_TTL", "soon-ish"),
        ("api", "WHOFREE_PROVIDER_TIMEOUT", "-1"),
        ("api", "WHOFREE_CALENDLY_BASE_URL", "api.calendly.com"),
        ("api", "WHOFREE_DYNAMODB_ENDPOINT", "localhost:8000"),
        ("webhooks", "WHOFREE_MAX_BODY_BYTES", "1MB"),
        ("webhooks", "POWERTOOLS_LOG_LEVEL", "LOUD"),
        ("warmer", "WARM_TOP_N", "twenty"),
        ("warmer", "WHOFREE_ICS_ALLOW_LOOPBACK", "ture"),
        ("subscriptions", "WHOFREE_SUBSCRIPTIONS_RETRY_SECONDS", "-5"),
    ],
)
def test_an_invalid_setting_fails_the_init_naming_the_variable(function, variable, value):
    done = init(function, **{variable: value})
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("whofree.settings.SettingsError: Invalid whofree setting: ")
    assert f"{variable}:" in last  # the variable that is set, even under an old name
    assert value not in last  # never the value: it could be a secret


def test_on_lambda_the_api_init_fails_without_a_page_token_key():
    done = init("api", AWS_LAMBDA_FUNCTION_NAME="whofree-api")
    assert done.returncode != 0
    assert "WHOFREE_PAGE_TOKEN_KEY_SECRET" in done.stderr.strip().splitlines()[-1]
    secret = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:key"
    assert init("api", AWS_LAMBDA_FUNCTION_NAME="whofree-api", WHOFREE_PAGE_TOKEN_KEY_SECRET=secret).returncode == 0
    # Functions that never make or read a token do not need it.
    assert init("webhooks", AWS_LAMBDA_FUNCTION_NAME="whofree-webhooks").returncode == 0
