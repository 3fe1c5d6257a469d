"""Writing an upload to disk: the whole file or none of it, and a refusal at the form's field
when the disk says no.

The uploads folder may be unwritable (permissions, a folder that is not one, a full disk).
That is not the person's fault and not a bug to answer with a 500 that loses what they typed:
it is refused like a rule of the domain (a `DomainError` at the file's field), so the action
rolls back, the form comes back with its text, and the message says to try again later. A
file cut short by a full disk is removed, so no file is left without its row.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from app.errors import DomainError

log = logging.getLogger(__name__)


class UploadNotStored(DomainError):
    message = _l("The file could not be stored just now, so nothing was saved. Please try later.")


def write_new_file(
    folder: Path, name: str, data: bytes, *, field: str, message: str | LazyString | None = None
) -> None:
    """Write `data` as a new file `name` in `folder` (made if missing), or raise
    UploadNotStored for the form's `field`, with nothing left behind."""
    path = folder / name
    created = False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as handle:  # "x": never overwrite an existing file
            created = True
            handle.write(data)
    except OSError as error:
        if created:  # cut short (a full disk): the partial file goes
            path.unlink(missing_ok=True)
        log.error("An upload could not be stored in %s: %s", folder, error)
        raise UploadNotStored(message, field=field) from error
