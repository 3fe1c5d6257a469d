"""The ZIP of "download my data": data.json (everything, nested by kind), one CSV per kind
(through app.csv_files, which keeps typed text from running as a spreadsheet formula) and a
README.txt in the person's language that says what each file holds."""

from __future__ import annotations

import io
import json
import zipfile

from flask_babel import gettext as _

from app.accounts.models import User
from app.clock import utcnow
from app.csv_files import to_csv
from app.mypage.data_export import EXPORT_KINDS, my_data


def _readme(person: User, generated_at: str) -> str:
    lines = [
        _("Everything the Hope Community Map holds about your account, made %(when)s (UTC).")
        % {"when": generated_at},
        "",
        _("data.json: all of it in one file, by kind."),
        _("Each .csv file holds one kind, for a spreadsheet:"),
    ]
    lines += [f"- {kind.name}.csv: {kind.description}" for kind in EXPORT_KINDS]
    lines += [
        "",
        _(
            "Nothing private of other people is included: the other side of a match is named "
            "only by its pin's number, and staff's internal notes are not part of your data."
        ),
        _("Keep this file safe: it holds your exact places and contact details."),
    ]
    return "\n".join(lines) + "\n"


def data_archive(person: User) -> bytes:
    generated_at = utcnow().replace(microsecond=0).isoformat()
    data = my_data(person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(person, generated_at))
        archive.writestr(
            "data.json",
            json.dumps({"generated_at": generated_at, **data}, ensure_ascii=False, indent=2),
        )
        for kind in EXPORT_KINDS:
            rows = [[record[column] for column in kind.columns] for record in data[kind.name]]
            archive.writestr(f"{kind.name}.csv", to_csv(list(kind.columns), rows))
    return buffer.getvalue()
