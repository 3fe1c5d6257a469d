"""Reading a sweep's list of households from a CSV file, whole, before anything is saved.

Offices export from Excel: UTF-8 with or without a byte-order mark, or CP949 (Korean Windows'
code page). The first row names the columns, in Korean or English; every line is checked and
each mistake is told with its line number, so a list is fixed once, not line by line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.areas.models import Area
from app.csv_files import ListRefused, decode_upload, header_columns
from app.resident_numbers import holds_resident_number
from app.vault import normalise

MAX_LINES = 5000
FIELD_LENGTH = 500

# The header's words for each column (case and spaces ignored).
COLUMNS = {
    "name": {"name", "이름", "성명"},
    "phone": {"phone", "전화", "전화번호", "연락처"},
    "address": {"address", "address text", "주소"},
    "dong": {"dong", "동", "행정동", "dong code", "동코드"},
    "notes": {"notes", "note", "메모", "비고"},
}
REQUIRED = ("name", "phone", "address", "dong")


@dataclass(frozen=True)
class HouseholdLine:
    line: int
    name: str
    phone: str
    address: str
    dong: Area
    notes: str


def _header(row: list[str]) -> dict[str, int]:
    found = header_columns(row, COLUMNS)
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise ListRefused(
            [
                _l(
                    "Line 1 must name the columns: name, phone, address, dong (and notes). "
                    "Missing: %(missing)s.",
                    missing=", ".join(missing),
                )
            ]
        )
    return found


def _dong_finder(dongs: list[Area]):
    by_word = {}
    for dong in dongs:
        for word in (dong.code, dong.name_ko, dong.name_en):
            if word:
                by_word[" ".join(word.split()).casefold()] = dong
    return lambda text: by_word.get(" ".join(text.split()).casefold())


def read_households(data: bytes, dongs: list[Area]) -> list[HouseholdLine]:
    """Every line of the list, or ListRefused with every mistake (line number and what)."""
    text = decode_upload(data)
    if text is None:
        raise ListRefused([_l("The file is neither UTF-8 nor CP949 text: save it as CSV (UTF-8).")])
    rows = list(csv.reader(io.StringIO(text)))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ListRefused([_l("The file is empty.")])
    if len(rows) > MAX_LINES + 1:
        raise ListRefused([_l("At most %(num)d households in one file.", num=MAX_LINES)])
    columns = _header(rows[0])
    find_dong = _dong_finder(dongs)
    households: list[HouseholdLine] = []
    mistakes: list = []
    seen_addresses: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):

        def cell(column: str, row: list[str] = row) -> str:
            index = columns.get(column)
            return row[index].strip() if index is not None and index < len(row) else ""

        values = {c: cell(c) for c in COLUMNS}
        problems = []
        if not values["name"]:
            problems.append(_l("the name is missing"))
        if not values["address"]:
            problems.append(_l("the address is missing"))
        digits = normalise("phone", values["phone"])
        if values["phone"] and not 9 <= len(digits) <= 11:
            problems.append(_l("the phone number is not a Korean phone number"))
        dong = find_dong(values["dong"])
        if dong is None:
            problems.append(
                _l("“%(dong)s” is not one of this sweep's dongs", dong=values["dong"][:40])
            )
        if any(len(v) > FIELD_LENGTH for v in values.values()):
            problems.append(_l("a field is longer than %(num)d characters", num=FIELD_LENGTH))
        if any(holds_resident_number(v) for v in values.values()):
            problems.append(_l("it holds a resident registration number, which is not kept"))
        address_key = normalise("address", values["address"])
        if address_key and address_key in seen_addresses:
            problems.append(
                _l("the same address as line %(line)d", line=seen_addresses[address_key])
            )
        seen_addresses.setdefault(address_key, number)
        if problems:
            mistakes.append(
                _l(
                    "Line %(line)d: %(problems)s.",
                    line=number,
                    problems="; ".join(map(str, problems)),
                )
            )
        elif dong is not None:
            households.append(
                HouseholdLine(
                    number,
                    values["name"],
                    values["phone"],
                    values["address"],
                    dong,
                    values["notes"],
                )
            )
    if mistakes:
        raise ListRefused(mistakes)
    return households
