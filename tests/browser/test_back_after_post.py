"""Back never shows the browser's "Confirm Form Resubmission": a page that answered a POST (a
form sent back with its mistakes) is turned into a plain visit of its page in the history
(app/history.py, app/static/js/post-answer.js). Chromium answers Back to such an entry with
net::ERR_CACHE_MISS, which Playwright raises, when it is not."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.accounts.services import register_user
from tests.factories import make_category
from tests.ideas.factories import make_idea

PASSWORD = "back after post passphrase"


def test_back_after_a_form_sent_back_with_mistakes_opens_the_form(
    page: Page, live_server, in_live_db
):
    in_live_db(lambda: register_user("back.post@example.org", "Back Post", PASSWORD, "en"))
    category_id = in_live_db(lambda: make_category(name_en="Back heating").id)
    page.goto(live_server("/login?lang=en"))
    page.fill("#email", "back.post@example.org")
    page.fill("#password", "not the passphrase")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#password-error, .flash-error").first).to_be_visible()
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()

    page.goto(live_server("/ideas/new"))
    page.select_option("#category", str(category_id))
    page.get_by_role("button", name="Send the idea").click()
    expect(page.locator("#title-error")).to_be_visible()
    page.fill("#title", "Warm rooms on Sundays, back")
    page.fill("#body", "Community centres could open a warm room on Sundays in winter.")
    page.get_by_role("button", name="Send the idea").click()
    page.wait_for_url(re.compile(r"/ideas/\d+$"))

    page.go_back()  # to the answer of the first POST: the form, opened again
    expect(page).to_have_url(live_server("/ideas/new"))
    expect(page.get_by_role("button", name="Send the idea")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(live_server("/ideas/new"))


def test_back_to_a_comment_sent_back_opens_the_idea_at_its_form(
    page: Page, live_server, in_live_db
):
    in_live_db(lambda: register_user("back.comment@example.org", "Back Comment", PASSWORD, "en"))
    idea_id = in_live_db(lambda: make_idea(title="Benches in the park, back").id)
    page.goto(live_server("/login?lang=en"))
    page.fill("#email", "back.comment@example.org")
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()

    page.goto(live_server(f"/ideas/{idea_id}"))
    page.get_by_role("button", name="Post the comment").click()  # empty: sent back
    expect(page.locator("#new-comment-body-error")).to_be_visible()
    # The comments' address takes POSTs only: the entry becomes the idea's page, at the form.
    expect(page).to_have_url(live_server(f"/ideas/{idea_id}#comment-form"))
    page.goto(live_server("/ideas"))
    page.go_back()
    expect(page).to_have_url(live_server(f"/ideas/{idea_id}#comment-form"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Benches in the park, back")
