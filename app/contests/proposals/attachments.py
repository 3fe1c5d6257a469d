"""PDF attachments of proposals: checked by content (app.pdf_uploads), kept under a random name.

The file on disk is named by a random token; the person's
own file name, cleaned, is kept only to be shown and offered on download.

The file is written only after every check has passed (see `add_attachment`), and removed
again if the database write fails; a deleted attachment's file goes once the deletion is
committed, so that a rolled-back deletion never loses the file (both through
`app.actions.FileChanges`).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import IO

from flask import current_app

from app.accounts.models import User
from app.actions import FileChanges
from app.contests.models import Proposal, ProposalAttachment
from app.contests.proposals.errors import AttachmentError, TooManyAttachments
from app.contests.proposals.services import require_changeable
from app.extensions import db
from app.forms import SizeLimitedFileInput
from app.pdf_uploads import (  # noqa: F401  (clean_name, download_names: the views' and tests')
    CheckedPdf,
    PdfRefused,
    check_pdf,
    clean_name,
    download_names,
    pdf_too_large,
)
from app.stored_files import write_new_file

# The checks themselves are shared with other PDF uploads (app.pdf_uploads); a proposal's
# file is refused with the proposals' own error, so its views and tests see no difference.
PreparedAttachment = CheckedPdf
attachment_too_large = pdf_too_large
ATTACHMENT_INPUT = SizeLimitedFileInput("ATTACHMENT_MAX_BYTES", attachment_too_large)


def prepare_attachment(stream: IO[bytes], filename: str | None) -> PreparedAttachment:
    """Read and check an upload in memory. Raises AttachmentError with a message for the form."""
    try:
        return check_pdf(stream, filename, int(current_app.config["ATTACHMENT_MAX_BYTES"]))
    except PdfRefused as refused:
        raise AttachmentError(refused.message) from refused


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
