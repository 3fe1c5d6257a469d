"""Figures for app.consents.services.has_consent, which a later welfare feature calls on every
view or action of a person's record: milliseconds per check (median of many) over a table of
100,000 consent records for 20,000 subjects, where the subject has 0 or 5 rows.

    .venv/bin/python bench/consent_checks.py            # SpatiaLite in a temporary folder

Prints figures; nothing passes or fails.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from sqlalchemy import insert  # noqa: E402

from app import create_app  # noqa: E402
from app.clock import utcnow  # noqa: E402
from app.consents.models import ConsentPurpose, ConsentRecord  # noqa: E402
from app.consents.services import has_consent  # noqa: E402
from app.consents.subjects import Subject  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402

SUBJECTS, PER_SUBJECT, REPEATS = 20_000, 5, 2_000
PURPOSES = list(ConsentPurpose)


def load() -> None:
    given = date.today() - timedelta(days=10)
    rows = [
        {
            "subject_kind": "report",
            "subject_id": subject,
            "purpose": ConsentPurpose.COLLECTION_AND_USE if n < 2 else PURPOSES[n % 4],
            "recipient_organisation_id": None,
            "notice_version": "2026-12",
            "method": "signed_paper",
            "guardian_relationship": "",
            "given_on": given,
            "recorded_at": utcnow(),
            "legal_basis_note": "",
            "withdrawn_at": utcnow() if n == 0 else None,  # one withdrawn, one valid
        }
        for subject in range(1, SUBJECTS + 1)
        for n in range(PER_SUBJECT)
        if PURPOSES[n % 4] != ConsentPurpose.PROVISION_TO_ORGANISATION or n < 2
    ]
    db.session.execute(insert(ConsentRecord), rows)
    db.session.commit()
    print(f"{len(rows):,} consent records for {SUBJECTS:,} subjects")


def median_ms(check) -> float:
    times = []
    for i in range(REPEATS):
        start = time.perf_counter()
        check(i)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url})
        reset_and_migrate(app)
        with app.app_context():
            load()
            purpose = ConsentPurpose.COLLECTION_AND_USE
            held = median_ms(lambda i: has_consent(Subject("report", i % SUBJECTS + 1), purpose))
            none = median_ms(lambda i: has_consent(Subject("visit", i % SUBJECTS + 1), purpose))
            print(f"has_consent, a subject with rows (one withdrawn, one valid): {held:.3f} ms")
            print(f"has_consent, a subject without any row:                     {none:.3f} ms")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
