"""Open data: the public pins as CSV and GeoJSON files, with the map's and the list's filters.

Every row is built from `public_pins()`, the one place that decides what the public may
see: public (coarse) locations and their areas only, no author of a need or name of a private
giver, no e-mail address, and a need's words only where app.pins.privacy allows. The exact
location is not even loaded. Filtered files are streamed, a batch of rows at a time from a
server-side cursor, so their size does not bound the server's memory; the unfiltered ones are
snapshots a job builds from the same rows (app.snapshots), served as files.

`GET /export/pins.csv` and `GET /export/pins.geojson` take `kind`, `category`, `status`,
`area` (as /api/pins and /pins) and an optional `bbox=minLon,minLat,maxLon,maxLat`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring

from flask import Response, current_app, request
from sqlalchemy import String, select, type_coerce
from werkzeug.datastructures import MultiDict

from app.areas.models import Area
from app.categories.models import Category
from app.csv_files import FORMULA_STARTS, csv_rows_stream, download, open_data_cell
from app.error_pages import render_error
from app.extensions import db
from app.geo import local_days
from app.map.api import BBox, InvalidParameter, parse_bbox
from app.map.blueprint import blueprint
from app.pins.models import Pin, PinKind
from app.pins.privacy import every_crowded_cell
from app.pins.services import PinFilters, parse_pin_filters, pin_filter_conditions
from app.snapshots import Snapshot, SnapshotFile, built, register, serve
from app.stream_slots import capped
from app.streamed_rows import batches

# Rows per database partition and per piece sent: the server-side cursor holds this many rows
# at a time (a few MB), and the compressor and socket see a piece per BATCH rows.
BATCH = 10_000
FILE_NAME = "hope-community-map-pins"
COLUMNS = (
    "id",
    "kind",
    "category",
    "category_name_ko",
    "category_name_en",
    "status",
    "title",
    "description",
    "text_withheld",
    "lon",
    "lat",
    "location_is_coarse",
    "dong_code",
    "dong_name_ko",
    "dong_name_en",
    "gu_code",
    "gu_name_ko",
    "gu_name_en",
    "created",
)


def public_rows(filters: PinFilters, box: BBox | None) -> Iterator[PublicRow]:
    """The matching pins as plain tuples of PublicRow's fields, oldest first.

    A select of exactly the public columns, read BATCH rows at a time (app.streamed_rows);
    the exact point is not even selected. PostgreSQL also writes each pin's day in the site's
    time zone (app.geo.local_days), which cost more in Python than the rest of a row
    together. The need-text rule is `public_pins()`'s, applied to the tuples with the city's
    crowded cells read once (`every_crowded_cell()`); tests/map/test_export_rows.py holds the
    two to the same answer for every kind of pin.
    """
    zone_name = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    conditions = pin_filter_conditions(filters)
    if box is not None:
        conditions += [
            Pin.public_lat.between(box.min_lat, box.max_lat),
            Pin.public_lon.between(box.min_lon, box.max_lon),
        ]
    connection = db.session.connection()
    created_day = local_days(connection, Pin.created_at, zone_name)
    statement = (
        select(
            Pin.id,
            # The stored words ("need", "open"), not enum members made and unmade per row.
            type_coerce(Pin.kind, String),
            Pin.category_id,
            type_coerce(Pin.status, String),
            Pin.title,
            Pin.description,
            Pin.text_shared,
            Pin.public_lon,
            Pin.public_lat,
            Pin.location_is_coarse,
            Pin.public_dong_id,
            Pin.public_gu_id,
            # The day as text where the database can say it; else a plain (naive UTC) time.
            created_day.column,
        )
        .where(*conditions)
        .order_by(Pin.id)
    )
    rule_applies = int(current_app.config["NEED_TEXT_MIN_NEIGHBOURS"]) > 1
    crowded = every_crowded_cell() if rule_applies else set()
    need = PinKind.NEED.value
    day_of = created_day.day_of
    for partition in batches(connection, statement, BATCH):
        for (
            pin_id,
            kind,
            category_id,
            status,
            title,
            description,
            text_shared,
            lon,
            lat,
            coarse,
            dong_id,
            gu_id,
            created,
        ) in partition:
            withheld = (
                rule_applies and kind == need and not text_shared and (lon, lat) not in crowded
            )
            yield (
                pin_id,
                kind,
                category_id,
                status,
                "" if withheld else title,
                "" if withheld else description,
                withheld,
                lon,
                lat,
                coarse,
                dong_id,
                gu_id,
                day_of(created),
            )


# One pin as open data, before formatting: only what `public_pin()` gives, as the fields
# (id, kind, category_id, status, title, description, text_withheld, lon, lat,
# location_is_coarse, dong_id, gu_id, created). A plain tuple, unpacked by each writer: making
# and reading a named one cost about 5 % of a city-wide file (0.23 s of 4.6 s for 600k rows).
# Title and description are empty where the public may not read the author's words
# (app.pins.privacy): open data carries no placeholder text in the language of whoever
# downloaded it. `created` is the day in Seoul (the site's time zone), as people there would
# write it.
PublicRow = tuple[
    int, str, int, str, str, str, bool, float, float, bool, int | None, int | None, str
]


@dataclass(frozen=True)
class _Names:
    """The categories' and areas' columns, read once per file (a few hundred rows)."""

    categories: dict[int, tuple[str, str, str]]  # slug, name_ko, name_en
    areas: dict[int | None, tuple[str | None, str | None, str | None]]  # code, name_ko, name_en

    @classmethod
    def read(cls) -> _Names:
        # The named columns only: an Area's outline is a polygon, and every gu's and dong's
        # outline loaded to read their names cost seconds before the first row.
        category_rows = db.session.execute(
            select(Category.id, Category.slug, Category.name_ko, Category.name_en)
        )
        categories = {id_: (slug, ko, en) for id_, slug, ko, en in category_rows}
        area_rows = db.session.execute(select(Area.id, Area.code, Area.name_ko, Area.name_en))
        areas: dict[int | None, tuple[str | None, str | None, str | None]] = {
            id_: (code, ko, en) for id_, code, ko, en in area_rows
        }
        areas[None] = (None, None, None)
        return cls(categories, areas)


def _request_filters() -> tuple[PinFilters, BBox | None]:
    raw_box = request.args.get("bbox")
    box = parse_bbox(raw_box) if raw_box else None
    return parse_pin_filters(request.args), box


def _download(chunks: Iterable[str], mimetype: str, extension: str) -> Response:
    return download(
        chunks,
        f"{FILE_NAME}.{extension}",
        mimetype=mimetype,
        public_for=current_app.config["EXPORT_CACHE_SECONDS"],
    )


def _whole_city() -> Iterator[PublicRow]:
    return public_rows(parse_pin_filters(MultiDict()), None)


@dataclass(frozen=True)
class OpenDataFiles:
    csv: SnapshotFile | None
    geojson: SnapshotFile | None


def open_data_files() -> OpenDataFiles:
    """The snapshots' dates and sizes, for the map page's links."""
    return OpenDataFiles(built(CSV_SNAPSHOT), built(GEOJSON_SNAPSHOT))


def _snapshot_or_none(snapshot: Snapshot):
    """The unfiltered file is the job's snapshot (app.snapshots); any filter streams."""
    if request.args or not current_app.config["OPEN_DATA_SNAPSHOTS"]:
        return None
    return serve(snapshot, current_app.config["EXPORT_CACHE_SECONDS"])


