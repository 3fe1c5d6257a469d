"""/ideas/accountability keeps its figures in the shared cache (memory:// in one process, a real
Redis for several): a new idea shows only when the kept figures expire, an answer shows at once
(its commit forgets them), and a rolled-back answer forgets nothing."""

from __future__ import annotations

import re

import pytest

from app.accounts.models import Role
from app.cache import MemoryCache, RedisCache
from tests.factories import login, make_user
from tests.ideas.factories import make_department, make_idea
from tests.redis_server import RedisServer


@pytest.fixture(params=["memory", "redis"])
def kept(request, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IDEA_FIGURES_CACHE_SECONDS", 300)
    if request.param == "memory":
        monkeypatch.setitem(app.extensions, "cache", MemoryCache())
        yield
        return
    with RedisServer(tmp_path) as server:
        monkeypatch.setitem(app.extensions, "cache", RedisCache(server.url))
        yield


def received(client) -> int:
    """The page's "ideas received" total (the first figure of the overview)."""
    html = client.get("/ideas/accountability").get_data(as_text=True)
    match = re.search(r"Ideas received</dt><dd>([\d,]+)<", html)
    assert match, "the overview shows the ideas received"
    return int(match.group(1).replace(",", ""))


def test_the_figures_are_kept_until_an_answer_is_posted(kept, english_client):
    staff_member = make_user(Role.STAFF)
    desk = make_department(name_en="Housing Desk")
    idea = make_idea(department=desk)
    assert received(english_client) == 1
    make_idea()
    assert received(english_client) == 1  # kept: the new idea shows within minutes
    login(english_client, staff_member)
    answer = {"version": idea.version, "outcome": "adopted", "response": "We will."}
    response = english_client.post(f"/staff/ideas/{idea.id}/answer", data=answer)
    assert response.status_code == 302
    assert received(english_client) == 2  # the answer's commit forgot the kept figures
