"""Figures for the daily alert (app.alerts.digest.send_daily_digests): how long one run takes
for many subscriptions and a day's new pins, on SpatiaLite in a temporary folder.

    .venv/bin/python bench/alert_digest.py            # 200 people x 10 alerts, 500 pins
    .venv/bin/python bench/alert_digest.py --people 1000 --pins 2000

Prints seconds and counts; nothing passes or fails.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

from app import create_app  # noqa: E402
from app.alerts.digest import send_daily_digests  # noqa: E402
from app.alerts.models import AlertSubscription  # noqa: E402
from app.clock import utcnow  # noqa: E402
from app.extensions import db  # noqa: E402
from app.pins.models import PinKind  # noqa: E402
from tests.alerts.factories import EAST, WEST, make_places, middle  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402
from tests.factories import make_pin, make_user  # noqa: E402

ALERTS_PER_PERSON = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--pins", type=int, default=500)
    options = parser.parse_args()
    chance = random.Random(13)
    with tempfile.TemporaryDirectory(prefix="hopemap-bench-alerts-") as folder:
        app = create_app(
            "testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"}
        )
        reset_and_migrate(app)
        with app.app_context():
            places = make_places()
            areas = [places.gu, places.west, places.east]
            categories = [places.food, places.heating]
            for _ in range(options.people):
                person = make_user()
                for _ in range(ALERTS_PER_PERSON):
                    alert = AlertSubscription(
                        user=person,
                        needs=True,
                        offers=chance.random() < 0.5,
                        areas=[chance.choice(areas)],
                        categories=chance.sample(categories, chance.randint(0, 1)),
                    )
                    db.session.add(alert)
            authors = [make_user() for _ in range(20)]
            for _ in range(options.pins):
                bounds = chance.choice([WEST, EAST])
                make_pin(
                    author=chance.choice(authors),
                    kind=chance.choice([PinKind.NEED, PinKind.OFFER]),
                    category=chance.choice(categories),
                    **middle(bounds),
                )
            db.session.commit()

            started = time.perf_counter()
            run = send_daily_digests(utcnow() + timedelta(hours=1))
            db.session.commit()
            seconds = time.perf_counter() - started
        print(
            f"{options.people * ALERTS_PER_PERSON} alerts of {options.people} people, "
            f"{options.pins} new pins: {run.notifications} notifications in {seconds:.2f} s"
        )


if __name__ == "__main__":
    main()
