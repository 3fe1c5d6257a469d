"""The map in a real browser: no CSP violation, clusters then pins, popups, the list link."""

from __future__ import annotations

import base64
import re

from playwright.sync_api import Page, expect

from app.map.tiles import tiles_covering
from app.pins.models import PinKind
from tests.factories import make_category, make_organisation, make_pin, make_user

# A 1x1 transparent PNG for every tile: the tests run without the internet.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
# Away from every other browser test's pins (they share the live database), so that what this
# test counts on its map is its own: the map at zoom 12 around them holds nothing else. The
# place is Seoul's (126.978, 37.5665) moved west by two zoom-8 cluster cells (0.703125°), so
# the cluster cells of every zoom, and the privacy grid's cells, group these pins as there.
WEST = 0.703125
OFFER_POINTS = tuple(
    (lon - WEST, lat)
    for lon, lat in ((126.9780, 37.5665), (126.9795, 37.5672), (126.9768, 37.5658))
)


def create_pins() -> dict[str, list[int]]:
    member = make_user()
    organisation = make_organisation(representative=member, name_ko="지도시험 복지관")
    category = make_category()
    offers = [
        make_pin(
            member,
            PinKind.OFFER,
            category,
            lon=lon,
            lat=lat,
            organisation=organisation,
            title=f"나눔 {n}",
        )
        for n, (lon, lat) in enumerate(OFFER_POINTS, start=1)
    ]
    neighbour = make_user()
    # Two needs in one grid cell: the public sees both at the cell's centre.
    needs = [
        make_pin(
            neighbour, category=category, lon=126.9751 - WEST + d, lat=37.5652, title="도움 요청"
        )
        for d in (0, 0.0002)
    ]
    return {"offers": [p.id for p in offers], "needs": [p.id for p in needs]}


def wait_for_zoom(page: Page, zoom: int) -> None:
    """Wait until the map has settled at `zoom`: Leaflet reports the new zoom only once
    its zoom animation has ended, so reading it straight after a click is a race."""
    page.wait_for_function(
        "zoom => window[JSON.parse(document.getElementById('map-config').textContent).mapName]"
        ".getZoom() === zoom",
        arg=zoom,
    )


def wait_for_answers(page: Page, zoom: int) -> None:
    """Wait until the map has drawn the answers for `zoom`: until they come, the markers of
    the zoom before are still on it, and clicking one of those is a click on the past. The
    move's handler writes the view into the address, then marks the map busy until its tiles
    are drawn, in one go."""
    wait_for_zoom(page, zoom)
    expect(page).to_have_url(re.compile(rf"#{zoom}/"))
    expect(page.locator("[aria-busy='true']")).to_have_count(0)


def test_the_map_shows_clusters_then_pins_and_leads_to_the_list(
    page: Page, live_server, in_live_db, check_accessibility
):
    pins = in_live_db(create_pins)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    # CSP violations also reach the console, but this names the directive.
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )
    foreign = []
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if not r.url.startswith((live_server.url, "https://tile.openstreetmap.org/", "data:"))
            else None
        ),
    )

    # At zoom 12 on these pins: without a view the map opens on every served area, which in
    # the shared live database depends on which tests ran before (Busan's, for one).
    page.goto(live_server(f"/map#12/37.5665/{126.978 - WEST:.6f}"))
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    # Far out: counted clusters, one of five pins here.
    cluster = page.locator(".community-map .marker-cluster")
    expect(cluster).to_have_count(1)
    expect(cluster).to_contain_text("5")
    expect(page.locator("#map-status")).to_contain_text("5")
    check_accessibility("map with clusters")

    # Selecting a cluster zooms in, twice, to where the pins themselves come.
    cluster.click()
    wait_for_answers(page, 14)
    expect(page.locator(".community-map .marker-cluster").first).to_be_visible()
    page.locator(".community-map .marker-cluster").first.click()
    wait_for_zoom(page, 16)
    expect(page.locator("path.pin-offer")).to_have_count(3)
    # The view is kept in the address.
    expect(page).to_have_url(re.compile(r"#16/37\.\d+/126\.\d+$"))

    # The two needs share one public point: grouped, and spread out when selected.
    shared = page.locator(".community-map .marker-cluster")
    expect(shared).to_have_count(1)
    expect(shared).to_contain_text("2")
    shared.click()
    expect(page.locator("path.pin-need")).to_have_count(2)

    # A pin's popup comes from /api/pins/<id> and leads to the pin's page.
    page.locator("path.pin-offer").first.click()
    popup = page.locator(".leaflet-popup .pin-popup")
    expect(popup.locator("a")).to_have_attribute("href", re.compile(r"^/pins/\d+$"))
    expect(popup).to_contain_text("지도시험 복지관")
    href = popup.locator("a").get_attribute("href")
    assert int(href.rsplit("/", 1)[1]) in pins["offers"]
    check_accessibility("map with pins and a popup")

    # The filters drive the map and the list link alike, without reloading the page.
    page.select_option("#kind", "need")
    expect(page.locator("path.pin-offer")).to_have_count(0)
    list_link = page.locator("#map-list-link")
    expect(list_link).to_have_attribute("href", "/pins?kind=need&status=open")
    expect(page).to_have_url(re.compile(r"kind=need.*#16/"))

    assert page.evaluate("window.cspViolations") == []
    assert not problems, problems
    assert not foreign, foreign

    # Keyboard users reach the list before they enter the map.
    page.locator("#map-filters button[type=submit]").focus()
    page.keyboard.press("Tab")
    expect(list_link).to_be_focused()
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert re.search(r"/pins\?kind=need&status=open$", page.url)
    if "pins.index" in live_server.app.view_functions:
        assert navigation.value.status == 200


