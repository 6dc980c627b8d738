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
    # Its own line, whatever else a test before it left logging in the background.
    lines = [json.loads(text) for text in capsys.readouterr().out.strip().splitlines()]
    [line] = [found for found in lines if found.get("event") == "Application startup complete."]
    assert line["logger"] == "uvicorn.error" and line["service"] == "test"
    structlog.contextvars.clear_contextvars()


def test_repeated_lines_are_rate_limited_per_cause(capsys: pytest.CaptureFixture[str]) -> None:
    import logging

    configure_logging(service="test", repeats_per_window=3, repeat_window_s=60)
    log = get_logger("t")
    for _ in range(1_000):
        log.warning("report_spooled", why="KafkaConnectionError")
        logging.getLogger("aiokafka").error("Unable connect to node with id %s", 1)
    log.warning("report_spooled", why="another cause")
    lines = [json.loads(line) for line in capsys.readouterr().out.strip().splitlines()]
    spooled = [line for line in lines if line.get("why") == "KafkaConnectionError"]
    assert len(spooled) == 3
    summaries = [line for line in lines if line["event"] == "log_lines_suppressed"]
    assert [s["similar_to"] for s in summaries] == ["report_spooled"]
    assert sum(1 for line in lines if "Unable connect" in line["event"]) == 4  # 3 + a summary
    assert lines[-1]["why"] == "another cause"
    assert len(lines) < 20
    structlog.contextvars.clear_contextvars()
