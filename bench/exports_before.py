"""The pins' export generator as the first round of issue 16 left it (ORM objects through
app.pins.privacy.public_pins(), a dict per row, json.dumps per feature), kept here so that
bench/exports.py measures before and after in the same run on the same data."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload
from werkzeug.datastructures import MultiDict

from app.areas.models import Area
from app.categories.models import Category
from app.csv_files import BOM, open_data_cell
from app.extensions import db
from app.map.exports import COLUMNS
from app.pins.models import Pin
from app.pins.privacy import PublicPin, every_crowded_cell, public_pins
from app.pins.services import parse_pin_filters, pin_filter_conditions

BATCH = 500
__all__ = ["COLUMNS", "csv_stream", "geojson_chunks", "whole_city"]


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


def _records(
    pins: list[Pin],
    categories: dict[int, Category],
    areas: dict[int, Area],
    zone: ZoneInfo,
    crowded: set[tuple[float, float]],
) -> Iterator[dict[str, object]]:
    for view in public_pins(pins, crowded=crowded):
        yield public_record(view, categories, areas, zone)


def whole_city() -> Iterator[dict[str, object]]:
    filters = parse_pin_filters(MultiDict())
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    categories = {c.id: c for c in db.session.scalars(select(Category))}
    areas = {a.id: a for a in db.session.scalars(select(Area))}
    statement = (
        select(Pin)
        .where(*pin_filter_conditions(filters))
        .options(defer(Pin.location), selectinload(Pin.organisation))
        .order_by(Pin.id)
        .execution_options(yield_per=BATCH)
    )
    crowded = every_crowded_cell()
    batch: list[Pin] = []
    for pin in db.session.scalars(statement):
        batch.append(pin)
        if len(batch) == BATCH:
            yield from _records(batch, categories, areas, zone, crowded)
            batch = []
    yield from _records(batch, categories, areas, zone, crowded)


def csv_stream(
    columns: Sequence[str], records: Iterable[Mapping[str, object]], batch: int = 500
) -> Iterator[str]:
    """The file in pieces of `batch` rows, so that its size does not bound the server's memory.
    Each record is a mapping with the columns' names as keys."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(columns)
    for n, record in enumerate(records, start=1):
        writer.writerow([open_data_cell(record[column]) for column in columns])
        if n % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


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
