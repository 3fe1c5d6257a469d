"""Finding the visits' pages: the main menu links "My visits" for whoever has visits and
"Sweeps" for staff; a dong's round links the boards of the sweeps over it that day, and a
board links back to its dongs' rounds."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.extensions import db
from app.visits.models import Sweep
from tests.factories import login
from tests.visits.world import build_world

MENU_LINKS = {
    "resident": set(),
    "visitor_assigned": {"/visits/today"},
    "staff_here": {"/visits/today", "/staff/sweeps"},
    "admin": {"/visits/today", "/staff/sweeps"},
}


@pytest.fixture
def world():
    return build_world()


def main_menu(html: str) -> str:
    start = html.index('<nav class="main-nav"')
    return html[start : html.index("</nav>", start)]


@pytest.mark.parametrize("who", list(MENU_LINKS))
def test_the_main_menu_links_the_visits_pages_of_those_who_may_open_them(app, world, who):
    client = app.test_client()
    login(client, world.people[who])
    menu = main_menu(client.get("/").get_data(as_text=True))
    shown = {path for path in ("/visits/today", "/staff/sweeps") if f'href="{path}"' in menu}
    assert shown == MENU_LINKS[who]
    for path in shown:
        assert client.get(path).status_code == 200


def test_the_menu_names_the_links_in_both_languages(app, world):
    client = app.test_client()
    login(client, world.people["staff_here"])
    menu = main_menu(client.get("/?lang=ko").get_data(as_text=True))
    assert ">내 방문<" in menu and ">일제조사<" in menu
    menu = main_menu(client.get("/?lang=en").get_data(as_text=True))
    assert ">My visits<" in menu and ">Sweeps<" in menu


def test_a_round_links_the_board_of_its_sweeps_and_the_board_links_back(app, world):
    ended = Sweep(
        name="지난 여름 조사",
        starts_on=world.today - timedelta(days=90),
        ends_on=world.today - timedelta(days=60),
    )
    ended.dongs = [world.dong]
    db.session.add(ended)
    db.session.flush()
    client = app.test_client()
    login(client, world.people["staff_here"])
    round_page = client.get(f"/staff/visits/rounds/{world.dong.id}").get_data(as_text=True)
    assert f'href="/staff/sweeps/{world.sweep.id}"' in round_page
    # Only the sweeps whose period holds the round's day.
    assert f'href="/staff/sweeps/{ended.id}"' not in round_page
    board = client.get(f"/staff/sweeps/{world.sweep.id}").get_data(as_text=True)
    assert f'href="/staff/visits/rounds/{world.dong.id}"' in board


def test_a_round_does_not_link_a_sweep_board_its_reader_may_not_open(app, world):
    shared = Sweep(name="구 전체 조사", starts_on=world.today, ends_on=world.today)
    shared.dongs = [world.dong, world.other]
    db.session.add(shared)
    db.session.flush()
    client = app.test_client()
    login(client, world.people["staff_here"])
    round_page = client.get(f"/staff/visits/rounds/{world.dong.id}").get_data(as_text=True)
    assert f'href="/staff/sweeps/{world.sweep.id}"' in round_page
    assert f'href="/staff/sweeps/{shared.id}"' not in round_page
    assert client.get(f"/staff/sweeps/{shared.id}").status_code == 403
