from __future__ import annotations

import json

import pytest
import structlog

from services.common.logging import configure_logging, get_logger

pytestmark = pytest.mark.unit


def test_personal_data_never_reaches_a_log_line(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(service="test")
    get_logger("t").info("filed", report_id="RPT-1", name="Siti Aminah", phone="+62811", nik="32")
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["report_id"] == "RPT-1" and line["service"] == "test"
    for value in ("Siti Aminah", "+62811"):
        assert value not in json.dumps(line)
    assert line["name"] == "[redacted]"
    structlog.contextvars.clear_contextvars()


def test_standard_library_lines_are_json_too(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    configure_logging(service="test")
    logging.getLogger("uvicorn.error").info("Application startup complete.")
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["event"] == "Application startup complete."
    assert line["logger"] == "uvicorn.error" and line["service"] == "test"
    structlog.contextvars.clear_contextvars()
