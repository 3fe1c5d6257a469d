"""Each table's row count and content checksum, computed alike on SQLite and PostgreSQL.

Rows are read in primary-key order and serialised in Python in one canonical form (datetimes
as naive UTC ISO text, geometries as WKB hex through Shapely, enums by value), so the same data
gives the same checksum whichever database holds it, and a restore can be compared with the
moment of the backup table by table.
"""

from __future__ import annotations

import enum
import hashlib
import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any, TypedDict

from geoalchemy2 import WKBElement
from geoalchemy2.shape import to_shape
from sqlalchemy import Connection, MetaData, Table, select

ROWS_PER_FETCH = 1000


class TableFingerprint(TypedDict):
    rows: int
    sha256: str


def table_fingerprints(connection: Connection, metadata: MetaData) -> dict[str, TableFingerprint]:
    """Every table of the models, by name. Read inside one transaction for a consistent view."""
    return {table.name: fingerprint(connection, table) for table in metadata.sorted_tables}


def fingerprint(connection: Connection, table: Table) -> TableFingerprint:
    order = list(table.primary_key.columns) or list(table.columns)
    digest = hashlib.sha256()
    rows = 0
    result = connection.execution_options(yield_per=ROWS_PER_FETCH).execute(
        select(table).order_by(*order)
    )
    for row in result:
        digest.update(canonical_row(row).encode())
        rows += 1
    return {"rows": rows, "sha256": digest.hexdigest()}


def canonical_row(row: Any) -> str:
    values = [canonical_value(value) for value in row]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def canonical_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, enum.Enum):
        return canonical_value(value.value)
    if isinstance(value, datetime):
        # SQLite keeps naive UTC, PostgreSQL an aware time: both become naive UTC text.
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, WKBElement):
        # EWKB differs between SpatiaLite and PostGIS; the plain WKB of the shape does not.
        return to_shape(value).wkb_hex
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return value
    return str(value)
