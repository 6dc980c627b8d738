"""Posting reports to intake over HTTP: at a fixed rate for a while, or as a burst.

One lean keep-alive HTTP/1.1 client (http_client.py: httpx cost the load generator ~2 ms
of CPU per post) with at most `concurrency` requests in flight. At a fixed rate, report i is due at start + i/rate; when every slot is busy
the post waits for one, so the offered rate actually achieved is measured and printed
(a pipeline whose intake cannot keep up shows it there). A burst posts as fast as intake
answers. Each post is stamped just before the request and again at the answer.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.bench.pipeline.http_client import Answer, ConnectionRefused, HttpError, LeanClient
from tests.bench.pipeline.reports import submission


@dataclass
class Post:
    index: int
    sent: float
    answered: float = 0.0
    status: int = 0  # 0: no answer (connection error or timeout)
    report_id: str | None = None
    accepted_via: str | None = None
    error: str | None = None  # why there was no answer (the client error's name)


@dataclass
class Posting:
    """What one phase posted."""

    posts: list[Post] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0

    @property
    def accepted(self) -> list[Post]:
        return [p for p in self.posts if p.status == 202 and p.report_id]

    def outcomes(self) -> Counter[str]:
        """HTTP status, or the client error's name when there was no answer."""
        return Counter(str(p.status) if p.status else str(p.error) for p in self.posts)


Body = Callable[[int], dict[str, Any]]


class Poster:
    def __init__(
        self,
        intake_url: str,
        *,
        concurrency: int,
        timeout_s: float = 30.0,
        body_of: Body = submission,  # report index -> request body (tests/faults adds copies)
        retry_refused_s: float = 0.0,  # keep retrying a refused connection this long
    ) -> None:
        self.client = LeanClient(intake_url, max_connections=concurrency, timeout_s=timeout_s)
        self.slots = asyncio.Semaphore(concurrency)
        self.next_index = 0  # report numbers run on across phases: every report is new
        self.body_of = body_of
        self.retry_refused_s = retry_refused_s

    async def close(self) -> None:
        await self.client.close()

    async def at_rate(self, rate: float, duration_s: float) -> Posting:
        count = max(1, round(rate * duration_s))
        return await self._post(count, lambda i, start: start + i / rate)

    async def burst(self, count: int) -> Posting:
        return await self._post(count, None)

    async def _post(self, count: int, due: Callable[[int, float], float] | None) -> Posting:
        posting = Posting(started=time.monotonic())
        tasks: list[asyncio.Task[None]] = []
        for i in range(count):
            if due is not None:
                delay = due(i, posting.started) - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            await self.slots.acquire()
            post = Post(index=self.next_index, sent=0.0)
            self.next_index += 1
            posting.posts.append(post)
            tasks.append(asyncio.create_task(self._one(post)))
        await asyncio.gather(*tasks)
        posting.finished = time.monotonic()
        return posting

    async def _one(self, post: Post) -> None:
        encoded = json.dumps(self.body_of(post.index)).encode()
        try:
            post.sent = time.monotonic()
            answer = await self._answer(encoded, give_up_at=post.sent + self.retry_refused_s)
            post.answered = time.monotonic()
            post.status = answer.status
            if answer.status == 202:
                receipt = json.loads(answer.body)
                post.report_id = str(receipt["report_id"])
                post.accepted_via = str(receipt.get("accepted_via"))
        except HttpError as exc:
            post.answered = time.monotonic()
            post.error = str(exc)
        finally:
            self.slots.release()

    async def _answer(self, body: bytes, *, give_up_at: float) -> Answer:
        """POST; a refused connection (nothing was sent: intake is restarting) is tried
        again, as a reporter's app would, until `give_up_at`."""
        while True:
            try:
                return await self.client.post_json("/v1/reports", body)
            except ConnectionRefused:
                if time.monotonic() >= give_up_at:
                    raise
                await asyncio.sleep(0.1)
