"""Intake's settings follow the configured ports and fail closed in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.intake.settings import IntakeSettings


def test_the_status_url_follows_cases_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STATUS_BASE_URL", raising=False)
    monkeypatch.setenv("CASES_PORT", "9301")
    assert IntakeSettings().status_base_url == "http://127.0.0.1:9301"


def test_an_explicit_status_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASES_PORT", "9301")
    monkeypatch.setenv("STATUS_BASE_URL", "https://lapor.example.id/")
    assert IntakeSettings().status_base_url == "https://lapor.example.id"


def test_production_must_name_its_public_status_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STATUS_BASE_URL", raising=False)
    monkeypatch.setenv("NETRA_ENV", "production")
    with pytest.raises(ValidationError, match="STATUS_BASE_URL"):
        IntakeSettings()
    monkeypatch.setenv("STATUS_BASE_URL", "https://lapor.example.id")
    assert IntakeSettings().status_base_url == "https://lapor.example.id"


def test_trusted_proxies_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    assert IntakeSettings().trusted_proxies == ("10.0.0.0/8", "127.0.0.1")


def test_limits_must_let_a_report_through() -> None:
    with pytest.raises(ValidationError):
        IntakeSettings(json_max_depth=1)
    with pytest.raises(ValidationError):
        IntakeSettings(filing_rate_per_s=0)