# --- CSV -------------------------------------------------------------------------------------


def csv_chunks(rows: Iterable[PublicRow]) -> Iterator[str]:
    """The CSV file: names read once and made cells once (`open_data_cell`), the authors'
    words checked for a formula start per row, nothing else done per cell."""
    names = _Names.read()
    categories = {i: _cells(v) for i, v in names.categories.items()}
    areas = {i: _cells(v) for i, v in names.areas.items()}
    no_area = areas[None]
    starts = FORMULA_STARTS
    flag = {True: "true", False: "false"}
    return csv_rows_stream(
        COLUMNS,
        (
            (
                pin_id,
                kind,
                *categories[category_id],
                status,
                "'" + title if title.startswith(starts) else title,
                "'" + description if description.startswith(starts) else description,
                flag[withheld],
                lon,
                lat,
                flag[coarse],
                *areas.get(dong_id, no_area),
                *areas.get(gu_id, no_area),
                created,
            )
            for (
                pin_id,
                kind,
                category_id,
                status,
                title,
                description,
                withheld,
                lon,
                lat,
                coarse,
                dong_id,
                gu_id,
                created,
            ) in rows
        ),
        BATCH,
    )


def _cells(values: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(open_data_cell(v) for v in values)


CSV_SNAPSHOT = register(
    Snapshot("pins.csv", f"{FILE_NAME}.csv", "text/csv", lambda: csv_chunks(_whole_city()))
)


@blueprint.get("/export/pins.csv")
def pins_csv():
    if (snapshot := _snapshot_or_none(CSV_SNAPSHOT)) is not None:
        return snapshot
    return capped(_streamed_csv)


def _streamed_csv():
    try:
        filters, box = _request_filters()
    except InvalidParameter as problem:
        return render_error(400, str(problem))
    return _download(csv_chunks(public_rows(filters, box)), "text/csv", "csv")


# --- GeoJSON ---------------------------------------------------------------------------------

# One feature, written by a string template as the map API writes its answers (app.map.api):
# the same bytes json.dumps(..., ensure_ascii=False, separators=(",", ":")) gave for the
# feature's dict, at a fraction of the cost. Strings go through the json module's own escaping.
FEATURE = (
    '{"type":"Feature","id":%d,"geometry":{"type":"Point","coordinates":[%r,%r]},'
    '"properties":{"id":%d,"kind":%s,%s,"status":%s,"title":%s,"description":%s,'
    '"text_withheld":%s,"location_is_coarse":%s,%s,%s,"created":%s}}'
)


def _members(keys: tuple[str, ...], values: tuple[object, ...]) -> str:
    return ",".join(f"{_json(k)}:{_json(v)}" for k, v in zip(keys, values, strict=True))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def geojson_chunks(rows: Iterable[PublicRow]) -> Iterator[str]:
    names = _Names.read()
    categories = {
        i: _members(("category", "category_name_ko", "category_name_en"), v)
        for i, v in names.categories.items()
    }
    dongs = {
        i: _members(("dong_code", "dong_name_ko", "dong_name_en"), v)
        for i, v in names.areas.items()
    }
    gus = {i: _members(("gu_code", "gu_name_ko", "gu_name_en"), v) for i, v in names.areas.items()}
    no_dong, no_gu = dongs[None], gus[None]
    text = encode_basestring  # json.dumps(str, ensure_ascii=False), without its checks
    flag = {True: "true", False: "false"}
    yield '{"type":"FeatureCollection","features":['
    separator = ""
    batch: list[str] = []
    for (
        pin_id,
        kind,
        category_id,
        status,
        title,
        description,
        withheld,
        lon,
        lat,
        coarse,
        dong_id,
        gu_id,
        created,
    ) in rows:
        batch.append(
            separator
            + FEATURE
            % (
                pin_id,
                lon,
                lat,
                pin_id,
                text(kind),
                categories[category_id],
                text(status),
                text(title),
                text(description),
                flag[withheld],
                flag[coarse],
                dongs.get(dong_id, no_dong),
                gus.get(gu_id, no_gu),
                text(created),
            )
        )
        separator = ","
        if len(batch) == BATCH:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "]}"


GEOJSON_SNAPSHOT = register(
    Snapshot(
        "pins.geojson",
        f"{FILE_NAME}.geojson",
        "application/geo+json",
        lambda: geojson_chunks(_whole_city()),
    )
)


@blueprint.get("/export/pins.geojson")
def pins_geojson():
    if (snapshot := _snapshot_or_none(GEOJSON_SNAPSHOT)) is not None:
        return snapshot
    return capped(_streamed_geojson)


def _streamed_geojson():
    try:
        filters, box = _request_filters()
    except InvalidParameter as problem:
        return render_error(400, str(problem))
    chunks = geojson_chunks(public_rows(filters, box))
    return _download(chunks, "application/geo+json", "geojson")