CORNER_POINT = (127.0912, 37.6213)  # alone: no other test puts a pin near it


def test_a_popup_near_the_corner_opens_clear_of_the_zoom_buttons(
    page: Page, live_server, in_live_db
):
    """A popup opened at the top left is panned into view below the zoom buttons, so its title
    is never under them (Leaflet's default padding of 5 px put it there)."""

    def an_offer() -> int:
        member = make_user()
        organisation = make_organisation(representative=member, name_ko="모서리 복지관")
        title = "모서리 나눔 이름이 조금 긴 제목"
        lon, lat = CORNER_POINT
        offer = make_pin(
            member, PinKind.OFFER, lon=lon, lat=lat, organisation=organisation, title=title
        )
        return offer.id

    in_live_db(an_offer)
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )
    lon, lat = CORNER_POINT
    page.goto(live_server(f"/map#17/{lat}/{lon}"))
    offer = page.locator("path.pin-offer")
    expect(offer).to_have_count(1)
    # Move the map so that the offer sits just right of the zoom buttons, near the top.
    page.evaluate(
        """([lat, lon]) => {
            const config = JSON.parse(document.getElementById('map-config').textContent);
            const map = window[config.mapName];
            const at = map.latLngToContainerPoint([lat, lon]);
            map.panBy([at.x - 70, at.y - 24], {animate: false});
        }""",
        [lat, lon],
    )
    page.wait_for_load_state("networkidle")  # the pins loaded for the new view
    expect(offer).to_have_count(1)
    offer.click()
    title = page.locator(".leaflet-popup .pin-popup-title")
    expect(title).to_have_text("모서리 나눔 이름이 조금 긴 제목")
    page.wait_for_timeout(500)  # let the pan after the content arrived end: boxes are compared
    buttons = page.locator(".leaflet-control-zoom").bounding_box()
    box = title.bounding_box()
    assert buttons and box
    overlaps = not (
        box["x"] >= buttons["x"] + buttons["width"]
        or box["x"] + box["width"] <= buttons["x"]
        or box["y"] >= buttons["y"] + buttons["height"]
        or box["y"] + box["height"] <= buttons["y"]
    )
    assert not overlaps, (box, buttons)
    popup = page.locator(".leaflet-popup").bounding_box()
    assert popup and popup["y"] >= buttons["y"] + buttons["height"]


def test_the_same_view_asks_for_the_same_tiles(page: Page, live_server):
    """The map asks by tile of the fixed grid, so a second visit of a view repeats its URLs
    (which the browser, a proxy and the server can then answer from what they kept)."""
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/pins/tiles/" in r.url else None)
    view = live_server("/map?kind=need&status=open#16/37.5665/126.9780")
    visits = []
    page.goto(view)
    for _ in range(2):
        page.wait_for_load_state("networkidle")
        visits.append(sorted(asked))
        asked.clear()
        page.reload()
    assert visits[0] and visits[0] == visits[1]
    pattern = re.compile(r"/api/pins/tiles/16/(\d+)/(\d+)\?kind=need&status=open$")
    assert all(pattern.search(url) for url in visits[0]), visits[0]
    # The centre's tile is among them: x and y as app.map.tiles computes them.
    ((_zoom, x, y),) = tiles_covering((126.978, 37.5665, 126.978, 37.5665), 16)
    assert any(url.endswith(f"/16/{x}/{y}?kind=need&status=open") for url in visits[0])
