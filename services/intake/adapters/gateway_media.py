"""`MediaFetcher` over HTTP: WhatsApp attachments the gateway holds for download
(docs/gateway-protocol.md, "Media"). Only from the gateway's own origin, with its token,
streamed and cut off past the size limit: a URL in a (signed) message is never followed
elsewhere, and a huge or endless body costs at most the limit."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from services.intake.service_layer.inbound_ports import MediaNotFetched


def origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


class GatewayMedia:
    def __init__(self, *, base_url: str, token: str, timeout_s: float) -> None:
        self.origin = origin(base_url)
        self.headers = {"Authorization": f"Bearer {token}"}
        self.timeout = httpx.Timeout(timeout_s, connect=timeout_s / 2)

    async def fetch(self, url: str, *, max_bytes: int) -> bytes:
        if origin(url) != self.origin:
            raise MediaNotFetched("the attachment is not on the gateway's address")
        try:
            async with (
                httpx.AsyncClient(timeout=self.timeout, follow_redirects=False) as client,
                client.stream("GET", url, headers=self.headers) as response,
            ):
                if response.status_code != 200:
                    raise MediaNotFetched(f"the gateway answered {response.status_code}")
                return await _bounded(response, max_bytes)
        except httpx.HTTPError as exc:
            raise MediaNotFetched(f"the gateway could not be read ({type(exc).__name__})") from exc


async def _bounded(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise MediaNotFetched(f"{declared} bytes; the limit is {max_bytes} bytes")
    data = bytearray()
    async for chunk in response.aiter_bytes():
        data.extend(chunk)
        if len(data) > max_bytes:
            raise MediaNotFetched(f"more than {max_bytes} bytes; the limit is {max_bytes} bytes")
    return bytes(data)
