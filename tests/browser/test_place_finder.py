"""Finding a place in a real browser: an area searched by name and picked (on /map and in the
pin form's picker), and "use my location" granted and refused, with axe in both languages."""

from __future__ import annotations

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

from app.areas.models import AreaLevel
from tests.browser.test_map_page import BLANK_TILE
from tests.factories import PASSWORD, make_area, make_user

_runs = itertools.count(1)
# Far from every other browser test's places (they share the live database): Busan.
DONG_BOUNDS = (129.05, 35.15, 129.07, 35.17)
DONG_CENTRE = (35.16, 129.06)  # lat, lon
HOME = {"latitude": 35.158, "longitude": 129.061}


def served_areas(run: int) -> dict[str, str]:
    gu = make_area(
        level=AreaLevel.GU,
        bounds=(129.03, 35.14, 129.08, 35.18),
        name_ko=f"찾기구{run}",
        name_en=f"Findgu{run}",
    )
    make_area(
        parent=gu, bounds=DONG_BOUNDS, name_ko=f"찾기시험{run}동", name_en=f"Findtest{run}-dong"
    )
    return {"ko": f"찾기시험{run}", "en": f"Findtest{run}"}


def offline_tiles(page: Page) -> None:
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )


def map_contains(page: Page, map_expression: str, lat: float, lon: float) -> bool:
    return page.evaluate(f"([lat, lon]) => {map_expression}.getBounds().contains([lat, lon])", [
        lat,
        lon,
    ])  # fmt: skip


def search_and_pick(page: Page, finder: str, query: str, check_accessibility, context: str):
    box = page.locator(f"{finder} input[type=search]")
    expect(box).to_be_visible()
    box.fill(query)
    results = page.locator(f"{finder} [data-place-results] button")
    expect(results).to_have_count(1)
    expect(page.locator(f"{finder} [data-place-status]")).to_contain_text("1")
    check_accessibility(context)
    box.press("ArrowDown")  # the results are reached with the keyboard
    expect(results.first).to_be_focused()
    results.first.press("Enter")


MAP = "window[JSON.parse(document.getElementById('map-config').textContent).mapName]"


@pytest.mark.parametrize("language", ["ko", "en"])
def test_an_area_found_on_the_map_and_my_location(
    page: Page, live_server, in_live_db, check_accessibility, language
):
    queries = in_live_db(served_areas, next(_runs) * 10 + (language == "en"))
    offline_tiles(page)
    page.goto(live_server(f"/map?lang={language}"))
    search_and_pick(page, "main", queries[language], check_accessibility, f"map search {language}")
    page.wait_for_function(
        f"c => {MAP}.getBounds().contains(c) && {MAP}.getZoom() >= 13", arg=list(DONG_CENTRE)
    )

    # Refused: said plainly, with the other ways.
    page.context.clear_permissions()
    page.locator("main [data-use-location]").click()
    status = page.locator("main [data-place-status]")
    refused = {"ko": "공유되지 않았습니다", "en": "was not shared"}[language]
    expect(status).to_contain_text(refused)
    check_accessibility(f"map location refused {language}")

    # Granted: the map moves there.
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation(HOME)
    page.locator("main [data-use-location]").click()
    located = {"ko": "내 위치를 표시했습니다", "en": "shows your location"}[language]
    expect(status).to_contain_text(located)
    page.wait_for_function(f"() => {MAP}.getZoom() === 16")
    assert map_contains(page, MAP, HOME["latitude"], HOME["longitude"])


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_pin_forms_picker_finds_an_area_and_takes_my_location(
    page: Page, live_server, in_live_db, check_accessibility, language
):
    run = next(_runs) * 10 + 5 + (language == "en")
    queries = in_live_db(served_areas, run)
    email = f"finder{run}@example.org"
    in_live_db(make_user, email=email, preferred_language=language)
    offline_tiles(page)
    page.goto(live_server(f"/login?lang={language}"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()

    page.goto(live_server("/pins/new?kind=need"))
    context = f"pin form {language}"
    search_and_pick(page, ".location", queries[language], check_accessibility, context)
    expect(page.locator(".location [data-place-status]")).to_contain_text(
        f"찾기구{run}" if language == "ko" else f"Findgu{run}"
    )
    # Picking an area moves the map only; the place is still the person's to choose.
    expect(page.locator("#longitude")).to_have_value("")

    page.context.clear_permissions()
    page.locator(".location [data-use-location]").click()
    expect(page.locator(".location [data-place-status]")).to_contain_text(
        {"ko": "공유되지 않았습니다", "en": "was not shared"}[language]
    )
    expect(page.locator("#longitude")).to_have_value("")

    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation(HOME)
    page.locator(".location [data-use-location]").click()
    expect(page.locator("#longitude")).to_have_value(f"{HOME['longitude']:.5f}")
    expect(page.locator("#latitude")).to_have_value(f"{HOME['latitude']:.5f}")
    check_accessibility(f"pin form location {language}")
