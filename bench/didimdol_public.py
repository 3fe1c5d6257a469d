"""Figures for Didimdol's public pages: the donor directory's queries and the public ledger's
(redemptions by gu and month, suppressed), with many donors and a year of redemptions, on
SpatiaLite in a temporary folder.

    .venv/bin/python bench/didimdol_public.py                     # 25 gus, 500 donors, 5,000
    .venv/bin/python bench/didimdol_public.py --donors 2000 --redemptions 20000

Prints seconds (median of five) and how many SQL statements the directory ran; nothing passes
or fails.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from sqlalchemy import event  # noqa: E402

from app import create_app  # noqa: E402
from app.areas.models import AreaLevel  # noqa: E402
from app.clock import from_seoul, seoul_today  # noqa: E402
from app.didimdol.directory import listed_donors  # noqa: E402
from app.didimdol.models import DonationRecord, PledgeKind  # noqa: E402
from app.didimdol.public_ledger import redemptions  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402
from tests.didimdol.world import build_world, issue, make_enrolment, make_pledge  # noqa: E402
from tests.factories import make_area  # noqa: E402


def median_seconds(action, times: int = 5) -> float:
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gus", type=int, default=25)
    parser.add_argument("--donors", type=int, default=500)
    parser.add_argument("--redemptions", type=int, default=5000)
    options = parser.parse_args()
    chance = random.Random(15)
    year = seoul_today().year
    with tempfile.TemporaryDirectory(prefix="hopemap-bench-didimdol-") as folder:
        app = create_app(
            "testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"}
        )
        reset_and_migrate(app)
        with app.app_context(), app.test_request_context():
            world = build_world()
            voucher = issue(world).voucher
            dongs = [make_area(parent=make_area(level=AreaLevel.GU)) for _ in range(options.gus)]
            pledges = []
            for _ in range(options.donors):
                dong = chance.choice(dongs)
                enrolment = make_enrolment(None, area=dong)
                pledges += [
                    make_pledge(enrolment, world.category, dong, kind=PledgeKind.GOODS)
                    for _ in range(2)
                ]
            for _ in range(options.redemptions):
                pledge = chance.choice(pledges)
                at = from_seoul(datetime(year, chance.randint(1, 12), chance.randint(1, 28), 12))
                db.session.add(
                    DonationRecord(
                        at=at,
                        enrolment_id=pledge.enrolment_id,
                        pledge_id=pledge.id,
                        voucher_id=voucher.id,
                        kind=pledge.kind,
                        units=1,
                        unit_value=pledge.unit_value,
                        value=pledge.unit_value,
                    )
                )
            db.session.commit()

            statements: list[str] = []

            def count(_conn, _cursor, statement, *_rest) -> None:
                statements.append(statement)

            event.listen(db.engine, "before_cursor_execute", count)
            listed = listed_donors()
            event.remove(db.engine, "before_cursor_execute", count)
            print(f"directory: {len(listed)} donors listed in {len(statements)} SQL statements")
            print(f"directory: {median_seconds(listed_donors):.3f} s")
            table = redemptions(year)
            hidden = sum(v is None for row in table.counts.cells for v in row)
            print(
                f"ledger: {median_seconds(lambda: redemptions(year)):.3f} s, {hidden} cells hidden"
            )


if __name__ == "__main__":
    main()
