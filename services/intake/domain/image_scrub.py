"""Stripping what a photo says about its taker: EXIF (camera, serial, time) and GPS. Pure.

The pixels are decoded and encoded again, so nothing of the original's metadata blocks
survives (EXIF, XMP, IPTC, comments), whatever Pillow knows about them. The orientation
is applied to the pixels first, so a phone photo is not shown on its side. When the
reporter asks to keep the location, the GPS block alone is written back.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from services.intake.domain.errors import EvidenceRefused

GPS_IFD = 0x8825
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}
# Far above any phone camera (200 MP sensors bin to 50 MP); a bigger "photo" is a bomb.
MAX_PIXELS = 80_000_000
JPEG_QUALITY = 90


def _unreadable(filename: str, why: str) -> EvidenceRefused:
    return EvidenceRefused(
        reason="unreadable",
        status=422,
        filename=filename,
        message=f"not a readable image ({why})",
        limit=None,
    )


def _decoded(data: bytes, filename: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise _unreadable(filename, f"more than {MAX_PIXELS} pixels")
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _unreadable(filename, type(exc).__name__) from exc
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise _unreadable(filename, f"more than {MAX_PIXELS} pixels") from exc
    return image


def strip_metadata(data: bytes, *, media_type: str, filename: str, keep_location: bool) -> bytes:
    """The image re-encoded without metadata (the GPS block kept only on request)."""
    original = _decoded(data, filename)
    gps = dict(original.getexif().get_ifd(GPS_IFD)) if keep_location else {}
    animated = bool(getattr(original, "is_animated", False))
    image = original if animated else ImageOps.exif_transpose(original)
    if media_type == "image/jpeg" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    options: dict[str, object] = {}
    if gps:
        exif = Image.Exif()
        exif[GPS_IFD] = gps
        options["exif"] = exif
    if media_type == "image/jpeg":
        options["quality"] = JPEG_QUALITY
    if animated:
        options["save_all"] = True
    out = io.BytesIO()
    image.save(out, format=FORMATS[media_type], **options)
    return out.getvalue()
