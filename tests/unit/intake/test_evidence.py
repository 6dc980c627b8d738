"""Evidence files: typed by their bytes, bounded, named safely; photos lose EXIF and GPS."""

from __future__ import annotations

import pytest

from services.intake.domain.errors import EvidenceRefused
from services.intake.domain.evidence import (
    EvidenceLimits,
    Upload,
    check_uploads,
    safe_filename,
    sniff,
)
from services.intake.domain.image_scrub import GPS_IFD, strip_metadata
from tests.evidence_samples import (
    EXE_BYTES,
    MAKE,
    OGG_BYTES,
    PDF_BYTES,
    exif_of,
    phone_photo,
    size_of,
)

LIMITS = EvidenceLimits(max_files=2, max_file_bytes=10_000)


@pytest.mark.parametrize(
    ("head", "media_type"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (PDF_BYTES, "application/pdf"),
        (OGG_BYTES, "audio/ogg"),
        (b"ID3\x04\x00", "audio/mpeg"),
        (b"\x00\x00\x00\x20ftypM4A \x00", "audio/mp4"),
        (b"\x00\x00\x00\x18ftypisom\x00", "video/mp4"),
        (b"\x00\x00\x00\x14ftyp3gp4\x00", "video/3gpp"),
        (b"\x1aE\xdf\xa3\x01\x00", "video/webm"),
        (EXE_BYTES, None),
        (b"<html><script>", None),
        (b"PK\x03\x04zip", None),
    ],
)
def test_the_type_comes_from_the_bytes(head: bytes, media_type: str | None) -> None:
    assert sniff(head) == media_type


def test_an_exe_renamed_jpg_is_refused_naming_the_file() -> None:
    with pytest.raises(EvidenceRefused) as refused:
        check_uploads([Upload("foto.jpg", EXE_BYTES)], LIMITS)
    assert (refused.value.status, refused.value.reason) == (422, "disguised")
    assert refused.value.filename == "foto.jpg"


def test_a_file_over_the_limit_is_a_413_naming_file_and_limit() -> None:
    with pytest.raises(EvidenceRefused) as refused:
        check_uploads([Upload("video.mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * 10_000)], LIMITS)
    assert (refused.value.status, refused.value.filename) == (413, "video.mp4")
    assert refused.value.limit == 10_000
    assert "10000" in refused.value.message


def test_too_many_files_is_a_422_naming_the_limit() -> None:
    with pytest.raises(EvidenceRefused) as refused:
        check_uploads([Upload(f"{n}.pdf", PDF_BYTES) for n in range(3)], LIMITS)
    assert (refused.value.status, refused.value.limit, refused.value.filename) == (422, 2, None)


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(EvidenceRefused, match="empty"):
        check_uploads([Upload("kosong.pdf", b"")], LIMITS)


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\rina\\bukti 1.jpg", "bukti 1.jpg"),
        ("a\x00b<script>.pdf", "a_b_script_.pdf"),
        ("...", "lampiran"),
    ],
)
def test_file_names_lose_paths_and_markup(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_a_photo_loses_its_camera_data_and_location() -> None:
    cleaned = strip_metadata(
        phone_photo(), media_type="image/jpeg", filename="a.jpg", keep_location=False
    )
    exif = exif_of(cleaned)
    assert MAKE not in exif
    assert not exif.get_ifd(GPS_IFD)


def test_a_reporter_may_keep_the_location_but_nothing_else() -> None:
    cleaned = strip_metadata(
        phone_photo(), media_type="image/jpeg", filename="a.jpg", keep_location=True
    )
    exif = exif_of(cleaned)
    assert exif.get_ifd(GPS_IFD)[1] == "S"
    assert MAKE not in exif


def test_the_orientation_is_applied_to_the_pixels_before_it_is_dropped() -> None:
    rotated = phone_photo(width=64, height=48, orientation=6)  # "rotate 90° clockwise"
    cleaned = strip_metadata(
        rotated, media_type="image/jpeg", filename="a.jpg", keep_location=False
    )
    assert size_of(cleaned) == (48, 64)


def test_a_truncated_photo_is_refused_as_unreadable() -> None:
    with pytest.raises(EvidenceRefused) as refused:
        strip_metadata(
            phone_photo()[:200], media_type="image/jpeg", filename="a.jpg", keep_location=False
        )
    assert refused.value.reason == "unreadable"
