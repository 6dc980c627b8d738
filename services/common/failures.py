"""What a consumer does with a handler's exception: its class, its digest, its back-off.

Three classes, three treatments (services/common/settling.py applies them):

- TRANSIENT: a dependency is away (broker, store, network, a timeout). The message is
  fine; it is tried again with exponential back-off and jitter, however long the outage
  lasts, and never dead-lettered for it.
- POISON: the message itself is bad (cannot be decoded, fails validation, nests too deep,
  `RecursionError`). No retry can fix it: to the DLQ at once.
- OTHER: anything else (a bug, an unexpected state). Tried again a bounded number of
  times, then dead-lettered with the exception type, message and traceback digest, so the
  partition goes on and the message can be replayed after a fix.

The whole cause chain is looked at (`raise X from exc`): an outage wrapped in a domain
error is still an outage.
"""

from __future__ import annotations

import errno
import hashlib
import json
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from aiokafka.errors import (
    BrokerNotAvailableError,
    KafkaConnectionError,
    KafkaError,
    KafkaTimeoutError,
    KafkaUnavailableError,
)
from pydantic import ValidationError
from pymongo.errors import ConnectionFailure, ExecutionTimeout, WaitQueueTimeoutError

from schemas.codec import InvalidEvent


class ErrorClass(Enum):
    TRANSIENT = "transient"
    POISON = "poison"
    OTHER = "other"


POISON_TYPES: tuple[type[BaseException], ...] = (
    InvalidEvent,
    ValidationError,
    RecursionError,
    UnicodeError,
    json.JSONDecodeError,
)
TRANSIENT_TYPES: tuple[type[BaseException], ...] = (
    ConnectionFailure,  # AutoReconnect, NetworkTimeout, ServerSelectionTimeoutError, ...
    ExecutionTimeout,
    WaitQueueTimeoutError,
    ConnectionError,
    TimeoutError,  # asyncio.TimeoutError is TimeoutError since Python 3.11
)
# aiokafka does not mark these `retriable`, but each says the broker is away, not the message bad.
KAFKA_OUTAGES = (
    KafkaConnectionError,
    KafkaTimeoutError,
    KafkaUnavailableError,
    BrokerNotAvailableError,
)
# Socket-level errnos that say "not now" rather than "never" (a bare OSError from a socket).
TRANSIENT_ERRNOS = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.EHOSTUNREACH,
        errno.ENETUNREACH,
        errno.ENETDOWN,
        errno.ETIMEDOUT,
        errno.EAGAIN,
        errno.ENOBUFS,
        errno.EPIPE,
    }
)
MESSAGE_LIMIT = 500  # characters of an exception's message kept in a dead letter
DIGEST_HEX = 16


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, TRANSIENT_TYPES):
        return True
    if isinstance(exc, KAFKA_OUTAGES):
        return True
    if isinstance(exc, KafkaError):  # aiokafka marks the errors a retry can cure
        return bool(exc.retriable)
    return type(exc) is OSError and exc.errno in TRANSIENT_ERRNOS


def classify(exc: BaseException) -> ErrorClass:
    chain = list(_chain(exc))
    if any(_transient(e) for e in chain):
        return ErrorClass.TRANSIENT
    if any(isinstance(e, POISON_TYPES) for e in chain):
        return ErrorClass.POISON
    return ErrorClass.OTHER


def describe(exc: BaseException) -> str:
    """The exception's message, short, without the input values pydantic would echo."""
    if isinstance(exc, ValidationError):
        problems = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5]]
        text = "; ".join(problems)
    else:
        text = str(exc)
    if len(text) > MESSAGE_LIMIT:
        text = text[:MESSAGE_LIMIT] + "…"
    return text or type(exc).__name__


def traceback_digest(exc: BaseException) -> str:
    """A short, stable name for where it failed: the same bug gives the same digest.

    sha256 over the exception type and each frame's file (from the package root on, so
    installs in other places agree) and function; line numbers are left out so that an
    unrelated edit above does not change the digest.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    parts = [type(exc).__module__ + "." + type(exc).__qualname__]
    for frame in frames:
        path = frame.filename.replace("\\", "/")
        for root in ("/services/", "/schemas/", "/site-packages/", "/lib/python"):
            if root in path:
                path = root.strip("/") + "/" + path.split(root, 1)[1]
                break
        parts.append(f"{path}:{frame.name}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:DIGEST_HEX]


@dataclass(frozen=True)
class RetryPolicy:
    """How a consumer retries: `max_attempts` for OTHER errors, back-off for all retries."""

    max_attempts: int
    backoff_base_s: float
    backoff_max_s: float

    def backoff_s(self, retry: int, rand: float) -> float:
        """Delay before retry number `retry` (1, 2, ...): doubling, capped, half of it jitter.

        `rand` is uniform in [0, 1): the jitter spreads the consumers of a group that all
        saw the same outage, so they do not come back at the same instant.
        """
        ceiling = min(self.backoff_max_s, self.backoff_base_s * 2.0 ** max(0, retry - 1))
        return ceiling / 2 + ceiling / 2 * rand
