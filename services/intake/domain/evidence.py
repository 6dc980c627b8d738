"""Evidence files as a reporter sends them: what they are (sniffed from the bytes, never
taken from the client's name or Content-Type) and whether they fit the limits. Pure.

Refusals name the file and the limit, so the form and the API can say exactly what to fix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from services.intake.domain.errors import EvidenceRefused

IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
# ISO base media (MP4 family): the brand at bytes 8-12 tells audio, phone video and video apart.
AUDIO_BRANDS = (b"M4A ", b"M4B ")
PHONE_VIDEO_BRANDS = (b"3gp", b"3g2")
QUICKTIME_BRAND = b"qt  "


@dataclass(frozen=True)
class EvidenceLimits:
    max_files: int
    max_file_bytes: int


@dataclass(frozen=True)
class Upload:
    """One file as received: the reporter's name for it and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    media_type: str
    data: bytes


def _iso_media_type(head: bytes) -> str | None:
    if head[4:8] != b"ftyp":
        return None
    brand = head[8:12]
    if brand in AUDIO_BRANDS:
        return "audio/mp4"
    if brand[:3] in PHONE_VIDEO_BRANDS:
        return "video/3gpp"
    return "video/quicktime" if brand == QUICKTIME_BRAND else "video/mp4"


def _riff_media_type(head: bytes) -> str | None:
    if head[:4] != b"RIFF":
        return None
    return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(head[8:12])


def sniff(data: bytes) -> str | None:
    """The media type the content shows by its magic bytes; None when it is none we take."""
    head = data[:16]
    prefixes = (
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"%PDF-", "application/pdf"),
        (b"ID3", "audio/mpeg"),
        (b"OggS", "audio/ogg"),  # WhatsApp voice notes: Opus in Ogg
        (b"#!AMR", "audio/amr"),  # older phones' voice recorder
        (b"\x1aE\xdf\xa3", "video/webm"),
    )
    for prefix, media_type in prefixes:
        if head.startswith(prefix):
            return media_type
    # MPEG audio without an ID3 tag: a frame sync (11 bits set) then layer III.
    if len(head) >= 2 and head[0] == 0xFF and head[1] in (0xFB, 0xF3, 0xF2):
        return "audio/mpeg"
    return _iso_media_type(head) or _riff_media_type(head)


UNSAFE = re.compile(r"[^\w .()+-]")


def safe_filename(raw: str) -> str:
    """A name fit to show and to offer in a download: no path, no control characters."""
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = UNSAFE.sub("_", unicodedata.normalize("NFC", base)).strip(" .")
    return cleaned[:200] or "lampiran"


def check_uploads(uploads: Sequence[Upload], limits: EvidenceLimits) -> list[CheckedUpload]:
    """Every file, typed; raise `EvidenceRefused` for the first one that may not be taken."""
    if len(uploads) > limits.max_files:
        raise EvidenceRefused(
            reason="too_many",
            status=422,
            filename=None,
            message=f"{len(uploads)} files sent; at most {limits.max_files} are allowed",
            limit=limits.max_files,
        )
    checked = []
    for upload in uploads:
        name = safe_filename(upload.filename)
        if not upload.data:
            raise EvidenceRefused(
                reason="empty", status=422, filename=name, message="the file is empty", limit=None
            )
        if len(upload.data) > limits.max_file_bytes:
            raise EvidenceRefused(
                reason="too_large",
                status=413,
                filename=name,
                message=f"{len(upload.data)} bytes; the limit is {limits.max_file_bytes} bytes",
                limit=limits.max_file_bytes,
            )
        media_type = sniff(upload.data)
        if media_type is None:
            raise EvidenceRefused(
                reason="disguised",
                status=422,
                filename=name,
                message="its content is not an image (JPEG, PNG, GIF, WebP), PDF, audio or "
                "video file, whatever its name says",
                limit=None,
            )
        checked.append(CheckedUpload(name, media_type, upload.data))
    return checked
