"""PDF attachments of proposals: checked by content, kept under a random name.

A file is a PDF when it starts with `%PDF-` and pypdf reads its page tree without error;
its name and its Content-Type say nothing we can trust. Password-protected PDFs are refused:
the reviewers could not open them. The file on disk is named by a random token; the person's
own file name, cleaned, is kept only to be shown and offered on download.

The file is written only after every check has passed (see `add_attachment`), and removed
again if the database write fails; a deleted attachment's file goes once the deletion is
committed, so that a rolled-back deletion never loses the file (both through
`app.actions.FileChanges`).
"""

from __future__ import annotations

import io
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from flask import current_app
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from app.accounts.models import User
from app.actions import FileChanges
from app.contests.models import Proposal, ProposalAttachment
from app.contests.proposals.errors import AttachmentError, TooManyAttachments
from app.contests.proposals.services import require_changeable
from app.extensions import db
from app.forms import SizeLimitedFileInput, megabytes
from app.stored_files import write_new_file

PDF_SIGNATURE = b"%PDF-"
NAME_LENGTH = 150  # characters of the original name kept, before ".pdf"


@dataclass(frozen=True)
class PreparedAttachment:
    """A checked PDF, not yet written anywhere."""

    data: bytes
    original_name: str


def attachment_too_large(max_bytes: int):
    """The message at the file's field, from the server or the browser (SizeLimitedFileInput)."""
    return _l("The file is too large: at most %(megabytes)s MB.", megabytes=megabytes(max_bytes))


ATTACHMENT_INPUT = SizeLimitedFileInput("ATTACHMENT_MAX_BYTES", attachment_too_large)


def prepare_attachment(stream: IO[bytes], filename: str | None) -> PreparedAttachment:
    """Read and check an upload in memory. Raises AttachmentError with a message for the form."""
    max_bytes = int(current_app.config["ATTACHMENT_MAX_BYTES"])
    data = stream.read(max_bytes + 1)
    if not data:
        raise AttachmentError(_l("The file is empty."))
    if len(data) > max_bytes:
        raise AttachmentError(attachment_too_large(max_bytes))
    if not data.startswith(PDF_SIGNATURE):
        raise AttachmentError(_l("This file is not a PDF. Only PDF files can be attached."))
    _check_readable(data)
    return PreparedAttachment(data=data, original_name=clean_name(filename))


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
        raise AttachmentError(
            _l("This PDF cannot be read: it may be damaged. Please save it again and retry.")
        ) from error
    finally:
        pdf_log.setLevel(level)
    if encrypted:
        raise AttachmentError(
            _l("This PDF is protected by a password. Please attach it without a password.")
        )
    if active:
        raise AttachmentError(
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
        "/OpenAction",
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


def holds_active_content(reader: PdfReader) -> bool:
    """Whether any object reachable from the document's trailer has an active key.

    Every object is visited once (the walk is linear in the file, which is at most
    ATTACHMENT_MAX_BYTES); content streams are not parsed, only their dictionaries.
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


# --- storage -----------------------------------------------------------------------------------


def attachments_folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"]) / "proposals"


def attachment_files() -> FileChanges:
    """The attachments an action writes or deletes, for `attempt(..., files=...)`."""
    return FileChanges(remove_stored_file)


def add_attachment(
    proposal: Proposal, prepared: PreparedAttachment, user: User, files: FileChanges, now=None
) -> ProposalAttachment:
    """Check the proposal may take it, then write the file and the row. The file is recorded
    in `files`, so that it goes again if the row is not committed."""
    require_changeable(proposal, now)
    limit = int(current_app.config["ATTACHMENTS_PER_PROPOSAL"])
    if len(proposal.attachments) >= limit:
        raise TooManyAttachments(limit)
    stored_name = secrets.token_urlsafe(24) + ".pdf"
    # An unwritable folder refuses at the form's file field (UploadNotStored).
    write_new_file(attachments_folder(), stored_name, prepared.data, field="file")
    files.wrote(stored_name)
    attachment = ProposalAttachment(
        original_name=prepared.original_name,
        stored_name=stored_name,
        size_bytes=len(prepared.data),
        uploaded_by_id=user.id,
    )
    proposal.attachments.append(attachment)
    db.session.flush()
    return attachment


def delete_attachment(attachment: ProposalAttachment, files: FileChanges, now=None) -> None:
    """Remove the row; its file goes once the deletion is committed (recorded in `files`)."""
    proposal = attachment.proposal
    require_changeable(proposal, now)
    proposal.attachments.remove(attachment)
    db.session.flush()
    files.drop(attachment.stored_name)


def remove_stored_file(stored_name: str | None) -> None:
    """A file already gone is fine; a name that is not one of ours is never touched."""
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name[0] == ".":
        return
    (attachments_folder() / stored_name).unlink(missing_ok=True)
