"""The operator's measurement of issue 11, item 2: the same form post sent many times at once.

One person signs in (a real session cookie and CSRF token, from the pages), draws the form
once (one submission key), then sends exactly the same body `--copies` times, `--at-once` in
parallel, to gunicorn in the production profile. Forms: a need, an idea, a comment. Then
`--rounds` rounds of `--proposals` simultaneous "propose a match" for one need and offer.
Prints, per form, the rows saved and the answers' status codes; nothing passes or fails.

    .venv/bin/python bench/resubmit.py --database-url postgresql://…/hopemap_bench
    .venv/bin/python bench/resubmit.py --database-url sqlite:////tmp/hopemap_bench.sqlite

THE DATABASE IS WIPED: its name must contain "bench".
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR)]

from flask_migrate import upgrade  # noqa: E402
from server import Server, ServerConfig  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.services import register_user  # noqa: E402
from app.config import PROJECT_ROOT  # noqa: E402
from app.extensions import db  # noqa: E402

PASSWORD = "resubmission bench passphrase"  # noqa: S105 - a throwaway bench account


def prepare(database_url: str) -> dict:
    app = create_app("development", overrides={"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        from app.categories.models import Category, CategoryKind
        from app.ideas.citizens.services import IdeaDetails, submit_idea
        from app.pins.models import PinKind
        from app.pins.services import PinDetails, create_pin

        person = register_user("bench@example.org", "Bench", PASSWORD, "en")
        helper = register_user("helper@example.org", "Helper", PASSWORD, "en")
        category = Category(
            slug="heating", name_ko="난방", name_en="Heating", kind=CategoryKind.BOTH
        )
        db.session.add(category)
        db.session.flush()
        idea = submit_idea(helper, IdeaDetails("Warm rooms", "Open them on Sundays.", category))

        def pin(author, kind):
            details = PinDetails(
                kind=kind,
                category=category,
                title="Briquettes",
                description="200 briquettes",
                lon=126.9779,
                lat=37.5663,
            )
            return create_pin(author, details)

        need, offer = pin(person, PinKind.NEED), pin(helper, PinKind.OFFER)
        db.session.commit()
        ids = {"category": category.id, "idea": idea.id, "need": need.id, "offer": offer.id}
        db.session.remove()
        db.engine.dispose()
    return ids


class Browser:
    """One signed-in person's cookie jar, shared by every copy (as a replaying script does)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text_body = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, text_body

    def hidden(self, page: str, name: str) -> str:
        found = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', page)
        if not found:
            found = re.search(rf'name="{re.escape(name)}" value="([^"]+)"', page)
        assert found, f"no {name} on the page"
        return found.group(1)


def send_copies(browser: Browser, path: str, form: dict, copies: int, at_once: int) -> Counter:
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        answers = pool.map(lambda _: browser.request("POST", path, form)[0], range(copies))
        return Counter(answers)


def count(app, model, **where) -> int:
    with app.app_context():
        statement = select(func.count()).select_from(model)
        for column, value in where.items():
            statement = statement.where(getattr(model, column) == value)
        total = db.session.scalar(statement) or 0
        db.session.remove()
        return total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="WIPED: its name contains 'bench'")
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--at-once", type=int, default=50)
    parser.add_argument("--proposals", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if "bench" not in args.database_url.rsplit("/", 1)[-1]:
        parser.error("refusing to wipe a database whose name does not contain 'bench'")
    # The posting limit would answer most copies 429 before they reach the form's code.
    os.environ["POSTING_RATE_LIMIT"] = "100000 per minute"
    ids = prepare(args.database_url)
    app = create_app("development", overrides={"SQLALCHEMY_DATABASE_URI": args.database_url})
    from app.ideas.models import Idea, IdeaComment
    from app.matching.models import Match
    from app.pins.models import Pin

    log = Path(tempfile.gettempdir()) / "hopemap-bench-resubmit.log"
    server = Server(args.database_url, ServerConfig(), log)
    server.start()
    try:
        browser = Browser(server.port)
        status, page = browser.request("GET", "/login")
        token = browser.hidden(page, "csrf_token")
        email = {"email": "bench@example.org", "password": PASSWORD, "csrf_token": token}
        assert browser.request("POST", "/login", email)[0] == 302
        forms = {
            "need": (
                "/pins/new?kind=need",
                "submission_key",
                Pin,
                {
                    "category": ids["category"],
                    "title": "Coal briquettes for winter",
                    "description": "200 briquettes before December.",
                    "longitude": "126.98",
                    "latitude": "37.57",
                    "quantity": "200",
                    "for_whom": "me",
                },
            ),
            "idea": (
                "/ideas/new",
                "submission_key",
                Idea,
                {
                    "title": "Longer shelter hours",
                    "body": "Open until 9 pm.",
                    "category": ids["category"],
                    "area": "",
                },
            ),
            "comment": (
                f"/ideas/{ids['idea']}",
                "new-comment-submission_key",
                IdeaComment,
                {
                    "new-comment-body": "Our dong needs this too.",
                },
            ),
        }
        print(
            f"{args.copies} copies, {args.at_once} at once, {server.config.describe()}, "
            f"{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}"
        )
        for name, (page_path, key_name, model, fields) in forms.items():
            before = count(app, model)
            status, page = browser.request("GET", page_path)
            form = {
                **fields,
                "csrf_token": browser.hidden(page, "csrf_token"),
                key_name: browser.hidden(page, key_name),
            }
            post_path = f"/ideas/{ids['idea']}/comments" if name == "comment" else page_path
            started = time.perf_counter()
            statuses = send_copies(browser, post_path, form, args.copies, args.at_once)
            took = time.perf_counter() - started
            saved = count(app, model) - before
            print(f"  {name:8} rows saved {saved:5}  answers {dict(statuses)}  ({took:.1f} s)")
        status, page = browser.request("GET", f"/pins/{ids['need']}")
        token = browser.hidden(page, "csrf_token")
        propose = {
            "need_id": ids["need"],
            "offer_id": ids["offer"],
            "next": "/matches",
            "csrf_token": token,
        }
        for round_number in range(1, args.rounds + 1):
            statuses = send_copies(browser, "/matches", propose, args.proposals, args.proposals)
            matches = count(app, Match, need_id=ids["need"], offer_id=ids["offer"])
            print(f"  match round {round_number}: matches {matches}  answers {dict(statuses)}")
            with app.app_context():  # cancel it, so that the next round proposes afresh
                db.session.execute(text("DELETE FROM matches"))
                db.session.commit()
                db.session.remove()
    finally:
        server.stop()
    print(f"server log: {log}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
