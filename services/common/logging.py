"""structlog JSON logging with trace ids and personal data kept out of every line."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
from opentelemetry import trace

from services.common.clock import SystemClock
from services.common.log_repeats import RepeatedLinesFilter, RepeatedLinesProcessor, RepeatLimiter

# Keys whose values identify a reporter. Their values never reach a log line.
PII_KEYS = frozenset(
    {"reporter", "name", "phone", "email", "nik", "address", "contact", "reporter_name"}
)
REDACTED = "[redacted]"


def redact_pii(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in PII_KEYS.intersection(event):
        event[key] = REDACTED
    return event


def add_trace_context(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", format(context.trace_id, "032x"))
        event.setdefault("span_id", format(context.span_id, "016x"))
    return event


# Libraries whose INFO lines are noise in production logs (every HTTP call, every poll).
QUIET_LOGGERS = ("httpx", "aiokafka", "pymongo")


def configure_logging(
    *,
    service: str,
    level: str = "INFO",
    repeats_per_window: int = 20,
    repeat_window_s: float = 10.0,
) -> None:
    """Every line JSON: structlog's own and the standard library's (uvicorn, FastStream).

    Repeated lines are rate-limited per cause (log_repeats.py): past `repeats_per_window`
    similar lines in `repeat_window_s`, one summary line and then silence until the window ends.
    """
    repeats = RepeatLimiter(
        per_window=repeats_per_window, window_s=repeat_window_s, clock=SystemClock()
    )
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_trace_context,
        redact_pii,
    ]
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(RepeatedLinesFilter(repeats))
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*shared, structlog.stdlib.add_logger_name],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # uvicorn's own logging config (when a Config was built with it) gives its loggers
    # plain-text handlers, their own levels and no propagation: send them to the root.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.setLevel(logging.NOTSET)
        uvicorn_logger.propagate = True
    root.setLevel(level.upper())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            *shared,
            RepeatedLinesProcessor(repeats),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
