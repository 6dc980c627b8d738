"""Open311 answers as the spec shapes them: JSON, or XML with a UTF-8 declaration.

The XML element names follow the spec's examples: a list's root (`services`,
`service_requests`, `errors`) holds one element per item (`service`, `request`, `error`);
a value that is None is an empty element, as the spec's examples show unknown fields.
"""

from __future__ import annotations

import json
from typing import Any, Literal
from xml.etree import ElementTree

from fastapi.responses import Response

Format = Literal["json", "xml"]
MEDIA = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
ITEM_OF = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
}


def render(document: Any, *, root: str, fmt: Format, status: int = 200) -> Response:
    if fmt == "json":
        body = json.dumps(document, ensure_ascii=False).encode()
    else:
        element = _element(root, document)
        body = ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)
    return Response(body, status_code=status, media_type=MEDIA[fmt])


def _element(name: str, value: Any) -> ElementTree.Element:
    element = ElementTree.Element(name)
    if isinstance(value, list):
        for item in value:
            element.append(_element(ITEM_OF.get(name, "item"), item))
    elif isinstance(value, dict):
        for key, item in value.items():
            element.append(_element(key, item))
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def error(code: int, description: str, *, fmt: Format) -> Response:
    return render([{"code": code, "description": description}], root="errors", fmt=fmt, status=code)
