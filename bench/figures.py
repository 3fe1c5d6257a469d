"""Figures for /figures: how long the two discoveries queries, the suppression and the whole
page take for a gu with many dongs and a year of reports, on SpatiaLite in a temporary folder.

    .venv/bin/python bench/figures.py                  # 20 dongs, 5,000 reports
    .venv/bin/python bench/figures.py --dongs 30 --reports 20000

Prints seconds (median of five) and how many cells were hidden; nothing passes or fails.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from app import create_app  # noqa: E402
from app.areas.models import AreaLevel  # noqa: E402
from app.clock import from_seoul, seoul_today  # noqa: E402
from app.extensions import db  # noqa: E402
from app.figures.discoveries import by_dong, by_reporter  # noqa: E402
from app.figures.suppression import suppress  # noqa: E402
from app.reports.models import ReportAbout, ReportChannel  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402
from tests.factories import make_area  # noqa: E402
from tests.figures.factories import make_report  # noqa: E402


def median_seconds(action, times: int = 5) -> float:
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dongs", type=int, default=20)
    parser.add_argument("--reports", type=int, default=5000)
    options = parser.parse_args()
    chance = random.Random(14)
    year = seoul_today().year
    with tempfile.TemporaryDirectory(prefix="hopemap-bench-figures-") as folder:
        app = create_app(
            "testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"}
        )
        reset_and_migrate(app)
        with app.app_context():
            gu = make_area(level=AreaLevel.GU)
            dongs = [make_area(parent=gu) for _ in range(options.dongs)]
            start = from_seoul(datetime(year, 1, 1))
            started = time.perf_counter()
            for _ in range(options.reports):
                # Skewed: a few dongs get most reports, so small cells exist to hide.
                make_report(
                    dongs[min(int(chance.expovariate(0.25)), options.dongs - 1)],
                    start + timedelta(minutes=chance.randrange(365 * 24 * 60)),
                    about=chance.choice(list(ReportAbout)),
                    channel=chance.choice(list(ReportChannel)),
                    from_sharing_neighbour=chance.random() < 0.1,
                )
            db.session.commit()
            print(
                f"seeded {options.reports} reports in {options.dongs} dongs: "
                f"{time.perf_counter() - started:.1f} s"
            )
            dong_table = by_dong(gu, year)
            published = suppress(dong_table.matrix())
            small = sum(1 for row in dong_table.matrix() for v in row if 0 < v < 5)
            hidden = sum(1 for row in published.cells for v in row if v is None)
            print(f"dong x month: {small} cells of 1-4, {hidden} cells hidden in all")
            print(f"query by dong: {median_seconds(lambda: by_dong(gu, year)):.4f} s")
            print(f"query by reporter: {median_seconds(lambda: by_reporter(gu, year)):.4f} s")
            matrix = dong_table.matrix()
            print(
                f"suppression of {len(matrix)}x12: {median_seconds(lambda: suppress(matrix)):.4f} s"
            )
            client = app.test_client()
            page = f"/figures?gu={gu.code}&year={year}"
            print(f"GET /figures: {median_seconds(lambda: client.get(page)):.4f} s")


if __name__ == "__main__":
    main()
