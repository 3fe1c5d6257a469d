"""CSV downloads that open in Excel as they are: staff files, and the open-data files anyone
may download.

UTF-8 with a byte-order mark (otherwise Excel reads Korean as mojibake). Text that people typed
could start with "=" and run as a formula in a spreadsheet; such cells get a leading apostrophe
(OWASP's advice for CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence

from flask import Response, stream_with_context

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int:
    """Numbers as they are; text that a spreadsheet would read as a formula, quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: list[str], rows: Iterable[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return BOM + buffer.getvalue()


# --- open data: fixed column names, streamed ---------------------------------------------------


def open_data_cell(value: object) -> object:
    """As `safe_cell`, with the spellings data tools expect: true/false, empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # shown as text, never run as a formula
    return value


def csv_stream(
    columns: Sequence[str], records: Iterable[Mapping[str, object]], batch: int = 500
) -> Iterator[str]:
    """The file in pieces of `batch` rows, so that its size does not bound the server's memory.
    Each record is a mapping with the columns' names as keys."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(columns)
    for n, record in enumerate(records, start=1):
        writer.writerow([open_data_cell(record[column]) for column in columns])
        if n % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


class _Lines(list):
    """A file-like list for csv.writer: each row's text is appended, joined once per piece."""

    write = list.append


def csv_rows_stream(
    columns: Sequence[str], rows: Iterable[Sequence[object]], batch: int = 10_000
) -> Iterator[str]:
    """As `csv_stream`, for rows that are already tuples of cells (`open_data_cell` applied by
    the caller where a value may need it): no mapping and no function call per cell, which is
    most of the Python time of a large file. Pieces of `batch` rows: fewer, larger pieces also
    mean fewer trips through the server's compression and socket for each byte sent."""
    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\r\n")
    lines.append(BOM)
    writer.writerow(columns)
    # The header at once: the client sees the download start while the first batch is read.
    yield "".join(lines)
    lines.clear()
    for n, row in enumerate(rows, start=1):
        writer.writerow(row)
        if n % batch == 0:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


def download(
    body: str | Iterable[str],
    filename: str,
    *,
    mimetype: str = "text/csv",
    public_for: int | None = None,
) -> Response:
    """A file to save, never shown inline: streamed when `body` comes in pieces.

    Open data may be kept by caches for `public_for` seconds; every other file (names of staff,
    scores) is `no-store`. `filename` is ours (ASCII), never typed by a user.
    """
    if isinstance(body, str):
        response = Response(body.encode("utf-8"), mimetype=mimetype)
    else:
        response = Response(stream_with_context(iter(body)), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if public_for is None:
        response.headers["Cache-Control"] = "no-store"
    else:
        response.cache_control.public = True
        response.cache_control.max_age = public_for
    return response


# --- reading an uploaded list ------------------------------------------------------------------


def decode_upload(data: bytes) -> str | None:
    """The text of a CSV saved by Excel or by hand: UTF-8 with or without a byte-order mark, or
    CP949 (Korean Windows' code page). None when it is none of them."""
    if data.startswith(BOM.encode()):
        data = data[len(BOM.encode()) :]
    for encoding in ("utf-8", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


class ListRefused(Exception):
    """An uploaded list, with every mistake found (line number and what): nothing of it is
    saved."""

    def __init__(self, mistakes: list) -> None:
        super().__init__(mistakes)
        self.mistakes = mistakes


def header_columns(row: list[str], columns: dict[str, set[str]]) -> dict[str, int]:
    """Where each column is in a list's first line, by the words that may name it (any
    spacing and case, Korean or English); the first cell naming a column wins."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        word = " ".join(cell.replace(BOM, "").split()).casefold()
        for column, words in columns.items():
            if word in words and column not in found:
                found[column] = index
    return found
