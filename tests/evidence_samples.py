"""Evidence files for the tests, made on the spot: a phone photo with EXIF and GPS, and the
disguised and oversized files the upload must refuse."""

from __future__ import annotations

import io

from PIL import Image

GPS_IFD = 0x8825
MAKE, SERIAL, ORIENTATION = 0x010F, 0xA431, 0x0112
# Jakarta, Monas: what the reporter's phone would have written.
GPS = {1: "S", 2: (6.0, 10.0, 30.0), 3: "E", 4: (106.0, 49.0, 39.0)}
# A Windows program renamed photo.jpg: "MZ", the DOS stub, the PE signature.
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
OGG_BYTES = b"OggS\x00\x02" + b"\x00" * 40


def phone_photo(*, width: int = 64, height: int = 48, orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: camera make, body serial, orientation and GPS."""
    exif = Image.Exif()
    exif[MAKE] = "NetraPhone"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = GPS
    exif.get_ifd(0x8769)[SERIAL] = "SN-0042"
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def exif_of(data: bytes) -> Image.Exif:
    return Image.open(io.BytesIO(data)).getexif()


def size_of(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size
