"""GeoReport v2 answers in JSON or XML, and its error shape.

The spec's XML names a list by its plural and each item by its singular (`<services><service>`,
`<attributes><attribute>`); the JSON of the same answer is a plain list. XML is built with the
standard library's ElementTree, which escapes every text it is given.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree as ET

from flask import Response

FORMATS = ("json", "xml")
MIME = {"json": "application/json", "xml": "text/xml"}
# The singular of each list's name in the XML (the JSON has no names for items).
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}


class Open311Error(Exception):
    """An answer in the GeoReport error shape: [{"code": 400, "description": "..."}]."""

    def __init__(self, status: int, description: Any) -> None:
        super().__init__(str(description))
        self.status = status
        self.description = str(description)


def _append(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    _fill(element, name, value)


def _fill(element: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            _append(element, key, child)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        for child in value:
            _append(element, ITEM_NAMES.get(name, "item"), child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


def to_xml(root: str, value: Any) -> bytes:
    element = ET.Element(root)
    _fill(element, root, value)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def answer(root: str, value: Any, fmt: str, status: int = 200) -> Response:
    """`value` (a list, or a mapping for one object) as `fmt`; `root` names it in XML."""
    body = to_xml(root, value) if fmt == "xml" else json.dumps(value, ensure_ascii=False).encode()
    response = Response(body, status=status, mimetype=MIME[fmt])
    # Partners' systems and the public read the same thing: nothing personal to keep private
    # in a cache, but a new need or a status should show on the next read.
    response.headers["Cache-Control"] = "no-store"
    return response


def error_answer(error: Open311Error, fmt: str) -> Response:
    return answer(
        "errors", [{"code": error.status, "description": error.description}], fmt, error.status
    )
