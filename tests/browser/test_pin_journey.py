"""A resident pins a need for a neighbour (recording their consent) by clicking the map and
finds it, coarsely placed, on the map and in the list; an organisation offers help; the
need's author accepts and marks it fulfilled. The same journey in Korean and in English."""

from __future__ import annotations

import base64
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.accounts.services import register_user
from app.clock import seoul_today
from app.extensions import db
from app.pins.models import Pin, PinStatus
from app.pins.services import exact_point
from tests.factories import make_area, make_category, make_organisation

PASSWORD = "journey passphrase 2026"
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

TEXT = {
    "ko": {
        "log out": "로그아웃",
        "post need": "도움 요청 올리기",
        "post offer": "나눔 올리기",
        "propose": "이 나눔으로 연결 제안",
        "accept": "수락",
        "fulfil": "완료로 표시",
        "apply": "필터 적용",
        "fulfilled": "완료",
        "confirm consent": "그분이 동의한 경우에만 체크하세요. 동의 없이는 올리지 마세요.",
        "in person": "직접 만나서",
    },
    "en": {
        "log out": "Log out",
        "post need": "Post the need",
        "post offer": "Post the offer",
        "propose": "Propose this offer",
        "accept": "Accept",
        "fulfil": "Mark as fulfilled",
        "apply": "Apply filters",
        "fulfilled": "Fulfilled",
        "confirm consent": (
            "Tick this only if they agreed. Without their agreement, do not post it."
        ),
        "in person": "In person",
    },
}


def set_up(language: str) -> dict:
    # A pin must lie in a dong: each language's need in a dong of its own (found by name in
    # the picker), so that the two needs are never in one grid cell.
    # Away from where other browser tests put theirs (the factories' default place): a need
    # among theirs in one cell would be drawn as a group, not as its own pin.
    west = 127.10 if language == "ko" else 127.12
    make_area(bounds=(west, 37.42, west + 0.01, 37.43), name_ko=f"여정시험{language}동",
              name_en=f"Journeytest-{language}")  # fmt: skip
    resident = register_user(
        f"resident.{language}@example.org", f"주민 {language}", PASSWORD, language
    )
    member = register_user(
        f"member.{language}@example.org",
        f"단체 회원 {language}",
        PASSWORD,
        language,
        role=Role.ORG_MEMBER,
    )
    organisation = make_organisation(
        representative=member,
        name_ko=f"여정 복지관 {language}",
        name_en=f"Journey Welfare Centre {language}",
    )
    heating = make_category(name_ko=f"난방 {language}", name_en=f"Heating {language}")
    food = make_category(name_ko=f"식품 {language}", name_en=f"Food {language}")
    db.session.flush()
    return {
        "resident": resident.email,
        "member": member.email,
        "heating": heating.id,
        "food": food.id,
        "organisation": organisation.id,
    }


