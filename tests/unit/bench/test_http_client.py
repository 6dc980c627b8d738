"""The load generator's HTTP/1.1 client reads intake's answers right (no sockets: the
answer is fed to a StreamReader, the request is caught by a writer stand-in)."""

from __future__ import annotations

import asyncio
from typing import cast

from tests.bench.pipeline.http_client import LeanClient


class CapturingWriter:
    def __init__(self) -> None:
        self.sent = b""

    def write(self, data: bytes) -> None:
        self.sent += data


async def exchange(answer: bytes) -> tuple[int, bytes, bool, bytes]:
    reader = asyncio.StreamReader()
    reader.feed_data(answer)
    writer = CapturingWriter()
    client = LeanClient("http://127.0.0.1:8000", max_connections=1, timeout_s=1)
    connection = (reader, cast(asyncio.StreamWriter, writer))
    got, keep = await client._exchange(connection, "/v1/reports", b'{"a": 1}')
    return got.status, got.body, keep, writer.sent


async def test_a_sized_answer_is_read_whole_and_the_connection_kept() -> None:
    answer = b'HTTP/1.1 202 Accepted\r\ncontent-length: 13\r\n\r\n{"ok": "yes"}'
    status, body, keep, sent = await exchange(answer)
    assert (status, body, keep) == (202, b'{"ok": "yes"}', True)
    assert sent.startswith(b"POST /v1/reports HTTP/1.1\r\n")
    assert b"Content-Length: 8\r\n" in sent and sent.endswith(b'\r\n\r\n{"a": 1}')


async def test_a_chunked_answer_is_joined_and_connection_close_is_honoured() -> None:
    answer = (
        b"HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n"
        b"Connection: close\r\n\r\n4\r\nnot \r\n5\r\nsaved\r\n0\r\n\r\n"
    )
    status, body, keep, _ = await exchange(answer)
    assert (status, body, keep) == (503, b"not saved", False)
