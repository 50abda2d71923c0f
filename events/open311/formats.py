"""Open311 answers in the specification's two formats: XML (required) and JSON.

The specification's JSON is the "Spark convention" mapping of its XML: where the XML repeats an
element under a plural parent (<services><service>…), the JSON has a list. So one structure of
plain dicts and lists renders to both, and XML only needs each list's element name.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree

from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element each list's items take in XML, named after the list (as in the specification).
ITEM_NAMES = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "service_requests": "request",
    "errors": "error",
}
# Characters XML 1.0 cannot carry at all, not even escaped; free text from reports may hold them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Error:
    code: int
    description: str


class Open311Error(Exception):
    """Answered as the specification's error list, with `status` as the HTTP status."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__("; ".join(str(d) for d in descriptions))
        self.status = status
        self.errors = [Error(status, str(d)) for d in descriptions]


def w3c(moment: datetime | None) -> str | None:
    """W3C date-time with the platform's UTC offset, e.g. 2026-11-23T18:14:47+08:00."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def render(data, root: str, fmt: str, status: int = 200) -> HttpResponse:
    body = to_json(data) if fmt == "json" else to_xml(root, data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(errors: list[Error], fmt: str, status: int) -> HttpResponse:
    data = [{"code": error.code, "description": error.description} for error in errors]
    return render(data, "errors", fmt, status)


def to_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def to_xml(root: str, data) -> bytes:
    element = ElementTree.Element(root)
    _fill(element, data)
    text = ElementTree.tostring(element, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode()


def _fill(element: ElementTree.Element, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ElementTree.SubElement(element, key), item)
    elif isinstance(value, list):
        name = ITEM_NAMES[element.tag]
        for item in value:
            _fill(ElementTree.SubElement(element, name), item)
    elif value is not None:
        element.text = _scalar(value)


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))
