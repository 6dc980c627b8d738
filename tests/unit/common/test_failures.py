"""Handler errors are classified, described without input values, digested and backed off."""

from __future__ import annotations

import errno
from dataclasses import dataclass

import pytest
from aiokafka.errors import (
    KafkaConnectionError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    NotLeaderForPartitionError,
)
from pydantic import BaseModel, ValidationError
from pymongo.errors import AutoReconnect, NetworkTimeout, ServerSelectionTimeoutError

from schemas.codec import InvalidEvent, decode
from services.common.failures import ErrorClass, RetryPolicy, classify, describe, traceback_digest
from services.common.kafka import decode_record
from services.common.settling import Failure


class Secretive(BaseModel):
    phone: int


def raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


@pytest.mark.parametrize(
    "exc",
    [
        AutoReconnect("primary gone"),
        NetworkTimeout("slow"),
        ServerSelectionTimeoutError("no server"),
        KafkaConnectionError("broker away"),
        KafkaTimeoutError(),
        NotLeaderForPartitionError(),
        TimeoutError(),  # what asyncio.timeout raises
        ConnectionRefusedError(),
        OSError(errno.ECONNRESET, "reset"),
    ],
)
def test_dependency_outages_are_transient(exc: BaseException) -> None:
    assert classify(raised(exc)) is ErrorClass.TRANSIENT


def test_an_outage_wrapped_in_another_error_is_still_transient() -> None:
    try:
        try:
            raise ServerSelectionTimeoutError("store down")
        except ServerSelectionTimeoutError as inner:
            raise RuntimeError("could not file the batch") from inner
    except RuntimeError as outer:
        assert classify(outer) is ErrorClass.TRANSIENT


def test_what_the_codec_or_a_model_raises_on_bad_bytes_is_poison() -> None:
    deep = b"[" * 10_000 + b"]" * 10_000
    for raw in (deep, b"\xff\xfe", b'{"type": 1}'):
        with pytest.raises(InvalidEvent) as caught:
            decode(raw)
        assert classify(caught.value) is ErrorClass.POISON
    with pytest.raises(ValidationError) as invalid:
        Secretive.model_validate({"phone": "+62 812 secret"})
    assert classify(invalid.value) is ErrorClass.POISON
    assert classify(raised(RecursionError("maximum recursion depth"))) is ErrorClass.POISON


@pytest.mark.parametrize(
    "exc",
    [
        RuntimeError("case kept changing while linking"),
        AssertionError(),
        KeyError("case_id"),
        FileNotFoundError(errno.ENOENT, "rules.yaml"),  # an OSError that no retry cures
        MessageSizeTooLargeError(),  # a Kafka error no retry cures
    ],
)
def test_everything_else_is_other(exc: BaseException) -> None:
    assert classify(raised(exc)) is ErrorClass.OTHER


def test_a_validation_message_names_the_field_but_not_the_value() -> None:
    with pytest.raises(ValidationError) as invalid:
        Secretive.model_validate({"phone": "+62 812 secret"})
    text = describe(invalid.value)
    assert "phone" in text and "secret" not in text


def test_a_long_message_is_cut() -> None:
    assert len(describe(RuntimeError("x" * 10_000))) <= 501


def fail_here() -> None:
    raise RuntimeError("first place")


def fail_there() -> None:
    raise RuntimeError("second place")


def caught_from(function: object) -> BaseException:
    try:
        function()  # type: ignore[operator]
    except RuntimeError as exc:
        return exc
    raise AssertionError("did not raise")


def test_the_digest_names_the_place_not_the_message() -> None:
    first, again, other = caught_from(fail_here), caught_from(fail_here), caught_from(fail_there)
    assert traceback_digest(first) == traceback_digest(again)
    assert traceback_digest(first) != traceback_digest(other)
    assert len(traceback_digest(first)) == 16
    int(traceback_digest(first), 16)


def test_backoff_doubles_is_capped_and_half_of_it_is_jitter() -> None:
    policy = RetryPolicy(max_attempts=3, backoff_base_s=0.5, backoff_max_s=4.0)
    lows = [policy.backoff_s(n, 0.0) for n in range(1, 7)]
    highs = [policy.backoff_s(n, 0.999) for n in range(1, 7)]
    assert lows == [0.25, 0.5, 1.0, 2.0, 2.0, 2.0]
    assert all(low < high < 2 * low for low, high in zip(lows, highs, strict=True))
    assert max(highs) < 4.0


@dataclass
class FakeRecord:
    value: bytes
    headers: list[tuple[str, bytes | None]]
    key: bytes | None = b"k"
    topic: str = "t"
    partition: int = 0
    offset: int = 7


def test_whatever_decoding_a_record_raises_is_poison_with_a_short_reason() -> None:
    for record in (
        FakeRecord(b"[" * 10_000 + b"]" * 10_000, []),
        FakeRecord(b'{"type": "' + b"A" * 1_000_000 + b'"}', []),
        FakeRecord(b"\x00\xff", [("traceparent", None)]),
    ):
        failure = decode_record(record, accept=frozenset({"report.received"}))
        assert isinstance(failure, Failure) and failure.error_class is ErrorClass.POISON
        assert failure.error_type == "InvalidEvent" and len(failure.message) <= 501
