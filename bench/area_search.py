"""Figures for the place finder's search (/api/areas/search) and the served extent that every
map page now computes, over a city's worth of areas (25 gu, 425 dong: Seoul's counts).

    .venv/bin/python bench/area_search.py            # SpatiaLite in a temporary folder

Prints milliseconds per request (median of many); nothing passes or fails.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from shapely.geometry import MultiPolygon, box  # noqa: E402

from app import create_app  # noqa: E402
from app.areas.models import Area, AreaLevel  # noqa: E402
from app.extensions import db  # noqa: E402
from app.geo import to_db_geometry  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402

GU, DONG_PER_GU, REPEATS = 25, 17, 200


def load_areas() -> None:
    for g in range(GU):
        x, y = 126.8 + (g % 5) * 0.08, 37.45 + (g // 5) * 0.06
        gu = Area(
            code=f"B{g:03d}",
            level=AreaLevel.GU,
            name_ko=f"시험{g}구",
            name_en=f"Test{g}-gu",
            geom=to_db_geometry(MultiPolygon([box(x, y, x + 0.08, y + 0.06)])),
        )
        db.session.add(gu)
        for d in range(DONG_PER_GU):
            dx = x + (d % 4) * 0.02
            dy = y + (d // 4) * 0.012
            db.session.add(
                Area(
                    code=f"B{g:03d}{d:03d}",
                    level=AreaLevel.DONG,
                    name_ko=f"역삼{g}-{d}동",
                    name_en=f"Yeoksam {g}-{d}-dong",
                    parent=gu,
                    geom=to_db_geometry(MultiPolygon([box(dx, dy, dx + 0.02, dy + 0.012)])),
                )
            )
    db.session.commit()


def median_ms(client, path: str) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hopemap-bench-search-") as folder:
        app = create_app(
            "testing",
            overrides={
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                "RATELIMIT_ENABLED": False,
            },
        )
        reset_and_migrate(app)
        with app.app_context():
            load_areas()
        client = app.test_client()
        for label, path in [
            ("search '역삼' (10 of 425 matches)", "/api/areas/search?q=역삼"),
            ("search 'yeoksam 3-1' (English)", "/api/areas/search?q=yeoksam%203-1"),
            ("search 'nothing'", "/api/areas/search?q=nothing"),
            ("map page (with the served extent)", "/map"),
        ]:
            print(f"{label:40} {median_ms(client, path):7.2f} ms (median of {REPEATS})")


if __name__ == "__main__":
    main()
