"""Contract of `MediaFetcher`: the fake and the HTTP client against the gateway simulator
(a real HTTP server in a thread, tests/channel_sinks.py: no session infrastructure).

Both hand over an attachment's bytes, refuse one past the size limit without keeping it,
and refuse one the gateway does not hold; the real one also refuses a URL off the
gateway's origin (never followed) and a wrong token.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx
import pytest

from deploy.local.gateway_simulator import SimulatorConfig
from services.intake.adapters.gateway_media import GatewayMedia
from services.intake.service_layer.inbound_ports import MediaFetcher, MediaNotFetched
from tests.channel_sinks import running_gateway
from tests.fakes.intake_inbound import FakeGatewayMedia

TOKEN = "contract-gateway-token"
PHOTO = b"\xff\xd8\xff" + bytes(range(256)) * 40


@dataclass
class Subject:
    media: MediaFetcher
    hold: Callable[[str, bytes], str]  # name, bytes -> the URL the gateway names it by
    base_url: str


@pytest.fixture(params=["fake", "real"])
async def subject(request: pytest.FixtureRequest) -> AsyncIterator[Subject]:
    if request.param == "fake":
        fake = FakeGatewayMedia()
        base = "https://gateway.test"

        def keep(name: str, data: bytes) -> str:
            fake.files[f"{base}/media/{name}"] = data
            return f"{base}/media/{name}"

        yield Subject(fake, keep, base)
        return
    config = SimulatorConfig(token=TOKEN, callback_secret="-", receipts_url=None, inbound_url=None)
    with running_gateway(config) as gateway:

        def put(name: str, data: bytes) -> str:
            return put_on(gateway.base_url, name, data)

        real = GatewayMedia(base_url=gateway.base_url, token=TOKEN, timeout_s=5)
        yield Subject(real, put, gateway.base_url)


def put_on(base_url: str, name: str, data: bytes) -> str:
    answer = httpx.put(f"{base_url}/_sim/media/{name}", content=data, timeout=10)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["url"])


async def test_an_attachment_is_handed_over_whole(subject: Subject) -> None:
    url = subject.hold("photo", PHOTO)
    assert await subject.media.fetch(url, max_bytes=len(PHOTO)) == PHOTO


async def test_one_past_the_limit_is_refused_with_the_limit_named(subject: Subject) -> None:
    url = subject.hold("big", PHOTO)
    with pytest.raises(MediaNotFetched, match=f"the limit is {len(PHOTO) - 1} bytes"):
        await subject.media.fetch(url, max_bytes=len(PHOTO) - 1)


async def test_one_the_gateway_does_not_hold_is_refused(subject: Subject) -> None:
    with pytest.raises(MediaNotFetched, match="404"):
        await subject.media.fetch(f"{subject.base_url}/media/never-held", max_bytes=1000)


async def test_the_real_one_follows_no_url_off_the_gateway_and_sends_its_token() -> None:
    config = SimulatorConfig(token=TOKEN, callback_secret="-", receipts_url=None, inbound_url=None)
    with running_gateway(config) as gateway:
        url = put_on(gateway.base_url, "p", PHOTO)
        elsewhere = GatewayMedia(base_url="http://127.0.0.2:9", token=TOKEN, timeout_s=5)
        with pytest.raises(MediaNotFetched, match="not on the gateway's address"):
            await elsewhere.fetch(url, max_bytes=10**6)
        wrong = GatewayMedia(base_url=gateway.base_url, token="not-the-token", timeout_s=5)
        with pytest.raises(MediaNotFetched, match="401"):
            await wrong.fetch(url, max_bytes=10**6)
        assert gateway.simulator.media_fetches == []  # neither read anything
