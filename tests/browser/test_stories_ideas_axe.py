"""axe-core on every page of success stories and citizens' ideas, with the demo set loaded, as
each kind of visitor and in both languages. The journeys check the pages on their paths; this
sweep covers the rest: campaigns, the moderation queue in each state, the log, the moderator's
edit, reported comments, the inbox filtered, departments, a person's own lists.

The demo set needs an empty database, so this module has a server of its own (a third
database beside the tests' and the journeys')."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from werkzeug.serving import make_server

from app import create_app
from app.accounts.models import User
from app.demo.services import load_demo
from app.extensions import db
from app.ideas.models import Department, Idea, IdeaStatus
from app.stories.models import Story, StoryCampaign, StoryStatus
from tests.conftest import _test_database_url, reset_and_migrate

LANGUAGES = ("ko", "en")
# The server commits for real: no test transaction around it (tests/conftest.py).
pytestmark = pytest.mark.own_app


def _first(statement) -> int:
    found = db.session.scalars(statement.limit(1)).first()
    assert found is not None, str(statement)
    return found.id


def _demo_ids() -> dict[str, int]:
    resident = db.session.scalars(select(User).where(User.email.like("resident@%"))).one()
    return {
        "published": _first(select(Story).where(Story.status == StoryStatus.PUBLISHED)),
        "pending": _first(select(Story).where(Story.status == StoryStatus.PENDING)),
        "campaign": _first(select(StoryCampaign)),
        "answered": _first(select(Idea).where(Idea.status == IdeaStatus.ANSWERED)),
        "received": _first(select(Idea).where(Idea.status == IdeaStatus.RECEIVED)),
        "department": _first(select(Department)),
        "own idea": _first(select(Idea).where(Idea.author_id == resident.id)),
    }


@pytest.fixture(scope="module")
def demo_site(tmp_dir):
    app = create_app(
        "testing",
        overrides={
            "SQLALCHEMY_DATABASE_URI": _test_database_url(tmp_dir, suffix="_demo"),
            "UPLOAD_FOLDER": str(tmp_dir / "uploads_demo"),
            "WTF_CSRF_ENABLED": True,
            "LOGIN_RATE_LIMIT": "1000 per minute",
        },
    )
    reset_and_migrate(app)
    with app.app_context():
        accounts = load_demo()
        db.session.commit()
        ids = _demo_ids()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield SimpleNamespace(
        url=f"http://127.0.0.1:{server.server_port}", passwords=accounts.passwords, ids=ids
    )
    server.shutdown()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def pages_of(who: str, ids: dict[str, int]) -> list[str]:
    public = [
        "/",
        "/stories",
        f"/stories/{ids['published']}",
        "/stories/campaigns",
        f"/stories/campaigns/{ids['campaign']}",
        "/ideas",
        "/ideas?sort=supported&status=answered",
        f"/ideas/{ids['answered']}",
        f"/ideas/{ids['received']}",
        "/ideas/accountability",
    ]
    return {
        "anonymous": public,
        "resident": [
            "/stories/new",
            "/my/stories",
            "/ideas/new",
            "/my/ideas",
            f"/ideas/{ids['answered']}",  # with the support, comment and report forms
            f"/ideas/{ids['own idea']}",
            "/notifications",
        ],
        "moderator": [
            "/moderation/stories",
            *(f"/moderation/stories?status={s}" for s in ("published", "rejected", "hidden")),
            f"/moderation/stories/{ids['pending']}",
            f"/moderation/stories/{ids['published']}",
            f"/moderation/stories/{ids['published']}/edit",
            "/moderation/log",
            "/moderation/campaigns/new",
            f"/moderation/campaigns/{ids['campaign']}/edit",
            f"/stories/campaigns/{ids['campaign']}",  # with the winner buttons
            "/moderation/comments",
        ],
        "staff.jongno": [
            "/staff/ideas",
            "/staff/ideas?overdue=1",
            "/staff/ideas?sort=due&assignee=me",
            f"/staff/ideas/{ids['received']}",
            f"/staff/ideas/{ids['answered']}",
            f"/staff/ideas/{ids['received']}/answer",
        ],
        "admin": ["/admin", "/admin/departments", f"/admin/departments/{ids['department']}"],
    }[who]


def log_in(page: Page, demo_site, who: str) -> None:
    email = next(e for e in demo_site.passwords if e.split("@")[0] == who)
    page.goto(f"{demo_site.url}/login")
    page.fill("#email", email)
    page.fill("#password", demo_site.passwords[email])
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()


@pytest.mark.parametrize("who", ["anonymous", "resident", "moderator", "staff.jongno", "admin"])
def test_every_story_and_idea_page_passes_axe(page: Page, demo_site, check_accessibility, who):
    if who != "anonymous":
        log_in(page, demo_site, who)
    for language in LANGUAGES:
        for path in pages_of(who, demo_site.ids):
            joiner = "&" if "?" in path else "?"
            response = page.goto(f"{demo_site.url}{path}{joiner}lang={language}")
            assert response is not None and response.status == 200, (who, path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            check_accessibility(f"{path} as {who} ({language})")
