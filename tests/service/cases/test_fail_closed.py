"""The cases service fails closed: outside development a missing staff-token key or PII
keyring is a start-up error naming it, never a key invented on this host; and `/ready`
names each dependency that is down."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.cases.bootstrap import build_app
from services.cases.settings import CasesSettings
from services.common.crypto import KeyringError, new_key_spec
from services.common.secrets import MissingSecret
from tests.infra import free_ports


def production(tmp_path: Path, **overrides: str) -> CasesSettings:
    return CasesSettings(
        netra_env="production",
        staff_jwt_dev_key_file=tmp_path / "jwt",
        pii_dev_key_file=tmp_path / "pii",
        **overrides,  # type: ignore[arg-type]
    )


def test_no_staff_token_key_is_a_start_up_error(tmp_path: Path) -> None:
    with pytest.raises(MissingSecret, match="STAFF_JWT_SHARED_KEY or STAFF_JWKS_JSON"):
        build_app(production(tmp_path, netra_pii_keys=new_key_spec()))
    assert not (tmp_path / "jwt").exists()


def test_no_pii_keyring_is_a_start_up_error(tmp_path: Path) -> None:
    with pytest.raises(KeyringError, match="NETRA_PII_KEYS is required"):
        build_app(production(tmp_path, staff_jwt_shared_key="k" * 40))
    assert not (tmp_path / "pii").exists()


def test_ready_is_503_naming_kafka_and_the_store_when_both_are_away(tmp_path: Path) -> None:
    kafka, store = free_ports(2)
    settings = CasesSettings(
        netra_env="test",
        kafka_bootstrap_servers=f"127.0.0.1:{kafka}",
        mongodb_url=f"mongodb://127.0.0.1:{store}/",
        staff_jwt_shared_key="k" * 40,
        netra_pii_keys=new_key_spec(),
        ready_check_timeout_s=0.2,
    )
    # No lifespan: start-up itself waits for the store (indexes); /ready must not.
    response = TestClient(build_app(settings)).get("/ready")
    assert response.status_code == 503
    assert response.json()["down"] == ["kafka", "store", "closures"]
