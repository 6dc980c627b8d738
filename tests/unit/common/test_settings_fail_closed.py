"""Settings fail closed: the development default never on an address others can reach,
and every URL one service uses to reach another follows the configured ports."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.common.settings import ServiceSettings
from services.notify.settings import NotifySettings


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NETRA_ENV", "HTTP_HOST", "NOTIFY_PORT", "NOTIFY_SINK_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "netra.example.id"])
def test_listening_beyond_localhost_needs_netra_env_set(
    monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    monkeypatch.setenv("HTTP_HOST", host)
    with pytest.raises(ValidationError, match="NETRA_ENV must be set explicitly"):
        ServiceSettings()
    monkeypatch.setenv("NETRA_ENV", "production")
    assert ServiceSettings().netra_env == "production"
    monkeypatch.setenv("NETRA_ENV", "development")  # on purpose: allowed, as chosen
    assert ServiceSettings().is_development


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_localhost_keeps_the_development_default(
    monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    monkeypatch.setenv("HTTP_HOST", host)
    assert ServiceSettings().netra_env == "development"


def test_trusted_proxies_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")
    assert ServiceSettings().trusted_proxies == ("10.0.0.0/8", "192.0.2.1")


def test_the_development_sink_follows_notify_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTIFY_PORT", "9402")
    assert NotifySettings().notify_sink_base_url == "http://127.0.0.1:9402/dev/hooks"
    monkeypatch.setenv("NOTIFY_SINK_BASE_URL", "https://hooks.example.id/netra/")
    assert NotifySettings().notify_sink_base_url == "https://hooks.example.id/netra"


def test_production_with_the_packaged_directory_names_its_sink(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NETRA_ENV", "production")
    with pytest.raises(ValidationError, match="NOTIFY_SINK_BASE_URL"):
        NotifySettings()
    monkeypatch.setenv("NOTIFY_SINK_BASE_URL", "https://hooks.example.id/netra")
    assert NotifySettings().notify_sink_base_url == "https://hooks.example.id/netra"
