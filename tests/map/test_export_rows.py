"""Issue 16, item 6: the pins' open-data files are written from plain rows of the public columns
(app.map.exports.public_rows), not from ORM objects through `public_pins()`; they must still
say exactly what `public_pins()` lets the public see, byte for byte as before."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select
from werkzeug.datastructures import MultiDict

from app.clock import utcnow
from app.csv_files import csv_stream
from app.extensions import db
from app.pins.models import Pin, PinKind
from app.pins.privacy import public_pins
from app.pins.services import parse_pin_filters, pin_filter_conditions
from tests.factories import make_category, make_organisation, make_pin, make_user

WORLD = "-180,-85,180,85"  # keeps every pin: the streamed file, not the snapshot
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


@pytest.fixture
def city():
    """Every case of the privacy rules: a need alone in its cell without the author's
    agreement (words withheld), three needs in one cell (crowded: words shown), an overdue
    one (not counted), a private giver's offer and an organisation's, text that a spreadsheet
    would run, and characters that CSV and JSON must escape."""
    category = make_category()
    other = make_category(name_ko="=위험한 이름", name_en='Quote "and" comma,')
    make_pin(category=category, text_shared=False, title="혼자 사는 집 연탄", lon=127.02)
    for n in range(3):
        make_pin(category=other, text_shared=False, title=f"이웃 {n}", lon=127.05, lat=37.5)
    overdue = make_pin(category=category, text_shared=False, title="기한 지남", lon=127.08)
    overdue.expires_at = utcnow() - timedelta(days=1)
    make_pin(category=category, title="=SUM(A1)", description='줄\n바꿈, "따옴표" \\ 역슬래시')
    giver = make_user()
    make_pin(giver, kind=PinKind.OFFER, category=category, lon=126.99, lat=37.57)
    make_pin(
        giver,
        kind=PinKind.OFFER,
        category=other,
        organisation=make_organisation(representative=giver),
        lon=127.0,
        lat=37.55,
        title="-음수로 시작",
    )
    # Half past midnight in Seoul, the day before in UTC: the file says Seoul's day.
    late = make_pin(category=category, lon=127.03, lat=37.52)
    late.created_at = datetime(2026, 11, 2, 15, 30, tzinfo=UTC)
    placeless = make_pin(category=category, lon=129.0, lat=35.1)
    placeless.public_dong_id = placeless.public_gu_id = None  # as a pin from before the areas
    db.session.commit()


def _records_as_before(app) -> list[dict[str, object]]:
    """The records the export made from `public_pins()` before it read plain rows."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
    shown = pin_filter_conditions(parse_pin_filters(MultiDict()))  # the export's own filter
    pins = list(db.session.scalars(select(Pin).where(*shown).order_by(Pin.id)))
    records = []
    for pin, view in zip(pins, public_pins(pins), strict=True):
        dong, gu = pin.public_dong, pin.public_gu
        records.append(
            {
                "id": view.id,
                "kind": view.kind.value,
                "category": pin.category.slug,
                "category_name_ko": pin.category.name_ko,
                "category_name_en": pin.category.name_en,
                "status": view.status.value,
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
        )
    return records


def _geojson_as_before(records: list[dict[str, object]]) -> bytes:
    features = []
    for record in records:
        properties = {k: v for k, v in record.items() if k not in ("lon", "lat")}
        feature = {
            "type": "Feature",
            "id": record["id"],
            "geometry": {"type": "Point", "coordinates": [record["lon"], record["lat"]]},
            "properties": properties,
        }
        features.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    return ('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}").encode()


@pytest.mark.usefixtures("city")
def test_the_files_say_what_public_pins_says_byte_for_byte(app, client):
    records = _records_as_before(app)
    assert {r["text_withheld"] for r in records} == {True, False}  # both sides of the rule
    csv_file = client.get(f"/export/pins.csv?bbox={WORLD}", buffered=True).get_data()
    assert csv_file == "".join(csv_stream(COLUMNS, records)).encode()
    geojson_file = client.get(f"/export/pins.geojson?bbox={WORLD}", buffered=True).get_data()
    assert geojson_file == _geojson_as_before(records)
    assert b"\xed\x98\xbc\xec\x9e\x90" not in csv_file + geojson_file  # "혼자": withheld
    assert "2026-11-03" in {r["created"] for r in records}


@pytest.mark.usefixtures("city")
@pytest.mark.parametrize("path", ("/export/pins.csv", "/export/pins.geojson"))
def test_an_export_makes_no_pin_object(client, path):
    """The cost that bounded an export at a few thousand rows a second: an ORM object (and a
    public view) per pin. The file is written from the selected columns alone."""
    made: list[Pin] = []

    def loaded(pin, _context):
        made.append(pin)

    db.session.expunge_all()
    event.listen(Pin, "load", loaded)
    try:
        response = client.get(f"{path}?bbox={WORLD}", buffered=True)
    finally:
        event.remove(Pin, "load", loaded)
    assert response.status_code == 200
    assert b"=SUM(A1)" in response.get_data()  # rows were written
    assert made == []
