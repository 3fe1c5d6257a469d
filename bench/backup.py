"""Figures for `flask backup create` and `flask backup restore` on the demo data.

    .venv/bin/python bench/backup.py                       # SpatiaLite in a temporary folder
    .venv/bin/python bench/backup.py --database-url postgresql://u:p@127.0.0.1:5433/hopemap_bench
    .venv/bin/python bench/backup.py --extra-pins 100000   # copies of the demo's pins as well

The PostGIS database is WIPED (schema public dropped): the name must contain `bench`.
Prints seconds and sizes; nothing passes or fails.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402

PIN_COLUMNS = (
    "kind, status, category_id, title, description, location, public_lon, public_lat, "
    "location_is_coarse, dong_id, gu_id, author_id, organisation_id, quantity, "
    "available_from, available_until, photo, expires_at, created_at, updated_at"
)

# Constant column names, no input: copies of the demo's pins (the cluster counts stay behind).
COPY_PINS = text(
    f"INSERT INTO pins ({PIN_COLUMNS}) SELECT {PIN_COLUMNS} FROM pins LIMIT :limit"  # noqa: S608
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--extra-pins", type=int, default=0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hopemap-bench-backup-") as folder:
        url = options.database_url or f"sqlite:///{folder}/bench.sqlite"
        if not url.startswith("sqlite") and "bench" not in url.rsplit("/", 1)[-1]:
            sys.exit("The database name must contain 'bench' (it is wiped).")
        app = create_app(
            "testing",
            overrides={"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": f"{folder}/uploads"},
        )
        reset_and_migrate(app)
        runner = app.test_cli_runner()
        loaded = runner.invoke(args=["demo", "load"])
        assert loaded.exit_code == 0, loaded.output
        with app.app_context(), db.engine.begin() as connection:
            while options.extra_pins > 0:
                batch = connection.execute(
                    COPY_PINS,
                    {"limit": options.extra_pins},
                ).rowcount
                options.extra_pins -= batch
            pins = connection.execute(text("SELECT count(*) FROM pins")).scalar()
        archive = Path(folder) / "bench.tar.gz"
        started = time.perf_counter()
        made = runner.invoke(args=["backup", "create", "--output", str(archive)])
        created = time.perf_counter() - started
        assert made.exit_code == 0, made.output
        started = time.perf_counter()
        restored = runner.invoke(args=["backup", "restore", str(archive), "--yes"])
        restore_seconds = time.perf_counter() - started
        assert restored.exit_code == 0, restored.output
        with app.app_context():
            kind = db.engine.dialect.name
            db.engine.dispose()
        print(f"database            {kind}, {pins} pins")
        print(f"backup create       {created:.2f} s")
        print(f"archive size        {archive.stat().st_size / 1024:.0f} KiB")
        print(f"backup restore      {restore_seconds:.2f} s (checks, restores, recounts)")


if __name__ == "__main__":
    main()
