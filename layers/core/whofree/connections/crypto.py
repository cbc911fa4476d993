"""Envelope encryption of an account's connection secrets.

Each account has one data key (AES-256), made by the ``Keyring`` and stored encrypted in the account's
scope (whofree.data.connections, pk ``DATAKEY``). A secret is sealed with AES-256-GCM under that data key,
with a random 96-bit nonce and, as associated data, the account, the connection id and the field name:
a ciphertext copied into another account's or another connection's record does not open.

Keyrings:
- ``KmsKeyring`` (WHOFREE_KMS_KEY_ID, which template.yaml sets to the key it creates): KMS
  GenerateDataKey and Decrypt, with the account as the encryption context;
- ``LocalKeyring`` (local runs and tests, never on Lambda): a 256-bit key in WHOFREE_LOCAL_KEY_FILE, or in
  ``.local/connections.key`` (git-ignored), generated on first use.

Decrypted data keys are kept per container (``Caches.data_keys``), at most DATA_KEYS of them.
Sealed bytes: version (1 byte) + nonce (12) + ciphertext and tag.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Protocol

from whofree.context import Context
from whofree.data import connections as records
from whofree.data.table import Table, required_table
from whofree.errors import ServiceUnavailable
from whofree.settings import Settings

VERSION = b"\x01"
NONCE_BYTES = 12
DATA_KEYS = 256  # decrypted data keys kept per container
DEFAULT_LOCAL_KEY = Path(".local") / "connections.key"


class Keyring(Protocol):
    def generate(self, account: str) -> tuple[bytes, bytes]:
        """A new data key for ``account``: (the key, the key encrypted)."""

    def decrypt(self, account: str, encrypted: bytes) -> bytes:
        """The data key ``encrypted`` holds; it opens only for the account it was made for."""


class LocalKeyring:
    """Data keys wrapped by AES-256-GCM under a local master key (a file)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._master: bytes | None = None

    def master(self) -> bytes:
        if self._master is None:
            self._master = _read_or_make(self.path)
        return self._master

    def generate(self, account: str) -> tuple[bytes, bytes]:
        key = secrets.token_bytes(32)
        return key, _seal(self.master(), key, _key_aad(account))

    def decrypt(self, account: str, encrypted: bytes) -> bytes:
        return _open(self.master(), encrypted, _key_aad(account))


class KmsKeyring:
    """Data keys from KMS (GenerateDataKey, Decrypt) under one key, the account as encryption context."""

    def __init__(self, key_id: str) -> None:
        self.key_id = key_id
        self._client = None

    def client(self):
        if self._client is None:
            import boto3

            self._client = boto3.client("kms")
        return self._client

    def generate(self, account: str) -> tuple[bytes, bytes]:
        answer = self._call(
            "generate_data_key", KeyId=self.key_id, KeySpec="AES_256", EncryptionContext=_kms_context(account)
        )
        return answer["Plaintext"], answer["CiphertextBlob"]

    def decrypt(self, account: str, encrypted: bytes) -> bytes:
        answer = self._call(
            "decrypt", KeyId=self.key_id, CiphertextBlob=encrypted, EncryptionContext=_kms_context(account)
        )
        return answer["Plaintext"]

    def _call(self, operation: str, **kwargs) -> dict:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client(), operation)(**kwargs)
        except (BotoCoreError, ClientError) as exc:
            code = exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else type(exc).__name__
            raise ServiceUnavailable(
                f"Connection secrets cannot be read right now (KMS {code}).", retry_after=5
            ) from exc


def keyring(settings: Settings) -> Keyring:
    """KMS when a key is configured; else the local key, which a function on Lambda never uses."""
    if settings.kms_key_id:
        return KmsKeyring(settings.kms_key_id)
    if settings.aws_lambda_function_name:
        raise ServiceUnavailable("No KMS key is configured for connection secrets (WHOFREE_KMS_KEY_ID).")
    return LocalKeyring(Path(settings.local_key_file) if settings.local_key_file else DEFAULT_LOCAL_KEY)


def seal(context: Context, connection_id: str, field: str, plaintext: bytes) -> bytes:
    """``plaintext`` encrypted under the account's data key, bound to the account, connection and field."""
    key = _data_key(context)
    return _seal(key, plaintext, _aad(context.account, connection_id, field))


def unseal(context: Context, connection_id: str, field: str, sealed: bytes) -> bytes:
    return _open(_data_key(context), sealed, _aad(context.account, connection_id, field))


# ---------------------------------------------------------------- data keys
def _data_key(context: Context) -> bytes:
    cache = context.caches.data_keys
    account = context.account
    found = cache.get(account)
    if found is not None:
        return found
    ring = _keyring(context)
    table: Table = required_table(context.table)
    encrypted = records.data_key(table, account)
    if encrypted is None:
        key, encrypted = ring.generate(account)
        if not records.add_data_key(table, account, encrypted):
            encrypted = records.data_key(table, account)  # another function made it first: use theirs
            if encrypted is None:
                raise ServiceUnavailable("The account's data key could not be stored; try again.", retry_after=1)
            key = ring.decrypt(account, encrypted)
    else:
        key = ring.decrypt(account, encrypted)
    while len(cache) >= DATA_KEYS:
        cache.pop(next(iter(cache)))
    cache[account] = key
    return key


def _keyring(context: Context) -> Keyring:
    if context.caches.keyring is None:
        context.caches.keyring = keyring(context.settings)
    return context.caches.keyring


# ---------------------------------------------------------------- AES-GCM
def _aad(account: str, connection_id: str, field: str) -> bytes:
    return f"whofree/connection/v1|{account}|{connection_id}|{field}".encode()


def _key_aad(account: str) -> bytes:
    return f"whofree/data-key/v1|{account}".encode()


def _kms_context(account: str) -> dict[str, str]:
    return {"whofree:account": account}


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if sealed[:1] != VERSION or len(sealed) < 1 + NONCE_BYTES + 16:
        raise SealedError("not a sealed secret of this version")
    try:
        return AESGCM(key).decrypt(sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :], aad)
    except InvalidTag:
        raise SealedError("the secret does not open under this account's key and name") from None


class SealedError(Exception):
    """A sealed secret that does not open: altered, moved to another record, or another key."""


def _read_or_make(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return _read_or_make(path)  # another process made it first
        with os.fdopen(fd, "wb") as out:
            out.write(key)
        return key
    if len(data) != 32:
        raise ServiceUnavailable(f"The local key file {path} must hold 32 bytes.")
    return data
