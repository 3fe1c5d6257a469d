"""How long /password/forgot takes to answer for an address with an account and without one.

The answer must not tell the two apart; this prints the figures (median, quartiles) so that a
person can judge. SpatiaLite in a temporary file, a real SMTP server on 127.0.0.1
(tests/smtp.py), the Flask test client (no network between client and app); the email is a
background job, queued after the commit as in production. Alternates the two kinds of post
so that drift of the machine hits both alike.

    SPATIALITE_LIBRARY_PATH=mod_spatialite .venv/bin/python bench/password_reset_timing.py
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
from app.accounts.services import register_user  # noqa: E402
from app.extensions import db  # noqa: E402
from tests.conftest import reset_and_migrate  # noqa: E402
from tests.smtp import SMTPServer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100, help="posts of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hopemap-bench-") as folder:
        app = create_app(
            "testing",
            overrides={
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'bench.sqlite'}",
                "JOBS_URL": f"sqlite:///{Path(folder) / 'jobs.sqlite'}",
                "RATELIMIT_ENABLED": False,
            },
        )
        reset_and_migrate(app)
        mail = SMTPServer()
        mail.start()
        mail.configure(app)
        try:
            with app.app_context():
                register_user("owner@example.org", "Owner", "an owner's long passphrase")
                db.session.commit()
            times: dict[str, list[float]] = {"no account": [], "existing account": []}
            client = app.test_client()
            for i in range(args.posts):
                for kind, email in (
                    ("no account", f"nobody{i}@example.org"),
                    ("existing account", "owner@example.org"),
                ):
                    started = time.perf_counter()
                    response = client.post("/password/forgot", data={"email": email})
                    times[kind].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 302, response.status_code
        finally:
            mail.stop()
        print(f"/password/forgot, {args.posts} posts of each kind (emails are queued jobs)")
        print(f"{'':18} {'median ms':>10} {'p25':>8} {'p75':>8} {'min':>8} {'max':>8}")
        for kind, values in times.items():
            q1, median, q3 = statistics.quantiles(values, n=4)
            print(
                f"{kind:18} {median:10.1f} {q1:8.1f} {q3:8.1f} {min(values):8.1f} "
                f"{max(values):8.1f}"
            )


if __name__ == "__main__":
    main()
