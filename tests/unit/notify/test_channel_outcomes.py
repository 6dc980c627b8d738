"""What another attempt can fix, read from an HTTP answer; and the channels' settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.notify.adapters.http_outcome import outcome_of_failure, outcome_of_status
from services.notify.settings import NotifySettings


@pytest.mark.parametrize(
    ("status", "delivered", "retryable"),
    [
        (200, True, False),
        (202, True, False),
        (204, True, False),
        (301, False, False),  # moved: the directory must say where, no guessing
        (400, False, False),
        (401, False, False),
        (404, False, False),
        (410, False, False),
        (422, False, False),
        (408, False, True),
        (425, False, True),
        (429, False, True),
        (500, False, True),
        (502, False, True),
        (503, False, True),
        (504, False, True),
    ],
)
def test_an_http_status_says_whether_another_attempt_can_help(
    status: int, delivered: bool, retryable: bool
) -> None:
    outcome = outcome_of_status(status)
    assert (outcome.delivered, outcome.retryable, outcome.detail) == (
        delivered,
        retryable,
        f"HTTP {status}",
    )


def test_a_transport_failure_is_retryable_and_named() -> None:
    outcome = outcome_of_failure(ConnectionRefusedError(111, "Connect call failed"))
    assert (outcome.delivered, outcome.retryable) == (False, True)
    assert outcome.detail.startswith("ConnectionRefusedError")


def test_an_smtp_login_needs_both_user_and_password() -> None:
    with pytest.raises(ValidationError, match="SMTP_USERNAME and SMTP_PASSWORD go together"):
        NotifySettings(smtp_username="netra")
    settings = NotifySettings(smtp_username="netra", smtp_password="s3cret-s3cret")
    assert settings.smtp_username == "netra"


@pytest.mark.parametrize(
    ("field", "value"),
    [("smtp_from", "not-an-address"), ("gateway_base_url", "ftp://gw"), ("sms_max_segments", 0)],
)
def test_bad_channel_settings_are_refused_by_name(field: str, value: object) -> None:
    with pytest.raises(ValidationError, match=field):
        NotifySettings.model_validate({field: value})
