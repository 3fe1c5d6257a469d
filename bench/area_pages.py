"""Figures for a gu's and a dong's page (issue 13 item 8) with the real Seoul boundaries.

    .venv/bin/python bench/area_pages.py                      # SpatiaLite in a temporary folder
    .venv/bin/python bench/area_pages.py --pins 1000 20000    # pins spread over 종로구

Imports the real gu and dong files from /work/shared/data/seoul, bulk-loads N open, matched
and fulfilled needs and offers in 12 categories at random points in 종로구 (with their public
cells and areas), then times the pages in-process (Flask's test client): statements per page,
HTML bytes, the outline's bytes, and the median and 90th percentile of 30 requests. Prints
figures; nothing passes or fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent)]
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from shapely.geometry import Point  # noqa: E402
from sqlalchemy import event, insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.areas.models import Area  # noqa: E402
from app.areas.services import dong_and_gu_at  # noqa: E402
from app.categories.models import Category  # noqa: E402
from app.extensions import db  # noqa: E402
from app.geo import from_db_geometry, to_db_geometry  # noqa: E402
from app.pins.models import Pin, PinKind, PinStatus  # noqa: E402
from app.pins.privacy import public_location  # noqa: E402
from tests.areas.test_areas import DONG_FILE, DONG_OPTIONS, GU_FILE, GU_OPTIONS  # noqa: E402
from tests.conftest import SHARED_DATA, reset_and_migrate  # noqa: E402
from tests.factories import make_user  # noqa: E402

GU_CODE, DONG_CODE = "11110", "1111053000"  # 종로구, 사직동
STATUSES = [PinStatus.OPEN] * 5 + [PinStatus.MATCHED, PinStatus.FULFILLED, PinStatus.FULFILLED]
REQUESTS = 30


def load(n: int) -> None:
    rng = random.Random(n)
    categories = [
        Category(slug=f"c{i}", name_ko=f"분류{i}", name_en=f"Category {i}", kind="both")
        for i in range(12)
    ]
    db.session.add_all(categories)
    author = make_user()
    gu = db.session.scalars(select(Area).where(Area.code == GU_CODE)).one()
    shape = from_db_geometry(gu.geom)
    west, south, east, north = shape.bounds
    areas: dict[tuple[float, float], tuple[int | None, int | None]] = {}
    rows = []
    while len(rows) < n:
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        if not shape.contains(Point(lon, lat)):
            continue
        kind = rng.choice(list(PinKind))
        public_lon, public_lat, coarse = public_location(kind, None, lon, lat)
        if (public_lon, public_lat) not in areas:
            found = dong_and_gu_at(public_lon, public_lat)
            areas[(public_lon, public_lat)] = (
                found.dong.id if found.dong else None,
                found.gu.id if found.gu else None,
            )
        dong_id, gu_id = areas[(public_lon, public_lat)]
        rows.append(
            {
                "kind": kind,
                "status": rng.choice(STATUSES),
                "category_id": rng.choice(categories).id,
                "title": "벤치",
                "description": "",
                "location": to_db_geometry(Point(lon, lat)),
                "public_lon": public_lon,
                "public_lat": public_lat,
                "location_is_coarse": coarse,
                "dong_id": dong_id,
                "gu_id": gu_id,
                "public_dong_id": dong_id,
                "public_gu_id": gu_id,
                "author_id": author.id,
            }
        )
    db.session.execute(insert(Pin), rows)
    db.session.commit()


def measure(app, path: str) -> dict:
    client = app.test_client()
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
        html = client.get(path).get_data(as_text=True)
        event.remove(db.engine, "before_cursor_execute", count)
    config = re.search(r'id="area-map-config"[^>]*>(.*?)</script>', html, re.S)
    outline = json.loads(config.group(1))["outline"] if config else {}
    seconds = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(path)
        seconds.append(time.perf_counter() - start)
    seconds.sort()
    return {
        "statements": len(statements),
        "html_kb": round(len(html.encode()) / 1024, 1),
        "outline_kb": round(len(json.dumps(outline).encode()) / 1024, 1),
        "median_ms": round(statistics.median(seconds) * 1000, 1),
        "p90_ms": round(seconds[int(0.9 * len(seconds)) - 1] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pins", type=int, nargs="+", default=[1000, 20000])
    arguments = parser.parse_args()
    if not SHARED_DATA.is_dir():
        sys.exit(f"the real Seoul boundary files are not here ({SHARED_DATA})")
    for n in arguments.pins:
        with tempfile.TemporaryDirectory(prefix="hopemap-bench-areas-") as folder:
            url = f"sqlite:///{folder}/bench.sqlite"
            app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url})
            reset_and_migrate(app)
            runner = app.test_cli_runner()
            for file, options in ((GU_FILE, GU_OPTIONS), (DONG_FILE, DONG_OPTIONS)):
                runner.invoke(args=["areas", "import", str(SHARED_DATA / file), *options.split()])
            with app.app_context():
                load(n)
            for code in (GU_CODE, DONG_CODE):
                print(n, "pins", code, measure(app, f"/areas/{code}"), flush=True)
            with app.app_context():
                db.engine.dispose()


if __name__ == "__main__":
    main()
