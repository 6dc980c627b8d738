"""Reading a multipart/form-data body (the form with files, the API with attachments).

Starlette's own parser quietly decodes a field that is not UTF-8 as Latin-1, which would
file mojibake; here every text field must be UTF-8 or the reporter is told which one is
not. The body is already whole and bounded (services/common/limits.py); this bounds the
number of parts and the size of a text field, and keeps each file's bytes with its name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header

from services.intake.domain.evidence import Upload


class UnreadableForm(Exception):
    """The body is not the multipart form it claims to be; `field` names the culprit."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass
class ParsedForm:
    fields: dict[str, str] = field(default_factory=dict)
    uploads: dict[str, list[Upload]] = field(default_factory=dict)


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    data: bytearray = field(default_factory=bytearray)


def boundary_of(content_type: str) -> bytes:
    media_type, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if media_type != b"multipart/form-data" or not boundary:
        raise UnreadableForm("body", "not multipart/form-data with a boundary")
    return boundary


def utf8(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableForm(what, "not valid UTF-8 text: send it in UTF-8") from exc


def _file_name(part: _Part) -> tuple[str, str | None]:
    _, options = parse_options_header(part.headers.get(b"content-disposition", b""))
    if b"name" not in options:
        raise UnreadableForm("body", "a part without a field name")
    name = utf8(options[b"name"], "body")
    filename = options.get(b"filename")
    return name, None if filename is None else filename.decode("utf-8", errors="replace")


def parse_multipart(
    body: bytes, content_type: str, *, max_parts: int, max_field_bytes: int
) -> ParsedForm:
    parts: list[_Part] = []
    header = {"name": bytearray(), "value": bytearray()}

    def begin() -> None:
        if len(parts) >= max_parts:
            raise UnreadableForm("body", f"more than {max_parts} parts")
        parts.append(_Part())

    def header_end() -> None:
        parts[-1].headers[bytes(header["name"]).lower()] = bytes(header["value"])
        header["name"].clear()
        header["value"].clear()

    parser = MultipartParser(
        boundary_of(content_type),
        {
            "on_part_begin": begin,
            "on_part_data": lambda d, s, e: parts[-1].data.extend(d[s:e]),
            "on_header_field": lambda d, s, e: header["name"].extend(d[s:e]),
            "on_header_value": lambda d, s, e: header["value"].extend(d[s:e]),
            "on_header_end": header_end,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except UnreadableForm:
        raise
    except Exception as exc:  # python-multipart's own errors: a malformed body
        raise UnreadableForm("body", "malformed multipart body") from exc
    form = ParsedForm()
    for part in parts:
        name, filename = _file_name(part)
        if filename is not None:
            if part.data or filename:  # an empty file input sends an empty, unnamed part
                form.uploads.setdefault(name, []).append(Upload(filename, bytes(part.data)))
            continue
        if len(part.data) > max_field_bytes:
            raise UnreadableForm(name, f"longer than {max_field_bytes} bytes")
        form.fields[name] = utf8(bytes(part.data), name)
    return form
