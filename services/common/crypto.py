"""AES-GCM sealing of reporter identity, with key ids so keys can rotate.

Keys are given as `kid:base64key[,kid:base64key...]`; the first is used to seal,
all of them open. Outside development a missing key stops start-up.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.common.secrets import dev_secret_file


class KeyringError(RuntimeError):
    pass


@dataclass(frozen=True)
class Sealed:
    key_id: str
    nonce: str
    ciphertext: str


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    active: str

    def seal(self, document: dict[str, Any], *, context: str) -> Sealed:
        nonce = os.urandom(12)
        plaintext = json.dumps(document, separators=(",", ":")).encode()
        ciphertext = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext, context.encode())
        return Sealed(self.active, _b64(nonce), _b64(ciphertext))

    def open(self, sealed: Sealed, *, context: str) -> dict[str, Any]:
        key = self.keys.get(sealed.key_id)
        if key is None:
            raise KeyringError(f"no key with id {sealed.key_id!r} in the keyring")
        plaintext = AESGCM(key).decrypt(
            base64.b64decode(sealed.nonce), base64.b64decode(sealed.ciphertext), context.encode()
        )
        document: dict[str, Any] = json.loads(plaintext)
        return document


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def parse_keyring(spec: str) -> Keyring:
    keys: dict[str, bytes] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        key_id, _, encoded = item.partition(":")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise KeyringError(f"key {key_id!r} is not valid base64") from exc
        if len(key) != 32:
            raise KeyringError(f"key {key_id!r} must be 32 bytes (AES-256), got {len(key)}")
        keys[key_id] = key
    if not keys:
        raise KeyringError("the PII keyring is empty")
    return Keyring(keys=keys, active=next(iter(keys)))


def new_key_spec(key_id: str = "dev1") -> str:
    return f"{key_id}:{_b64(secrets.token_bytes(32))}"


def load_keyring(*, spec: str | None, dev_key_file: Path, development: bool) -> Keyring:
    """The configured keyring; in development a per-machine key file made on first use."""
    if spec:
        return parse_keyring(spec)
    if not development:
        raise KeyringError("NETRA_PII_KEYS is required outside development")
    return parse_keyring(dev_secret_file(dev_key_file, new_key_spec))
