"""A double click on a form's button sends it once (app/static/js/submit-once.js).

The browser is watched, not the server: the server would answer a second copy with the first
result anyway (app/submissions.py), so the count that matters here is the POSTs that left the
browser. The button keeps its name while it waits, and works again after Back.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect
from sqlalchemy import func, select

from app.accounts.services import register_user
from app.extensions import db
from app.ideas.models import Idea
from tests.factories import make_category

PASSWORD = "double click passphrase"


def test_a_double_click_posts_the_form_once(page: Page, live_server, in_live_db):
    person_id = in_live_db(
        lambda: register_user("double.click@example.org", "Double Click", PASSWORD, "en").id
    )
    category_id = in_live_db(lambda: make_category(name_en="Double-click heating").id)
    page.goto(live_server("/login?lang=en"))
    page.fill("#email", "double.click@example.org")
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()

    page.goto(live_server("/ideas/new"))
    page.fill("#title", "Warm rooms open on Sundays")
    page.fill("#body", "Community centres could open a warm room on Sundays in winter.")
    page.select_option("#category", str(category_id))
    posts: list[str] = []
    page.on("request", lambda sent: posts.append(sent.url) if sent.method == "POST" else None)
    # The server is slow today: the first POST is held until the second click has had its
    # chance, as when a person clicks again because nothing seems to happen.
    button = page.get_by_role("button", name="Send the idea")
    page.wait_for_load_state("networkidle")  # the similar ideas are shown: the button stays put
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    held: list[Route] = []
    page.route("**/ideas/new", lambda route: held.append(route))

    page.mouse.click(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)  # nothing seems to happen, so the person clicks again
    page.wait_for_timeout(300)
    for route in held:
        route.continue_()
    page.unroute("**/ideas/new")
    page.wait_for_url(re.compile(r"/ideas/\d+$"))
    expect(page.locator(".flash-success")).to_be_visible()

    assert [url for url in posts if url.endswith("/ideas/new")] == [live_server("/ideas/new")]
    with live_server.app.app_context():
        sent = db.session.scalar(
            select(func.count()).select_from(Idea).where(Idea.author_id == person_id)
        )
    assert sent == 1

    page.go_back()  # the button works again, with its name unchanged
    expect(page.get_by_role("button", name="Send the idea")).to_be_enabled()
