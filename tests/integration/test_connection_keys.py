"""The keyrings of connection secrets: KMS (moto) binds a data key to its account through the encryption
context; the local keyring makes its key file once and binds data keys to their account too; on Lambda
without a KMS key, connections are unavailable rather than sealed under a local key."""

from __future__ import annotations

import pytest

from whofree import settings as whofree_settings
from whofree.connections import crypto
from whofree.errors import ServiceUnavailable


@pytest.fixture
def kms_key(monkeypatch):
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        import boto3

        yield boto3.client("kms").create_key(Description="whofree test")["KeyMetadata"]["Arn"]


def test_kms_data_keys_open_only_for_their_account(kms_key, settings):
    ring = crypto.keyring(settings.setenv("WHOFREE_KMS_KEY_ID", kms_key))
    assert isinstance(ring, crypto.KmsKeyring)
    key, encrypted = ring.generate("acme")
    assert len(key) == 32
    assert key not in encrypted
    assert ring.decrypt("acme", encrypted) == key
    with pytest.raises(ServiceUnavailable):
        ring.decrypt("globex", encrypted)


def test_the_local_keyring_makes_its_key_once_and_binds_accounts(tmp_path, settings):
    path = tmp_path / "deeper" / "connections.key"
    ring = crypto.keyring(settings.setenv("WHOFREE_LOCAL_KEY_FILE", str(path)))
    key, encrypted = ring.generate("acme")
    assert path.stat().st_mode & 0o777 == 0o600
    assert len(path.read_bytes()) == 32
    again = crypto.keyring(whofree_settings.load())  # another process: the same file, the same key
    assert again.decrypt("acme", encrypted) == key
    with pytest.raises(crypto.SealedError):
        again.decrypt("globex", encrypted)


def test_on_lambda_without_a_kms_key_nothing_is_sealed_locally(settings):
    settings.setenv("AWS_LAMBDA_FUNCTION_NAME", "whofree-api")
    with pytest.raises(ServiceUnavailable, match="KMS"):
        crypto.keyring(whofree_settings.load())
