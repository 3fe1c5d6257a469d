"""Reading an association's list of member businesses from a CSV file, whole, before anything
is saved (as app.visits.household_csv reads a sweep's list).

The first row names the columns, in Korean or English: business name, the representative's
email, and optionally a phone and a dong or area. Every line is checked and each mistake is
told with its line number, so a list is fixed once. An email twice in the file is a mistake
(which line to keep is the sender's call); an email the association already invited is not:
that line is skipped and counted when the invitations are made.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from app.csv_files import ListRefused, decode_upload, header_columns
from app.resident_numbers import holds_resident_number
from app.vault import normalise

# Inviting a line costs a sealed email and phone and an email job (bench/invitation_list.py:
# about 18 ms a line on a busy two-core machine): 500 lines stay well inside the request's time
# and SQLite's busy timeout for other writers. A longer list goes in several files.
MAX_LINES = 500
FIELD_LENGTH = 200

# The header's words for each column (case and spaces ignored).
COLUMNS = {
    "business_name": {"business name", "business", "name", "상호", "상호명", "업체명", "사업장명"},
    "email": {
        "email",
        "e-mail",
        "representative email",
        "representative's email",
        "이메일",
        "전자우편",
        "대표자 이메일",
        "대표 이메일",
    },
    "phone": {"phone", "전화", "전화번호", "연락처"},
    "area": {"area", "dong", "동", "지역", "행정동"},
}
REQUIRED = ("business_name", "email")


@dataclass(frozen=True)
class MemberLine:
    line: int
    business_name: str
    email: str
    phone: str
    area: str


def file_digest(data: bytes) -> str:
    """What recognises the same file sent again."""
    return hashlib.sha256(data).hexdigest()


def _header(row: list[str]) -> dict[str, int]:
    found = header_columns(row, COLUMNS)
    if any(column not in found for column in REQUIRED):
        raise ListRefused(
            [
                _l(
                    "Line 1 must name the columns: business name and email (and phone, area), "
                    "in Korean or English."
                )
            ]
        )
    return found


def _email_problem(email: str):
    if not email:
        return _l("the email is missing")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return _l("“%(email)s” is not an email address", email=email[:60])
    return None


def read_members(data: bytes) -> list[MemberLine]:
    """Every line of the list, or ListRefused with every mistake (line number and what)."""
    text = decode_upload(data)
    if text is None:
        raise ListRefused([_l("The file is neither UTF-8 nor CP949 text: save it as CSV (UTF-8).")])
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        raise ListRefused([_l("The file is empty.")])
    if len(rows) > MAX_LINES + 1:
        raise ListRefused([_l("At most %(num)d businesses in one file.", num=MAX_LINES)])
    columns = _header(rows[0])
    members: list[MemberLine] = []
    mistakes: list = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):

        def cell(column: str, row: list[str] = row) -> str:
            index = columns.get(column)
            return row[index].strip() if index is not None and index < len(row) else ""

        values = {column: cell(column) for column in COLUMNS}
        problems = []
        if not values["business_name"]:
            problems.append(_l("the business name is missing"))
        email_problem = _email_problem(values["email"])
        if email_problem is not None:
            problems.append(email_problem)
        digits = normalise("phone", values["phone"])
        if values["phone"] and not 9 <= len(digits) <= 11:
            problems.append(_l("the phone number is not a Korean phone number"))
        if any(len(value) > FIELD_LENGTH for value in values.values()):
            problems.append(_l("a field is longer than %(num)d characters", num=FIELD_LENGTH))
        if any(holds_resident_number(value) for value in values.values()):
            problems.append(_l("it holds a resident registration number, which is not kept"))
        key = normalise("email", values["email"])
        if key and key in seen:
            problems.append(_l("the same email as line %(line)d", line=seen[key]))
        seen.setdefault(key, number)
        if problems:
            mistakes.append(
                _l(
                    "Line %(line)d: %(problems)s.",
                    line=number,
                    problems="; ".join(map(str, problems)),
                )
            )
        else:
            members.append(
                MemberLine(
                    number,
                    values["business_name"],
                    values["email"],
                    values["phone"],
                    values["area"],
                )
            )
    if mistakes:
        raise ListRefused(mistakes)
    return members
