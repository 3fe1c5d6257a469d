"""The pin list at scale: keyset pages both ways, page numbers bounded, a malformed cursor
ignored, and a total that is exact only while counting is cheap ("about" or "more than"
beyond it), in both languages."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import text

from app import paging
from app.areas.models import AreaLevel
from app.clock import utcnow
from app.extensions import db
from app.pins import listing
from app.pins.models import PinKind, PinStatus
from tests.factories import make_area, make_category, make_pin

COUNT = 7
EXPIRING = [0, 5, 3, 1, 6, 4, 2]  # the needs by (n * 3) % COUNT minutes to their expiry


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def needs():
    """COUNT needs of one category, a minute apart ("Need 00" the oldest), expiring in another
    order (EXPIRING: soonest first)."""
    category = make_category()
    start = utcnow() - timedelta(days=1)
    pins = []
    for n in range(COUNT):
        pin = make_pin(category=category, title=f"Need {n:02d}")
        pin.created_at = start + timedelta(minutes=n)
        pin.expires_at = utcnow() + timedelta(days=5, minutes=(n * 3) % COUNT)
        pins.append(pin)
    db.session.flush()
    return category, pins


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 2)


def shown(page: str) -> list[str]:
    return re.findall(r"Need (\d\d)", page)


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def walk(client, start: str, rel: str) -> list[list[str]]:
    pages, address = [], start
    while address is not None:
        page = client.get(address).get_data(as_text=True)
        pages.append(shown(page))
        address = link(page, rel)
    return pages


@pytest.mark.usefixtures("two_per_page")
@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("newest", list(range(COUNT - 1, -1, -1))),
        ("oldest", list(range(COUNT))),
        ("expiring", EXPIRING),
    ],
)
def test_next_and_previous_links_walk_the_whole_list_by_cursor(client, needs, sort, order):
    category, _pins = needs
    expected = [f"{n:02d}" for n in order]
    forward = walk(client, f"/pins?category={category.id}&sort={sort}", "next")
    assert [n for page in forward for n in page] == expected
    assert [len(page) for page in forward] == [2, 2, 2, 1]
    last = client.get(f"/pins?category={category.id}&sort={sort}")
    for _ in range(3):
        last_page = last.get_data(as_text=True)
        following = link(last_page, "next")
        assert following is not None and "after=" in following
        last = client.get(following)
    backward = walk(client, link(last.get_data(as_text=True), "prev") or "", "prev")
    assert [n for page in reversed(backward) for n in page] == expected[:6]


@pytest.mark.usefixtures("two_per_page")
def test_a_cursor_page_offers_the_first_page_and_no_page_number(client, needs):
    category, pins = needs
    page = client.get(f"/pins?category={category.id}&after=x").get_data(as_text=True)
    following = link(page, "next")
    assert following is not None
    second = client.get(following).get_data(as_text=True)
    assert shown(second) == ["04", "03"]
    assert "First page" in second and "Page 2" not in second


@pytest.mark.parametrize(
    "cursor", ["x", "1_", "_1", "12a_3", "-5_3", "9" * 18 + "_1", "1_" + "9" * 10, " 1 _ 2"]
)
def test_a_malformed_cursor_is_ignored_and_shows_the_first_page(client, needs, cursor):
    category, _pins = needs
    response = client.get("/pins", query_string={"category": category.id, "after": cursor})
    assert response.status_code == 200
    assert shown(response.get_data(as_text=True))[:2] == ["06", "05"]


def test_a_cursor_reads_back_what_it_wrote():
    moment = utcnow()
    cursor = paging.Cursor(moment, 42)
    assert paging.parse_cursor(cursor.token) == cursor


@pytest.mark.usefixtures("two_per_page")
def test_a_page_number_beyond_the_bound_is_sent_to_the_last_numbered_page(client, needs):
    category, _pins = needs
    response = client.get(f"/pins?category={category.id}&page=500")
    assert response.status_code == 302
    assert response.location == f"/pins?page={paging.MAX_NUMBERED_PAGE}&category={category.id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Pages can be opened by number up to page 20" in html.unescape(page)


@pytest.mark.usefixtures("two_per_page")
def test_the_expiring_order_lists_needs_only_and_goes_on_by_cursor(client, needs):
    category, _pins = needs
    make_pin(kind=PinKind.OFFER, category=category, title="Need 99")  # offers never expire
    page = client.get(f"/pins?category={category.id}&sort=expiring").get_data(as_text=True)
    assert shown(page) == ["00", "05"]
    following = link(page, "next")
    assert following is not None and "after=" in following
    numbered = client.get(f"/pins?category={category.id}&sort=expiring&page=4")
    assert shown(numbered.get_data(as_text=True)) == ["02"]


def test_the_order_by_category_is_gone_and_its_links_show_the_newest_first(client, needs):
    category, _pins = needs
    page = client.get(f"/pins?category={category.id}&sort=category").get_data(as_text=True)
    assert shown(page)[:2] == ["06", "05"]
    assert 'value="category"' not in page


def test_a_small_list_has_an_exact_total(client, needs):
    category, _pins = needs
    page = client.get(f"/pins?category={category.id}").get_data(as_text=True)
    assert "7 needs and offers" in page


def test_beyond_the_limit_the_total_is_the_kept_figure_said_as_about(client, needs, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 3)
    page = client.get("/pins").get_data(as_text=True)
    # The map's cluster totals count every open need: these seven and no other.
    assert "About 7 needs and offers" in page


def test_without_a_kept_figure_the_total_is_an_estimate_or_a_lower_bound(
    client, needs, monkeypatch
):
    category, _pins = needs
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 3)
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:  # the planner's statistics, as autovacuum keeps them on a live table
        db.session.execute(text("ANALYZE pins"))
    page = html.unescape(client.get(f"/pins?category={category.id}").get_data(as_text=True))
    if postgres:
        assert re.search(r"About \d+ needs and offers", page), page
    else:
        assert "More than 3 needs and offers" in page


def test_the_totals_in_korean(app, needs, monkeypatch):
    category, _pins = needs
    korean = app.test_client()
    assert "도움 요청·나눔 7건" in korean.get(f"/pins?category={category.id}").get_data(
        as_text=True
    )
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 3)
    assert "도움 요청·나눔 약 7건" in korean.get("/pins").get_data(as_text=True)


def test_a_withdrawn_pin_is_not_in_the_kept_total(client, needs, monkeypatch):
    _category, pins = needs
    pins[0].status = PinStatus.WITHDRAWN
    db.session.flush()
    monkeypatch.setattr(paging, "EXACT_COUNT_LIMIT", 3)
    assert "About 6 needs and offers" in client.get("/pins").get_data(as_text=True)


def test_an_estimate_is_rounded_to_two_figures():
    assert paging.rounded_estimate(87) == 87
    assert paging.rounded_estimate(123_456) == 120_000
    assert paging.rounded_estimate(1_049) == 1_000


# --- the filter form's areas: kept, yet never stale ----------------------------------------------


def test_an_area_added_or_renamed_shows_in_the_filters_at_once(client):
    gu = make_area(level=AreaLevel.GU, name_en="Kept-gu")
    client.get("/pins")  # the choices are now kept
    dong = make_area(parent=gu, name_en="Newly-imported-dong")
    page = client.get("/pins").get_data(as_text=True)
    assert f'value="{dong.code}">Newly-imported-dong</option>' in page
    dong.name_en = "Renamed-dong"
    db.session.flush()
    page = client.get("/pins").get_data(as_text=True)
    assert "Renamed-dong" in page and "Newly-imported-dong" not in page


def test_the_chosen_area_stays_selected(client):
    dong = make_area(parent=make_area(level=AreaLevel.GU), name_en="Chosen-dong")
    page = client.get(f"/pins?area={dong.code}").get_data(as_text=True)
    assert f'<option selected value="{dong.code}">Chosen-dong</option>' in page
