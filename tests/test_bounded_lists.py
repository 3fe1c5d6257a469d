"""Lists paged by number only (app.paging.bounded_paginate): page numbers stop at a bound
and the count stops just past it, said as "more than", in both languages."""

from __future__ import annotations

import pytest

from app import paging
from app.accounts.models import Role
from app.admin import services as admin_services
from tests.factories import login, make_user
from tests.ideas.factories import make_idea


@pytest.fixture
def two_pages_of_two(app, monkeypatch):
    monkeypatch.setattr(paging, "MAX_NUMBERED_PAGE", 2)
    monkeypatch.setattr(admin_services, "USERS_PER_PAGE", 2)
    monkeypatch.setitem(app.config, "IDEAS_PER_PAGE", 2)


@pytest.mark.usefixtures("two_pages_of_two")
def test_the_accounts_list_counts_up_to_its_last_numbered_page(english_client):
    login(english_client, make_user(Role.ADMIN))
    for _ in range(4):
        make_user()
    page = english_client.get("/admin/users").get_data(as_text=True)
    assert "More than 4 accounts" in page
    assert "Page 1 of the first 2" in page
    assert english_client.get("/admin/users?page=2").status_code == 200
    assert english_client.get("/admin/users?page=3").status_code == 404


@pytest.mark.usefixtures("two_pages_of_two")
def test_a_short_list_keeps_its_exact_count(english_client):
    login(english_client, make_user(Role.ADMIN))
    make_user()
    page = english_client.get("/admin/users").get_data(as_text=True)
    assert "2 accounts" in page and "More than" not in page
    assert "Page 1 of 1" not in page  # one page: no pager at all


@pytest.mark.usefixtures("two_pages_of_two")
def test_the_ideas_list_says_more_than_in_both_languages(app, english_client):
    for _ in range(5):
        make_idea()
    assert "More than 4 ideas" in english_client.get("/ideas").get_data(as_text=True)
    assert "제안 4건 이상" in app.test_client().get("/ideas").get_data(as_text=True)
    beyond = english_client.get("/ideas?page=9")
    assert beyond.status_code == 200
    assert "More than 4 ideas" in beyond.get_data(as_text=True)
