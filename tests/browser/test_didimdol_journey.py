"""Issue 15's journey in a real browser, in Korean and in English, axe-clean on every page: a
barber (a verified business's representative) enrols, a programme officer approves and
designates a welfare facility, the barber drafts and publishes a pledge (a haircut), the
facility's officer adds a person with consent and issues a voucher, the barber redeems it on a
phone (seeing neither the person nor the facility), the barber's page and the public ledger show
it, and the donee's officer issues the year's contribution certificate, whose PDF downloads.

Each journey has people, places and names of its own (the live database is shared by all the
browser tests); every person reads the site in the journey's language (their account's choice),
so the answers to POSTs are in it too."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import seoul_today
from app.didimdol.models import Beneficiary, Facility
from app.extensions import db
from app.organisations.models import OrganisationType
from tests.browser.sign_in import log_in
from tests.didimdol.world import new_business_number
from tests.factories import make_area, make_category, make_organisation, make_user

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 720}
BENEFICIARY_NAME = "JourneyPerson박말순"
FACILITY_NAME = "JourneyFacility새싹복지관"
HAIRCUT_VALUE = 13_700  # a value no other test's donor gives, so the barber's page shows ours
_journeys = itertools.count(1)

TEXT = {
    "ko": {"haircut": "남성 커트", "hidden": "비공개", "valid": "유효한 이용권"},
    "en": {"haircut": "Men's haircut", "hidden": "not published", "valid": "Valid voucher"},
}


def _people_and_places(language: str) -> dict:
    n = next(_journeys)
    # Places of the journey's own, away from the other tests' (their gu spans 126.90–127.05).
    west = 127.20 + 0.02 * n
    gu = make_area(
        level=AreaLevel.GU,
        bounds=(west, 37.40, west + 0.015, 37.415),
        name_ko=f"여정{n}구",
        name_en=f"Journey{n}-gu",
    )
    dong = make_area(parent=gu, bounds=(west, 37.40, west + 0.01, 37.41))
    category = make_category()
    barber = make_user(display_name=f"Barber {n}", preferred_language=language)
    shop = make_organisation(
        barber,
        type=OrganisationType.BUSINESS,
        name_ko=f"여정이발소{n}",
        name_en=f"Journey Barbers {n}",
        area=dong,  # the ledger counts it in the journey's gu
    )
    facility_officer = make_user(preferred_language=language)
    welfare = make_organisation(
        facility_officer,
        type=OrganisationType.WELFARE_CENTRE,
        name_ko=f"{FACILITY_NAME}{n}",
        name_en=f"{FACILITY_NAME}{n}",
    )
    donee_officer = make_user(preferred_language=language)
    donee = make_organisation(donee_officer, type=OrganisationType.COMMUNITY_CHEST)
    programme_officer = make_user(Role.PROGRAMME_OFFICER, preferred_language=language)
    db.session.flush()
    return {
        "barber": barber.email,
        "shop": shop.id,
        "shop name": shop.name_ko if language == "ko" else shop.name_en,
        "shop legal name": shop.name_ko,  # documents carry the Korean name, in both languages
        "business number": new_business_number(),
        "programme officer": programme_officer.email,
        "welfare": welfare.id,
        "welfare name": f"{FACILITY_NAME}{n}",
        "facility officer": facility_officer.email,
        "donee officer": donee_officer.email,
        "donee": donee.id,
        "gu name": gu.name_ko if language == "ko" else gu.name_en,
        "dong": dong.id,
        "category": category.id,
    }


def _facility_of(organisation_id: int) -> int:
    return db.session.scalars(
        db.select(Facility.id).where(Facility.organisation_id == organisation_id)
    ).one()


def _beneficiary_of(facility_id: int) -> int:
    return db.session.scalars(
        db.select(Beneficiary.id).where(Beneficiary.facility_id == facility_id)
    ).one()


def _sign_in_as(page: Page, live_server, email: str, language: str) -> None:
    page.context.clear_cookies()
    log_in(page, live_server, email)
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_barber_enrols_pledges_and_redeems_and_the_year_is_certified(
    page: Page, live_server, in_live_db, check_accessibility, language
):
    app = live_server.app
    world = in_live_db(_people_and_places, language)
    before = app.config["DIDIMDOL_DONEE_ID"]
    app.config["DIDIMDOL_DONEE_ID"] = world["donee"]
    try:
        _journey(page, live_server, in_live_db, world, language, check_accessibility)
    finally:
        app.config["DIDIMDOL_DONEE_ID"] = before


def _journey(page: Page, live_server, in_live_db, world, language, check_accessibility) -> None:
    text = TEXT[language]
    today = seoul_today()
    page.set_viewport_size(DESK)

    # The barber enrols the shop.
    _sign_in_as(page, live_server, world["barber"], language)
    page.goto(live_server(f"/didimdol/enrol/{world['shop']}"))
    check_accessibility(f"enrol ({language})")
    page.fill("#business_number", world["business number"])
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    enrolment = int(re.search(r"/didimdol/donors/(\d+)$", page.url).group(1))  # type: ignore[union-attr]
    check_accessibility(f"the donor's page, requested ({language})")

    # A programme officer approves it and designates the welfare facility.
    _sign_in_as(page, live_server, world["programme officer"], language)
    page.goto(live_server("/staff/didimdol"))
    check_accessibility(f"the programme ({language})")
    page.locator(
        f"form[action$='/enrolments/{enrolment}/status']:has(input[value=approved]) button"
    ).click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.goto(live_server("/staff/didimdol/facilities/new"))
    check_accessibility(f"designate a facility ({language})")
    page.locator("#organisation").select_option(str(world["welfare"]))
    page.fill("#monthly_quota", "20")
    page.locator(f"input[name=dongs][value='{world['dong']}']").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    facility = in_live_db(_facility_of, world["welfare"])

    # The barber drafts a pledge, then publishes it.
    _sign_in_as(page, live_server, world["barber"], language)
    page.goto(live_server(f"/didimdol/donors/{enrolment}/pledges/new"))
    check_accessibility(f"a new pledge ({language})")
    page.locator("#category").select_option(str(world["category"]))
    page.locator("input[name=kind][value=service]").check()
    page.fill("#unit", text["haircut"])
    page.fill("#unit_value", str(HAIRCUT_VALUE))
    page.fill("#monthly_capacity", "10")
    page.locator("input[name=target_groups][value=older_alone]").check()
    page.locator(f"input[name=dongs][value='{world['dong']}']").check()
    page.fill("#valid_from", today.isoformat())
    page.fill("#valid_until", (today + timedelta(days=365)).isoformat())
    page.fill("#how_to_redeem", "Tue–Sat 10–18")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    row = page.locator("main tr", has_text=text["haircut"])
    publish = row.locator("form:has(input[value=published])")
    pledge = int(re.search(r"/pledges/(\d+)/", publish.get_attribute("action")).group(1))  # type: ignore[union-attr, arg-type]
    publish.locator("button").click()
    expect(page.locator(".flash-success")).to_be_visible()
    check_accessibility(f"the donor's page, a published pledge ({language})")

    # The facility's officer adds a person, with consent, and issues a voucher for the haircut.
    _sign_in_as(page, live_server, world["facility officer"], language)
    page.goto(live_server(f"/didimdol/facilities/{facility}/beneficiaries/new"))
    check_accessibility(f"add a person ({language})")
    page.fill("#name", BENEFICIARY_NAME)
    page.fill("#phone", "010-2468-1357")
    page.fill("#birth_year", "1946")
    page.locator("input[name=target_groups][value=older_alone]").check()
    page.locator("input[name=consent_method]").first.check()
    page.fill("#consent_given_on", today.isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text(BENEFICIARY_NAME)
    check_accessibility(f"one person ({language})")
    person = in_live_db(_beneficiary_of, facility)
    page.goto(live_server(f"/didimdol/facilities/{facility}/beneficiaries/{person}/vouchers/new"))
    check_accessibility(f"issue a voucher ({language})")
    page.locator("#pledge").select_option(f"p{pledge}")
    page.fill("#units", "1")
    page.fill("#valid_until", (today + timedelta(days=30)).isoformat())
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    code = page.locator(".voucher-code").inner_text().strip()
    expect(page.locator("main svg")).to_be_visible()
    check_accessibility(f"the voucher slip ({language})")

    # The barber, on the shop's phone, types the code: only the service, units and validity.
    _sign_in_as(page, live_server, world["barber"], language)
    page.set_viewport_size(PHONE)
    page.goto(live_server("/redeem"))
    check_accessibility(f"the counter ({language}, phone)")
    page.fill("#code", code)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#voucher-heading")).to_have_text(text["valid"])
    facts = page.locator("main")
    expect(facts).to_contain_text(text["haircut"])
    expect(facts).not_to_contain_text(BENEFICIARY_NAME)
    expect(facts).not_to_contain_text(world["welfare name"])
    assert BENEFICIARY_NAME not in page.content()
    assert world["welfare name"] not in page.content()
    check_accessibility(f"a valid voucher ({language}, phone)")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/redeem/done/\d+$"))
    expect(page.locator("main")).not_to_contain_text(BENEFICIARY_NAME)
    check_accessibility(f"the redeemed voucher ({language}, phone)")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESK)

    # The barber's page shows the value given; the public ledger counts it, suppressed (< 5).
    page.goto(live_server(f"/didimdol/donors/{enrolment}"))
    expect(page.locator("main dl")).to_contain_text(f"{HAIRCUT_VALUE:,}")
    check_accessibility(f"the donor's page, a redemption ({language})")
    page.context.clear_cookies()
    page.goto(live_server(f"/didimdol/ledger?year={today.year}&lang={language}"))
    expect(page.locator("#ledger-year")).to_have_value(str(today.year))
    gu_row = page.locator("#ledger-redemptions ~ .table-wrap tbody tr", has_text=world["gu name"])
    expect(gu_row).to_have_count(1)
    expect(gu_row).to_contain_text(text["hidden"])
    expect(gu_row).to_contain_text("—")
    check_accessibility(f"the public ledger ({language})")

    # The donee's officer issues the barber's year: a haircut is a service, so a certificate.
    _sign_in_as(page, live_server, world["donee officer"], language)
    page.goto(live_server(f"/staff/didimdol/receipts?year={today.year}"))
    check_accessibility(f"the donee's year ({language})")
    owed = page.locator("main tr", has_text=world["shop name"]).filter(
        has=page.locator("input[name=kind]")
    )
    expect(owed).to_have_count(1)
    expect(owed).to_contain_text(f"{HAIRCUT_VALUE:,}")
    owed.locator("button[type=submit]").click()
    expect(page.locator(".flash-success")).to_contain_text(f"C{today.year}-")
    issued = page.locator("main tr", has_text=world["shop legal name"]).filter(
        has=page.locator("a[href$='.pdf']")
    )
    expect(issued).to_contain_text(f"C{today.year}-")
    expect(issued).to_contain_text(f"{HAIRCUT_VALUE:,}")
    check_accessibility(f"the donee's year, the certificate issued ({language})")
    pdf = page.request.get(live_server(issued.locator("a[href$='.pdf']").get_attribute("href")))  # type: ignore[arg-type]
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
