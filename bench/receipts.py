"""Year-end receipts for many donors: how long issuing every donor's documents of a year takes
(one action, as the donee's page does it) and how long and how large one receipt PDF is, on
SpatiaLite in a temporary folder.

    .venv/bin/python bench/receipts.py                 # 200 donors, 5 redemptions each
    .venv/bin/python bench/receipts.py --donors 1000

Prints seconds and bytes; nothing passes or fails.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from app import create_app  # noqa: E402
from app.didimdol.ledger import record_donation  # noqa: E402
from app.didimdol.models import PledgeKind  # noqa: E402
from app.didimdol.receipt_pdf import document_pdf  # noqa: E402
from app.didimdol.receipts import issue_all  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402
from tests.didimdol.receipts_world import build_receipts_world  # noqa: E402
from tests.didimdol.world import issue, make_enrolment, make_pledge  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--donors", type=int, default=200)
    parser.add_argument("--redemptions", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            "testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"}
        )
        reset_and_migrate(app)
        with app.app_context(), app.test_request_context():
            rw = build_receipts_world(app)
            when = datetime(2026, 5, 1, 3, tzinfo=UTC)
            rw.world.facility.monthly_quota = 10**7  # a bench, not the quota under test
            for _ in range(options.donors):
                donor = make_enrolment(None)
                rice = make_pledge(
                    donor,
                    rw.world.category,
                    rw.world.dong,
                    kind=PledgeKind.GOODS,
                    monthly_capacity=options.redemptions,
                )
                for _ in range(options.redemptions):
                    record_donation(issue(rw.world, now=when, pledge=rice).voucher, rice, when)
            db.session.commit()
            started = time.perf_counter()
            documents = issue_all(2026, rw.world.people["programme_officer"])  # type: ignore[arg-type]
            db.session.commit()
            issuing = time.perf_counter() - started
            seconds, sizes = [], []
            for document in documents[:20]:
                started = time.perf_counter()
                sizes.append(len(document_pdf(document)))
                seconds.append(time.perf_counter() - started)
        print(f"donors: {options.donors}, redemptions each: {options.redemptions}")
        print(
            f"issue every donor's documents of the year: {issuing:.2f} s, {len(documents)} issued"
        )
        pdf_ms = statistics.median(seconds) * 1000
        print(
            f"one receipt PDF: {pdf_ms:.0f} ms, {statistics.median(sizes):,.0f} bytes"
            f" (median of {len(sizes)}; the Korean font is read and subset each time)"
        )


if __name__ == "__main__":
    main()
