"""Calendly's token endpoint answer is read strictly: both tokens, a positive lifetime, or a
ProviderError that says so (never a KeyError later, when the tokens are stored)."""

from __future__ import annotations

import httpx
import pytest

from whofree.providers import calendly_oauth
from whofree.providers.types import ProviderError


@pytest.fixture
def endpoint(monkeypatch, settings):
    settings.setenv("WHOFREE_CALENDLY_CLIENT_ID", "client")
    current = settings.setenv("WHOFREE_CALENDLY_CLIENT_SECRET", "secret")
    answers: list[httpx.Response] = []

    def post(url, data, auth, timeout):
        return answers.pop(0)

    monkeypatch.setattr(httpx, "post", post)
    return current, answers


def test_a_well_formed_answer_gives_both_tokens(endpoint):
    current, answers = endpoint
    answers.append(httpx.Response(200, json={"access_token": "a", "refresh_token": "r", "expires_in": 7200}))
    assert calendly_oauth.refresh(current, "old") == {"access_token": "a", "refresh_token": "r", "expires_in": 7200}


@pytest.mark.parametrize(
    "body",
    [
        b'{"access_token": "a"}',  # no refresh token: the old one is spent
        b'{"access_token": "a", "refresh_token": ""}',
        b'{"access_token": 7, "refresh_token": "r"}',
        b'{"access_token": "a", "refresh_token": "r", "expires_in": "7200"}',
        b'{"access_token": "a", "refresh_token": "r", "expires_in": -1}',
        b'{"error": "backend unavailable"}',
        b'["a", "r"]',
        b"<html>",
    ],
)
def test_an_answer_of_another_shape_is_a_provider_error(endpoint, body):
    current, answers = endpoint
    answers.append(httpx.Response(200, content=body))
    with pytest.raises(ProviderError, match="Calendly's token endpoint sent"):
        calendly_oauth.refresh(current, "old")
