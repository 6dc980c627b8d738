"""Key material for staff tokens, from settings only; fail at start-up when missing."""

from __future__ import annotations

import json
from pathlib import Path

import jwt

from services.cases.adapters.staff_tokens import TokenVerifier
from services.cases.settings import CasesSettings
from services.common.secrets import MissingSecret, load_secret


def shared_key(settings: CasesSettings) -> str | None:
    """The HS256 key; in development a per-machine file made on first use."""
    if settings.staff_jwt_shared_key:
        return settings.staff_jwt_shared_key
    if not settings.is_development:
        return None
    return load_secret(
        value=None,
        dev_file=settings.staff_jwt_dev_key_file,
        development=True,
        name="STAFF_JWT_SHARED_KEY",
    )


def _jwks(settings: CasesSettings) -> jwt.PyJWKSet | None:
    text = settings.staff_jwks_json
    if not text and settings.staff_jwks_file is not None:
        text = Path(settings.staff_jwks_file).read_text(encoding="utf-8")
    return jwt.PyJWKSet.from_dict(json.loads(text)) if text else None


def build_verifier(settings: CasesSettings) -> TokenVerifier:
    verifier = TokenVerifier(
        issuer=settings.staff_jwt_issuer,
        audience=settings.staff_jwt_audience,
        shared_key=shared_key(settings),
        jwks=_jwks(settings),
    )
    if verifier.shared_key is None and verifier.jwks is None:
        raise MissingSecret(
            "staff tokens need STAFF_JWT_SHARED_KEY or STAFF_JWKS_JSON/STAFF_JWKS_FILE "
            "outside development"
        )
    return verifier
