"""Figures for the lists' keyword search (app/text_search.py): how long /pins takes with and
without `q` as the number of public pins grows. Prints a table; passes or fails nothing.

    SPATIALITE_LIBRARY_PATH=mod_spatialite .venv/bin/python bench/search_lists.py --pins 1000 5000

Each N gets a fresh SQLite+SpatiaLite file in a temporary folder (migrated as the tests do);
pins are made through the app's own service, half of them needs with their words withheld
(so every searched need runs the k-rule subquery).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.pins.models import PinKind  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402
from tests.factories import make_category, make_pin, make_user  # noqa: E402

QUERIES = ("", "coats", "연탄", "nothing-matches-this", "a b c d e f g h")
WORDS = ("winter coats", "연탄 나눔", "rice and kimchi", "heating oil", "school books")


def load(pins: int) -> None:
    categories = [make_category() for _ in range(12)]
    authors = [make_user() for _ in range(50)]
    for n in range(pins):
        kind = PinKind.NEED if n % 2 else PinKind.OFFER
        make_pin(
            authors[n % len(authors)],
            kind=kind,
            category=categories[n % len(categories)],
            lon=126.80 + (n * 7919 % 3800) / 10_000,
            lat=37.43 + (n * 104729 % 2700) / 10_000,
            title=f"{WORDS[n % len(WORDS)]} {n}",
            description="",
            text_shared=(n % 4 == 1),
        )
    db.session.commit()


def measure(client, path: str, repeats: int) -> float:
    client.get(path)  # warm
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pins", type=int, nargs="+", default=[1000])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print(f"{'pins':>7} | " + " | ".join(f"q={q!r:<24}" for q in QUERIES) + "  (median ms)")
    for pins in args.pins:
        with tempfile.TemporaryDirectory(prefix="hopemap-bench-") as folder:
            app = create_app(
                "testing",
                overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"},
            )
            reset_and_migrate(app)
            with app.app_context():
                load(pins)
            client = app.test_client()
            figures = [measure(client, f"/pins?q={q}&status=active", args.repeats) for q in QUERIES]
            print(f"{pins:>7} | " + " | ".join(f"{ms:>26.1f}" for ms in figures))


if __name__ == "__main__":
    main()
