"""What citizens and staff type into the ideas' text areas, as it is stored."""

from __future__ import annotations


def plain_text(value):
    """Stripped, with the browser's CRLF line breaks as one character each (so that the
    length limit counts what the reader sees)."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()
