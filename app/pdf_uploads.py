"""PDF uploads checked by content: a contest's proposal files, an association's signed agreement.

A file is a PDF when it starts with `%PDF-` and pypdf reads its page tree without error;
its name and its Content-Type say nothing we can trust. Password-protected PDFs are refused
(the readers could not open them), and so are PDFs with active content (scripts, actions,
embedded files): the people who download them are staff, and a PDF is not to run anything on
their computers. The person's own file name, cleaned, is kept only to be shown and offered on
download; where the file is stored is the feature's business (app.stored_files).
"""

from __future__ import annotations

import io
import logging
import unicodedata
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote

from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from app.errors import DomainError
from app.forms import megabytes

PDF_SIGNATURE = b"%PDF-"
NAME_LENGTH = 150  # characters of the original name kept, before ".pdf"


class PdfRefused(DomainError):
    """The upload is not a PDF we accept; `message` says why, for the form."""


@dataclass(frozen=True)
class CheckedPdf:
    """A checked PDF, not yet written anywhere."""

    data: bytes
    original_name: str


def pdf_too_large(max_bytes: int):
    """The message at the file's field, from the server or the browser (SizeLimitedFileInput)."""
    return _l("The file is too large: at most %(megabytes)s MB.", megabytes=megabytes(max_bytes))


def check_pdf(stream: IO[bytes], filename: str | None, max_bytes: int) -> CheckedPdf:
    """Read and check an upload in memory. Raises PdfRefused with a message for the form."""
    data = stream.read(max_bytes + 1)
    if not data:
        raise PdfRefused(_l("The file is empty."))
    if len(data) > max_bytes:
        raise PdfRefused(pdf_too_large(max_bytes))
    if not data.startswith(PDF_SIGNATURE):
        raise PdfRefused(_l("This file is not a PDF. Only PDF files can be attached."))
    _check_readable(data)
    return CheckedPdf(data=data, original_name=clean_name(filename))


def _check_readable(data: bytes) -> None:
    pdf_log = logging.getLogger("pypdf")
    level = pdf_log.level
    pdf_log.setLevel(logging.ERROR)  # a damaged upload is the person's problem, not the log's
    active = False
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        if not encrypted:
            len(reader.pages)  # walks the page tree: a PDF in name only fails here
            active = holds_active_content(reader)
    except Exception as error:  # pypdf raises many kinds on a damaged file: all mean "no"
        raise PdfRefused(
            _l("This PDF cannot be read: it may be damaged. Please save it again and retry.")
        ) from error
    finally:
        pdf_log.setLevel(level)
    if encrypted:
        raise PdfRefused(
            _l("This PDF is protected by a password. Please attach it without a password.")
        )
    if active:
        raise PdfRefused(
            _l(
                "This PDF contains scripts, actions or embedded files, which are not accepted. "
                "Print it to a new PDF and attach that one."
            )
        )


# Keys of a PDF dictionary that make a viewer run or open something: scripts, actions on
# opening or on events, launching programs, embedded files and forms with their own scripts.
ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/SubmitForm",
        "/ImportData",
    }
)


def _opens_a_page(open_action: Any) -> bool:
    """An /OpenAction that only says which page to show first: a destination (an array), or
    a go-to action. PDF writers add one by habit (fpdf2 always does); any other action on
    opening (a link, another file, a sound…) is refused."""
    value = open_action.get_object() if isinstance(open_action, IndirectObject) else open_action
    if isinstance(value, list):
        return True
    return isinstance(value, dict) and value.get("/S") == "/GoTo"


def holds_active_content(reader: PdfReader) -> bool:
    """Whether any object reachable from the document's trailer has an active key.

    Every object is visited once (the walk is linear in the file, which the caller bounds);
    content streams are not parsed, only their dictionaries.
    """
    seen: set[tuple[int, int]] = set()
    todo: list[Any] = [reader.trailer]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, dict):
            if ACTIVE_KEYS.intersection(item.keys()):
                return True
            if "/OpenAction" in item and not _opens_a_page(item["/OpenAction"]):
                return True
            if item.get("/S") in ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData"):
                return True
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return False


def clean_name(filename: str | None) -> str:
    """The name to show: no folders, no control or direction-changing characters (which could
    disguise the extension), at most NAME_LENGTH characters, always ending in .pdf."""
    name = unicodedata.normalize("NFC", filename or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(name.split())
    if name.lower().endswith(".pdf"):
        name = name[:-4]
    name = name.strip(" .")[:NAME_LENGTH].strip(" .")
    return (name or "document") + ".pdf"


def download_names(original_name: str) -> dict[str, str]:
    """Content-Disposition parameters: the name as typed (RFC 5987, for Korean names), and a
    plain ASCII one for old clients, which is never just ".pdf"."""
    plain = unicodedata.normalize("NFKD", original_name).encode("ascii", "ignore").decode()
    plain = " ".join(plain.split())
    if plain.lower().removesuffix(".pdf").strip(" .-_()") == "":
        plain = "attachment.pdf"
    if plain == original_name:
        return {"filename": plain}
    return {"filename": plain, "filename*": "UTF-8''" + quote(original_name, safe="!#$&+-.^_`|~")}
