"""The outreach visits' pages in a real browser, axe-clean in Korean and in English: a visitor's
visits of the day (on a phone too), a visit with its outcome form and, after its day, its
amendment form, each with its messages at the fields; the staff's round (and its PDF, after
the reason), the sweeps, a new sweep and a real CSV list uploaded through the import page (one
with a bad line first, told next to the file field), then the board."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import seoul_today
from app.extensions import db
from app.vault import blind_index
from app.visits.models import Sweep, SweepHousehold, Visit, VisitKind, VisitOutcome
from tests.browser.sign_in import log_in
from tests.factories import make_area, make_user

LANGUAGES = ("ko", "en")
PHONE = {"width": 390, "height": 844}
# Each test's gu and dong of their own, north-east of every other browser test's places (and
# of the map test's view), one beside the other (`shift`, in degrees of longitude): a round,
# a sweep and a board count only what their test put there.
GU_BOUNDS = (127.40, 37.86, 127.46, 37.90)
DONG_BOUNDS = (127.41, 37.87, 127.43, 37.89)


def _shifted(bounds: tuple[float, float, float, float], shift: float):
    west, south, east, north = bounds
    return (west + shift, south, east + shift, north)


MESSAGES = {
    "ko": {
        "outcome": "방문 결과를 선택하세요.",
        "reason": "기록을 정정하는 사유를 쓰세요. 사유는 기록과 함께 보관됩니다.",
        "download reason": "내려받는 까닭을 적으세요. 접근 기록에 남습니다.",
        "list": "목록에 오류가 있어 아무것도 저장하지 않았습니다.",
    },
    "en": {
        "outcome": "Choose what came of the visit.",
        "reason": "Say why the record is corrected: it is kept with it.",
        "download reason": "Say why you download it: the access log keeps it.",
        "list": "The list has mistakes: nothing was saved.",
    },
}


def _household(sweep: Sweep, dong, address: str) -> SweepHousehold:
    household = SweepHousehold(
        sweep_id=sweep.id,
        dong=dong,
        name="방문시험 김이웃",
        phone="010-4444-5555",
        phone_index=blind_index("phone", "010-4444-5555"),
        address_text=address,
        address_index=blind_index("address", address),
    )
    db.session.add(household)
    return household


def _world(shift: float) -> dict:
    tag = secrets.token_hex(3)
    gu = make_area(
        level=AreaLevel.GU, bounds=_shifted(GU_BOUNDS, shift), name_ko=f"방문시험구{tag}"
    )
    dong = make_area(
        parent=gu,
        bounds=_shifted(DONG_BOUNDS, shift),
        name_ko=f"방문시험동{tag}",
        name_en=f"Visits{tag}-dong",
    )
    staff = make_user(Role.STAFF, display_name=f"방문 담당 {tag}", staff_areas=[gu])
    visitor = make_user(Role.OUTREACH_VISITOR, display_name=f"방문간호사 {tag}")
    visitor.staff_areas = [dong]
    today = seoul_today()
    sweep = Sweep(name=f"겨울 발굴 {tag}", starts_on=today, ends_on=today + timedelta(days=30))
    sweep.dongs = [dong]
    db.session.add(sweep)
    db.session.flush()
    todays = Visit(
        dong=dong,
        household=_household(sweep, dong, f"서울 시험구 방문로 1 ({tag})"),
        planned_on=today,
        kind=VisitKind.HOME,
        round_position=1,
    )
    yesterdays = Visit(
        dong=dong,
        household=_household(sweep, dong, f"서울 시험구 방문로 2 ({tag})"),
        planned_on=today - timedelta(days=1),
        kind=VisitKind.HOME,
        outcome=VisitOutcome.NOT_HOME,
    )
    for visit in (todays, yesterdays):
        visit.visitors = [visitor]
        db.session.add(visit)
    # Planned for today but not yet in the round: the round page offers to add it.
    db.session.add(
        Visit(
            dong=dong,
            household=_household(sweep, dong, f"서울 시험구 방문로 3 ({tag})"),
            planned_on=today,
            kind=VisitKind.PHONE,
        )
    )
    db.session.flush()
    return {
        "tag": tag,
        "staff": staff.email,
        "visitor": visitor.email,
        "dong": dong.id,
        "dong_code": dong.code,
        "sweep": sweep.id,
        "today": todays.id,
        "yesterday": yesterdays.id,
        "day": today.isoformat(),
    }


def _speak(page: Page, live_server, language: str) -> None:
    """The site's language control: a form's answer (its action has no ?lang) is in it too."""
    page.goto(live_server("/"))
    page.locator(f".language-switch button[value='{language}']").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def _submit(page: Page, action_ends: str) -> None:
    page.locator(f"main form[action$='{action_ends}'] button[type=submit]").click()


def test_a_visitors_pages_pass_axe(page: Page, live_server, in_live_db, check_accessibility):
    world = in_live_db(_world, 0.0)
    log_in(page, live_server, world["visitor"])
    for language in LANGUAGES:
        text = MESSAGES[language]
        _speak(page, live_server, language)
        page.set_viewport_size(PHONE)
        page.goto(live_server(f"/visits/today?lang={language}"))
        expect(page.locator(f"main a[href='/visits/{world['today']}']")).to_be_visible()
        scroll_width, screen = page.evaluate(
            "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= screen
        check_accessibility(f"my visits today on a phone ({language})")
        page.set_viewport_size({"width": 1280, "height": 900})
        check_accessibility(f"my visits today ({language})")
        # The menu leads there.
        expect(page.locator(".main-nav a[href='/visits/today']")).to_have_count(1)

        page.goto(live_server(f"/visits/{world['today']}?lang={language}"))
        expect(page.locator("main")).to_contain_text("방문시험 김이웃")
        check_accessibility(f"a visit with its outcome form ({language})")
        _submit(page, "/outcome")
        expect(page.locator("#outcome-error")).to_have_text(text["outcome"])
        check_accessibility(f"a visit's outcome form with its message ({language})")

        page.goto(live_server(f"/visits/{world['yesterday']}?lang={language}"))
        expect(page.locator("main form[action$='/outcome']")).to_have_count(0)
        check_accessibility(f"a past visit with its amendment form ({language})")
        page.locator("#field").select_option("notes")
        page.locator("#new_value").fill("다시 방문 필요")
        _submit(page, "/amend")
        expect(page.locator("#reason-error")).to_have_text(text["reason"])
        check_accessibility(f"the amendment form with its message ({language})")
    page.locator("#reason").fill("방문 다음날 전화로 확인")
    _submit(page, "/amend")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("main ol")).to_contain_text("방문 다음날 전화로 확인")
    check_accessibility("a past visit with its amendment")


def test_the_round_and_its_pdf_pass_axe(page: Page, live_server, in_live_db, check_accessibility):
    world = in_live_db(_world, 0.1)
    log_in(page, live_server, world["staff"])
    round_path = f"/staff/visits/rounds/{world['dong']}"
    for language in LANGUAGES:
        _speak(page, live_server, language)
        page.goto(live_server(f"{round_path}?lang={language}"))
        expect(page.locator("ol.round > li")).to_have_count(1)
        expect(page.locator("main form[action$='/add']")).to_have_count(1)
        check_accessibility(f"a round ({language})")
        # The round and the sweep's board lead to each other.
        page.locator(f"[data-round-sweeps] a[href='/staff/sweeps/{world['sweep']}']").click()
        expect(page.locator("[data-sweep-board]")).to_be_visible()
        page.locator(f"[data-board-rounds] a[href='{round_path}']").click()
        expect(page.locator("ol.round")).to_be_visible()

        page.goto(live_server(f"{round_path}/pdf?day={world['day']}&lang={language}"))
        check_accessibility(f"the round's download form ({language})")
        _submit(page, f"/pdf?day={world['day']}")
        expect(page.locator("#reason-error")).to_have_text(MESSAGES[language]["download reason"])
        check_accessibility(f"the round's download form with its message ({language})")

    page.locator("#reason").fill("오늘 방문 순회에 가져감")
    with page.expect_download() as download_info:
        _submit(page, f"/pdf?day={world['day']}")
    download = download_info.value
    assert download.suggested_filename == f"round-{world['dong_code']}-{world['day']}.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    # The Korean font is embedded (a subset, named after the Noto CJK face).
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+NotoSansCJK", data), data[:2000]


def test_the_sweeps_pages_pass_axe_and_import_a_real_file(
    page: Page, live_server, in_live_db, check_accessibility, tmp_path
):
    world = in_live_db(_world, 0.2)
    tag, code = world["tag"], world["dong_code"]
    log_in(page, live_server, world["staff"])
    for language in LANGUAGES:
        _speak(page, live_server, language)
        page.goto(live_server(f"/staff/sweeps?lang={language}"))
        expect(page.locator(f"main a[href='/staff/sweeps/{world['sweep']}']")).to_be_visible()
        check_accessibility(f"the sweeps ({language})")
        page.goto(live_server(f"/staff/sweeps/new?lang={language}"))
        check_accessibility(f"a new sweep ({language})")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#name-error")).to_be_visible()
        check_accessibility(f"a new sweep with its messages ({language})")

    page.locator("#name").fill(f"봄 발굴 {tag}")
    page.locator("#starts_on").fill(world["day"])
    page.locator("#ends_on").fill(world["day"])
    page.locator(f"input[name=dongs][value='{world['dong']}']").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert re.search(r"/staff/sweeps/\d+/import$", page.url), page.url
    import_path = page.url.removeprefix(live_server(""))

    header = "이름,전화번호,주소,행정동,비고\n"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        (
            header + f"박할머니,010-7777-0001,서울 시험구 눈길로 3 ({tag}),{code},혼자 사심\n"
            f",010-7777-0002,서울 시험구 눈길로 5 ({tag}),{code},\n"
        ).encode("cp949")
    )
    good = tmp_path / "good.csv"
    good.write_bytes(
        "\ufeff".encode()
        + (
            header + f"박할머니,010-7777-0001,서울 시험구 눈길로 3 ({tag}),{code},혼자 사심\n"
            f"최할아버지,,서울 시험구 눈길로 5 ({tag}),{code},\n"
        ).encode("utf-8")
    )
    for language in LANGUAGES:
        _speak(page, live_server, language)
        page.goto(live_server(f"{import_path}?lang={language}"))
        check_accessibility(f"the import form ({language})")
        page.locator("#csv_file").set_input_files(bad)
        page.locator("#planned_on").fill(world["day"])
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#csv_file-error")).to_have_text(MESSAGES[language]["list"])
        expect(page.locator("#csv_file")).to_have_attribute("aria-invalid", "true")
        expect(page.locator("[data-list-mistakes] li")).to_have_count(1)
        expect(page.locator("[data-list-mistakes]")).to_contain_text("3")
        check_accessibility(f"the import form with a bad line ({language})")

    page.locator("#csv_file").set_input_files(good)
    page.locator("#planned_on").fill(world["day"])
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    row = page.locator(f"[data-sweep-board] tr[data-dong='{code}']")
    expect(row.locator("[data-count=planned]")).to_have_text("2")
    expect(row.locator("[data-count=not_yet]")).to_have_text("2")
    for language in LANGUAGES:
        page.goto(
            live_server(f"{page.url.split('?')[0].removeprefix(live_server(''))}?lang={language}")
        )
        check_accessibility(f"the board ({language})")
