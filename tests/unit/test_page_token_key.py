"""Page tokens are signed with this deployment's key: a token made under another key,
or forged bytes, or a forged token with a valid MAC over a bad payload, is a 400 with §1's body, never 500."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.helpers import page_tokens
from tests.unit.test_api_handler import ERROR_KEYS, post, with_
from whofree import pagination
from whofree.errors import InvalidArgument

pytestmark = pytest.mark.security

DIGEST = bytes(16)


def first_page_token(event, lambda_context) -> str:
    status, page = post(event, lambda_context, with_(count=2))
    assert status == 200
    return page["pagination"]["next_page_token"]


def assert_refused(status: int, body: dict) -> None:
    assert status == 400
    assert set(body) == ERROR_KEYS
    assert body["title"] == "Invalid Argument"
    assert [d["parameter"] for d in body["details"]] == ["page_token"]


def test_a_token_made_under_one_key_is_refused_under_another(event, lambda_context, settings):
    settings.setenv("WHOFREE_PAGE_TOKEN_KEY", "deployment-one-key")
    token = first_page_token(event, lambda_context)
    assert post(event, lambda_context, with_(count=2, page_token=token))[0] == 200  # same key: accepted

    settings.setenv("WHOFREE_PAGE_TOKEN_KEY", "deployment-two-key")
    assert_refused(*post(event, lambda_context, with_(count=2, page_token=token)))

    settings.delenv("WHOFREE_PAGE_TOKEN_KEY")  # the public local key
    assert_refused(*post(event, lambda_context, with_(count=2, page_token=token)))


def forge(after: bytes, key: bytes = pagination.LOCAL_KEY, digest: bytes = DIGEST) -> str:
    """What anyone can do with the public local key: a token with a valid MAC around any payload."""
    payload = bytes([1]) + digest + after
    mac = hmac.new(key, payload, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(payload + mac).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "after",
    ["²", "١٠", "9" * 5000, "--5", "1e400", "-", "", " 5", "5\n", "99999999999999999999", "\udcff"],
    ids=repr,
)
def test_a_forged_token_with_a_valid_mac_over_a_bad_position_is_400(event, lambda_context, after):
    """Once a 500: the MAC was right (the key was public), the position was not a number int() takes."""
    from whofree import availability

    digest = availability.request_digest(availability.parse(json.dumps(with_(count=2)).encode()))
    token = forge(after.encode("utf-8", "surrogatepass"), digest=digest)
    assert_refused(*post(event, lambda_context, with_(count=2, page_token=token)))


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200))
def test_any_bytes_as_a_token_are_a_400_never_anything_else(raw):
    token = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    with pytest.raises(InvalidArgument):  # anything else (ValueError, UnicodeError...) fails the test
        page_tokens().decode(token, DIGEST)


@hypothesis_settings(max_examples=300, deadline=None)
@given(after=st.binary(max_size=64))
def test_any_payload_under_a_valid_mac_is_a_number_or_a_400(after):
    try:
        position = page_tokens().decode(forge(after), DIGEST)
    except InvalidArgument:  # a 400; any other exception fails the test
        return
    assert after.decode("ascii").lstrip("-").isdigit()
    assert abs(position) < 10**15


def test_garbage_tokens_through_the_handler_are_400(event, lambda_context):
    for token in ["garbage", "", "=" * 40, "A" * 2048, forge(b"1", key=b"not-the-key")]:
        assert_refused(*post(event, lambda_context, with_(count=2, page_token=token)))


def test_on_lambda_the_public_key_is_never_used(settings):
    settings.setenv("AWS_LAMBDA_FUNCTION_NAME", "whofree-api")
    from whofree.settings import SettingsError, load

    with pytest.raises(SettingsError, match="WHOFREE_PAGE_TOKEN_KEY_SECRET"):
        pagination.PageTokens(load()).encode(1, DIGEST)
