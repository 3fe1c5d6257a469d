"""The morning's digests: how long the periodic job takes to claim every held notification,
and how long the worker then takes to send one email a person.

On a fresh SpatiaLite file (migrated), `--people` people each get `--per-person` notifications
held for the digest; a real SMTP server on 127.0.0.1 (tests/smtp.py) receives the emails; the
jobs run inline, one after the other (one worker thread). Prints the figures; checks nothing.

    .venv/bin/python bench/digest.py --people 500 --per-person 4
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--per-person", type=int, default=4)
    return parser.parse_args(argv)


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.notifications.models import Delivery, NotificationKind
    from app.notifications.preferences import save_choices
    from app.notifications.services import notify
    from app.notifications.tasks import send_daily_digests
    from bench import server as bench_server
    from tests.factories import make_user
    from tests.smtp import SMTPServer

    folder = Path(tempfile.mkdtemp(prefix="digest-bench-"))
    app = create_app(
        "development",
        overrides={
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "JOBS_URL": "memory://",
        },
    )
    mail = SMTPServer()
    mail.start()
    mail.configure(app)
    try:
        with app.app_context():
            upgrade(directory=str(bench_server.PROJECT_ROOT / "migrations"))
            for _ in range(arguments.people):
                person = make_user()
                save_choices(person, {"match_steps": Delivery.DAILY_DIGEST})
                for number in range(arguments.per_person):
                    notify(
                        person,
                        NotificationKind.MATCH_ACCEPTED,
                        link=f"/matches/{number}",
                        subject=f"Step {number}",
                        body="Something happened to your match.",
                    )
            db.session.commit()
            queue = app.extensions["jobs"]

            started = time.perf_counter()
            send_daily_digests()  # claims the held notifications, enqueues one job a person
            claimed = time.perf_counter() - started
            waiting = queue.huey.pending_count()
            started = time.perf_counter()
            queue.run_pending(limit=waiting + 1)
            sent = time.perf_counter() - started
            again = time.perf_counter()
            send_daily_digests()
            rerun = time.perf_counter() - again
            print(
                f"people={arguments.people} notifications={arguments.people * arguments.per_person}"
            )
            print(f"claim (periodic job): {claimed * 1000:8.1f} ms, jobs enqueued: {waiting}")
            print(f"send (worker, inline): {sent:8.2f} s, emails received: {len(mail.messages)}")
            print(f"per email: {sent / max(len(mail.messages), 1) * 1000:8.1f} ms")
            print(
                f"rerun of the periodic job: {rerun * 1000:8.1f} ms, jobs enqueued: "
                f"{queue.huey.pending_count()}"
            )
    finally:
        mail.stop()


if __name__ == "__main__":
    main()
