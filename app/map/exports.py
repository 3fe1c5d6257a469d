"""Open data: the public pins as CSV and GeoJSON files, with the map's and the list's filters.

Every row is built from `public_pins()`, the one place that decides what the public may
see: public (coarse) locations and their areas only, no author of a need or name of a private
giver, no e-mail address, and a need's words only where app.pins.privacy allows. The exact
location is not even loaded. Filtered files are streamed, a batch of pins at a time, so their
size does not bound the server's memory; the unfiltered ones are snapshots a job builds from
the same rows (app.snapshots), served as files.

`GET /export/pins.csv` and `GET /export/pins.geojson` take `kind`, `category`, `status`,
`area` (as /api/pins and /pins) and an optional `bbox=minLon,minLat,maxLon,maxLat`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import Response, current_app, request
from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload
from werkzeug.datastructures import MultiDict

from app.areas.models import Area
from app.categories.models import Category
from app.csv_files import csv_stream, download
from app.error_pages import render_error
from app.extensions import db
from app.map.api import BBox, InvalidParameter, parse_bbox
from app.map.blueprint import blueprint
from app.pins.models import Pin
from app.pins.privacy import PublicPin, every_crowded_cell, public_pins
from app.pins.services import PinFilters, parse_pin_filters, pin_filter_conditions
from app.snapshots import Snapshot, SnapshotFile, built, register, serve
from app.stream_slots import capped

BATCH = 500
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


def public_record(
    view: PublicPin, categories: dict[int, Category], areas: dict[int, Area], zone: ZoneInfo
) -> dict[str, object]:
    """One pin as open data, in COLUMNS order: only what `public_pin()` gives. The date is
    the day in Seoul (the site's time zone), as people there would write it."""
    category = categories[view.category_id]
    dong = areas.get(view.dong_id) if view.dong_id else None
    gu = areas.get(view.gu_id) if view.gu_id else None
    return {
        "id": view.id,
        "kind": view.kind.value,
        "category": category.slug,
        "category_name_ko": category.name_ko,
        "category_name_en": category.name_en,
        "status": view.status.value,
        # Empty where the public may not read the author's words (app.pins.privacy): open data
        # carries no placeholder text in the language of whoever downloaded it.
        "title": "" if view.text_withheld else view.title,
        "description": "" if view.text_withheld else view.description,
        "text_withheld": view.text_withheld,
        "lon": view.lon,
        "lat": view.lat,
        "location_is_coarse": view.location_is_coarse,
        "dong_code": dong.code if dong else None,
        "dong_name_ko": dong.name_ko if dong else None,
        "dong_name_en": dong.name_en if dong else None,
        "gu_code": gu.code if gu else None,
        "gu_name_ko": gu.name_ko if gu else None,
        "gu_name_en": gu.name_en if gu else None,
        "created": view.created_at.astimezone(zone).date().isoformat(),
    }


def public_records(filters: PinFilters, box: BBox | None) -> Iterator[dict[str, object]]:
    """The matching pins as records, oldest first, loaded a batch at a time."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    categories = {c.id: c for c in db.session.scalars(select(Category))}
    areas = {a.id: a for a in db.session.scalars(select(Area))}
    conditions = pin_filter_conditions(filters)
    if box is not None:
        conditions += [
            Pin.public_lat.between(box.min_lat, box.max_lat),
            Pin.public_lon.between(box.min_lon, box.max_lon),
        ]
    statement = (
        select(Pin)
        .where(*conditions)
        .options(
            defer(Pin.location),  # the exact point never leaves the database here
            selectinload(Pin.organisation),  # public_pin() names an organisation giving
        )
        .order_by(Pin.id)
        .execution_options(yield_per=BATCH)
    )
    # The need-text rule's crowded cells (app.pins.privacy), read once for the whole file.
    crowded = every_crowded_cell()
    batch: list[Pin] = []
    for pin in db.session.scalars(statement):
        batch.append(pin)
        if len(batch) == BATCH:
            yield from _records(batch, categories, areas, zone, crowded)
            batch = []
    yield from _records(batch, categories, areas, zone, crowded)


def _records(
    pins: list[Pin],
    categories: dict[int, Category],
    areas: dict[int, Area],
    zone: ZoneInfo,
    crowded: set[tuple[float, float]],
) -> Iterator[dict[str, object]]:
    for view in public_pins(pins, crowded=crowded):
        yield public_record(view, categories, areas, zone)


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


def _whole_city() -> Iterator[dict[str, object]]:
    return public_records(parse_pin_filters(MultiDict()), None)


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


CSV_SNAPSHOT = register(
    Snapshot(
        "pins.csv",
        f"{FILE_NAME}.csv",
        "text/csv",
        lambda: csv_stream(COLUMNS, _whole_city(), BATCH),
    )
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
    return _download(csv_stream(COLUMNS, public_records(filters, box), BATCH), "text/csv", "csv")


# --- GeoJSON ---------------------------------------------------------------------------------


def geojson_chunks(records: Iterable[dict[str, object]]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    separator = ""
    batch: list[str] = []
    for record in records:
        properties = {k: v for k, v in record.items() if k not in ("lon", "lat")}
        feature = {
            "type": "Feature",
            "id": record["id"],
            "geometry": {"type": "Point", "coordinates": [record["lon"], record["lat"]]},
            "properties": properties,
        }
        batch.append(separator + json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
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
    chunks = geojson_chunks(public_records(filters, box))
    return _download(chunks, "application/geo+json", "geojson")
