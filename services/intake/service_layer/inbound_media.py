"""WhatsApp photos (and voice notes, videos, PDFs) become evidence (issue 12).

The gateway holds a message's attachments for download; when a joined report is filed,
each is fetched (bounded by the evidence size limit), checked like an upload (type sniffed
from the bytes, images decodable and stripped of EXIF/GPS later by the accept path), and
passed to that path with the text. One bad attachment never costs the citizen the report:
it is left out and named, with the reason, in the report (`evidence_text`) and the reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.intake.domain.errors import EvidenceRefused
from services.intake.domain.evidence import EvidenceLimits, Upload, check_uploads
from services.intake.domain.inbound import Part
from services.intake.service_layer.evidence import prepared
from services.intake.service_layer.inbound_metrics import MEDIA
from services.intake.service_layer.inbound_ports import MediaFetcher, MediaNotFetched


@dataclass(frozen=True)
class FetchedMedia:
    uploads: list[Upload]
    refused: list[str]  # "<n>: <why>", the attachment's place in the report, 1-based


async def fetch_media(
    parts: Sequence[Part], *, fetcher: MediaFetcher, limits: EvidenceLimits
) -> FetchedMedia:
    uploads: list[Upload] = []
    refused: list[str] = []
    items = [media for part in parts for media in part.media]
    for n, media in enumerate(items, start=1):
        why: str | None
        if len(uploads) >= limits.max_files:
            why = f"more than {limits.max_files} attachments in one report"
        elif media.size > limits.max_file_bytes:
            why = f"{media.size} bytes; the limit is {limits.max_file_bytes} bytes"
        else:
            why = await _taken(media.url, n, fetcher=fetcher, limits=limits, into=uploads)
        if why is not None:
            refused.append(f"{n}: {why}")
            MEDIA.labels(outcome="refused").inc()
        else:
            MEDIA.labels(outcome="taken").inc()
    return FetchedMedia(uploads, refused)


async def _taken(
    url: str, n: int, *, fetcher: MediaFetcher, limits: EvidenceLimits, into: list[Upload]
) -> str | None:
    """None when the attachment was fetched and fits; else why it was not taken."""
    try:
        data = await fetcher.fetch(url, max_bytes=limits.max_file_bytes)
    except MediaNotFetched as exc:
        return f"not fetched: {exc}"
    upload = Upload(f"whatsapp-{n}", data)
    try:
        [checked] = check_uploads([upload], EvidenceLimits(1, limits.max_file_bytes))
        prepared(checked, keep_location=False)  # an image that does not decode is refused here
    except EvidenceRefused as exc:
        return exc.message
    into.append(upload)
    return None