def log_in(page: Page, live_server, email: str, language: str) -> None:
    page.goto(live_server(f"/login?lang={language}"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_need_offer_match_fulfil(
    page: Page, live_server, in_live_db, check_accessibility, language
):
    words = TEXT[language]
    ids = in_live_db(set_up, language)
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )

    # 1. The resident pins a need by clicking the map.
    log_in(page, live_server, ids["resident"], language)
    page.goto(live_server("/pins/new?kind=need"))
    check_accessibility(f"need form ({language})")
    page.select_option("#category", str(ids["heating"]))
    title = f"연탄 200장 ({language})"
    page.fill("#title", title)
    page.fill("#description", "겨울을 날 연탄이 필요합니다.")
    # Alone in its cell, the need's words are public only with the author's agreement.
    expect(page.locator("#text_shared")).not_to_be_checked()
    page.check("#text_shared")
    picker = page.locator("[data-location-picker]")
    expect(picker).to_be_visible()
    expect(page.locator(".location-map .leaflet-tile-loaded").first).to_be_attached()
    # Each language's need in its own dong, found by name (needs in one cell would be grouped).
    page.fill(".location input[type=search]", f"여정시험{language}")
    page.locator(".location [data-place-results] button").first.click()
    shown = f"여정시험{language}동" if language == "ko" else "Journeytest-en"
    expect(page.locator(".location [data-place-status]")).to_contain_text(shown)
    size = picker.bounding_box()
    assert size is not None
    picker.click(position={"x": size["width"] / 2, "y": size["height"] / 2})
    expect(page.locator("#longitude")).not_to_have_value("")
    expect(page.locator("#latitude")).not_to_have_value("")
    typed = (float(page.input_value("#longitude")), float(page.input_value("#latitude")))
    # For a neighbour, who agreed in person yesterday: without the confirmation ticked the
    # form says so at the box, and keeps everything typed.
    page.check("#for_whom-1")
    page.check("#consent_relation-1")
    page.check("#consent_channel-0")
    page.fill("#consent_given_on", (seoul_today() - timedelta(days=1)).isoformat())
    page.get_by_role("button", name=words["post need"]).click()
    expect(page.locator("#consent_confirmed-error")).to_have_text(words["confirm consent"])
    expect(page.locator("#for_whom-1")).to_be_checked()
    check_accessibility(f"need form for a neighbour, with an error ({language})")
    page.check("#consent_confirmed")
    page.get_by_role("button", name=words["post need"]).click()
    expect(page.locator(".flash-success")).to_be_visible()
    need_id = int(re.search(r"/pins/(\d+)$", page.url).group(1))
    # The author sees the consent on the need's page, in the private part.
    expect(page.locator(".private-details")).to_contain_text(words["in person"])
    check_accessibility(f"need posted for a neighbour ({language})")

    def stored(pin_id):
        pin = db.session.get(Pin, pin_id)
        return exact_point(pin), (pin.public_lon, pin.public_lat), pin.status

    exact, public, _ = in_live_db(stored, need_id)
    assert exact == pytest.approx(typed, abs=1e-6)  # the click is what was saved
    assert public != pytest.approx(exact, abs=1e-7)  # and the public sees a coarse place

    # 2. On the map, close up: the need is there, at its coarse place, with a popup.
    page.goto(live_server(f"/map#17/{public[1]:.5f}/{public[0]:.5f}"))
    marker = page.locator("path.pin-need")
    expect(marker.first).to_be_visible()
    marker.first.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(title)
    check_accessibility(f"map with a popup ({language})")
    features = page.evaluate(
        "async (b) => (await (await fetch(`/api/pins?zoom=17&bbox=${b}`)).json()).features",
        f"{public[0] - 0.01},{public[1] - 0.01},{public[0] + 0.01},{public[1] + 0.01}",
    )
    mine = [f for f in features if f["properties"].get("id") == need_id]
    assert mine and mine[0]["geometry"]["coordinates"] == pytest.approx(list(public), abs=1e-5)

    # 3. In the list, filtered by category: there; filtered by another category: not.
    page.goto(live_server("/pins"))
    page.select_option("#category", str(ids["heating"]))
    page.get_by_role("button", name=words["apply"]).click()
    expect(page.locator("main")).to_contain_text(title)
    check_accessibility(f"list ({language})")
    page.select_option("#category", str(ids["food"]))
    page.get_by_role("button", name=words["apply"]).click()
    expect(page.locator("main")).not_to_contain_text(title)
    page.get_by_role("button", name=words["log out"]).click()

    # 4. The organisation posts an offer (typing the coordinates) and proposes it.
    log_in(page, live_server, ids["member"], language)
    page.goto(live_server("/pins/new?kind=offer"))
    page.select_option("#category", str(ids["heating"]))
    page.fill("#title", f"연탄 나눔 ({language})")
    page.select_option("#organisation", str(ids["organisation"]))
    page.fill("#longitude", f"{exact[0] + 0.004:.5f}")
    page.fill("#latitude", f"{exact[1] + 0.002:.5f}")
    page.get_by_role("button", name=words["post offer"]).click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.goto(live_server(f"/pins/{need_id}"))
    page.get_by_role("button", name=words["propose"]).click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.get_by_role("button", name=words["log out"]).click()

    # 5. The need's author accepts the proposal and marks it fulfilled.
    log_in(page, live_server, ids["resident"], language)
    page.goto(live_server(f"/pins/{need_id}"))
    check_accessibility(f"need page with a proposal ({language})")
    page.get_by_role("button", name=re.compile("^" + words["accept"])).click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.get_by_role("button", name=re.compile("^" + words["fulfil"])).click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert in_live_db(stored, need_id)[2] == PinStatus.FULFILLED
    page.goto(live_server(f"/pins/{need_id}"))
    expect(page.locator("main")).to_contain_text(words["fulfilled"])
