"""A page that answers a POST names the address Back should open instead (app/history.py):
its own when that is a page, else the page the form was on (this site's only), never one
for a plain GET. tests/browser/test_back_after_post.py shows Back in Chromium."""

from __future__ import annotations

import re

import pytest

from tests.factories import login, make_user
from tests.ideas.factories import make_idea

ADDRESS = re.compile(r'<html lang="\w+" data-back-address="([^"]*)">')


def back_address(response) -> str | None:
    match = ADDRESS.search(response.get_data(as_text=True))
    return match.group(1) if match else None


def test_a_form_sent_back_to_its_own_page_names_that_page(client):
    response = client.post("/login?next=/ideas", data={"email": "", "password": ""})
    assert response.status_code == 200
    assert back_address(response) == "/login?next=/ideas"
    assert "/static/js/post-answer.js" in response.get_data(as_text=True)


def test_a_get_names_nothing(client):
    page = client.get("/login")
    assert back_address(page) is None
    assert "post-answer.js" not in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("referrer", "expected"),
    [
        ("http://localhost/ideas/{idea}", "/ideas/{idea}"),
        ("http://localhost/ideas/{idea}?lang=en", "/ideas/{idea}?lang=en"),
        ("https://elsewhere.example/ideas/{idea}", None),  # never another site's
        ("http://localhost/ideas/{idea}/comments", None),  # takes POSTs only
        (None, None),
    ],
)
def test_a_post_only_address_names_the_page_the_form_was_on(client, referrer, expected):
    idea = make_idea()
    login(client, make_user())
    headers = {"Referer": referrer.format(idea=idea.id)} if referrer else {}
    response = client.post(
        f"/ideas/{idea.id}/comments", data={"new-comment-body": " "}, headers=headers
    )
    assert response.status_code == 200  # the idea's page, the comment's message at its field
    assert back_address(response) == (expected.format(idea=idea.id) if expected else None)


def test_a_refusal_page_answering_a_post_names_the_page_too(client, csrf_on):
    response = client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400  # no CSRF token: the error page
    assert back_address(response) == "/login"
