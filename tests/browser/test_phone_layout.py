"""A site that works on a phone (issue 13, item 9): at 390 × 844 no page scrolls sideways, for
anyone signed out or in as a resident, staff, a moderator, an administrator or an outreach
visitor, in Korean and in English; on /map the map starts on the first screen. The pages are
every GET route of the app (its url_map), with real ids from the demo set, so a new page is
measured without a new line."""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import url_for
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from app.accounts import links
from app.accounts.models import User
from app.alerts.services import AlertChoice, add_subscription
from app.areas.models import Area, AreaLevel
from app.areas.services import dong_and_gu_at
from app.categories.models import Category
from app.checkins.models import Cadence
from app.checkins.services import GroupDetails, add_member, create_group
from app.clock import seoul_today
from app.consents.models import ConsentMethod
from app.contests.models import Contest, Proposal
from app.demo.services import DEMO_EMAIL_DOMAIN, load_demo
from app.didimdol.association_models import Agreement, Association, Invitation
from app.didimdol.invitations import LINK_SALT as INVITATION_LINK_SALT
from app.didimdol.models import DonorEnrolment, Voucher
from app.didimdol.receipts_models import DonationDocument, Signboard
from app.extensions import db
from app.ideas.models import Department, Idea
from app.matching.models import Match
from app.neighbours.models import NeighbourAppointment, NeighbourKind
from app.organisations.models import Organisation, OrganisationStatus
from app.pins.models import Pin
from app.pins.services import exact_point
from app.reports.models import CrisisType, ReportAbout, Urgency
from app.reports.services import ReportDetails, receive_report
from app.stories.models import Story, StoryCampaign, StoryStatus
from app.vault import blind_index
from app.visits.models import Sweep, SweepHousehold, Visit, VisitKind
from tests.browser.conftest import serve

# The demo world is committed for real, through a server of its own (not the rolled-back
# transaction of tests/conftest.py).
pytestmark = pytest.mark.own_app

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# A 1x1 transparent PNG for every map tile: the tests run without the internet.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
# Who looks, as which demo account (None: signed out).
READERS = {
    "signed out": None,
    "resident": "resident",
    "staff": "staff.jongno",
    "moderator": "moderator",
    "administrator": "admin",
    "outreach visitor": "visitor",
}
# Routes that answer with something other than a page (data, files, feeds, Open311), or that need a
# value no seeded world has (an emailed token, a stored file's id).
NOT_PAGES = re.compile(
    r"^/(api|export|static|open311)/|\.(csv|geojson|atom)$|^/health$|/photo|/attachments/"
)
NOT_FILLABLE = {"token", "photo_id", "attachment_id"}


@dataclass
class DemoWorld:
    passwords: dict[str, str] = field(default_factory=dict)
    ids: dict[str, object] = field(default_factory=dict)


def _alert_of(person: User) -> int:
    area = db.session.scalar(select(Area).order_by(Area.code).limit(1))
    assert area is not None
    choice = AlertChoice(needs=True, offers=False, area_ids=[area.id], category_ids=[])
    return add_subscription(person, choice).id


def _appointment_of(person: User) -> NeighbourAppointment:
    """The resident as a Sharing Neighbour (the demo has none): they see their card."""
    dong = db.session.scalar(
        select(Area).where(Area.level == AreaLevel.DONG).order_by(Area.code).limit(1)
    )
    assert dong is not None
    today = date.today()
    appointment = NeighbourAppointment(
        person=person,
        dong=dong,
        kind=NeighbourKind.SHOPKEEPER,
        term_starts_on=today,
        term_ends_on=today + timedelta(days=365),
        pledge_signed_on=today,
        pledge_version="2026-12",
    )
    db.session.add(appointment)
    db.session.flush()
    return appointment


def _report_by(person: User, pin_id: int) -> int:
    """A confidential report by the resident at their own need's place (the demo has none):
    the dong's staff see its page; the others get the error pages."""
    lon, lat = exact_point(db.session.get(Pin, pin_id))
    details = ReportDetails(
        about=ReportAbout.NEIGHBOUR,
        crisis_types=[CrisisType.ISOLATION],
        urgency=Urgency.THIS_WEEK,
        what_was_seen="The neighbour upstairs has not been seen for a week.",
        lon=lon,
        lat=lat,
    )
    return receive_report(details, person).report.id


def _checkin_group_hosted_by(person: User, pin_id: int) -> tuple[int, int]:
    """A check-in group the resident hosts, meeting at their own need's place, with one member
    (the demo has none): the host sees its check-in page, the dong's staff the member's."""
    lon, lat = exact_point(db.session.get(Pin, pin_id))
    dong = dong_and_gu_at(lon, lat).dong
    assert dong is not None
    details = GroupDetails(
        name="안부 모임", lon=lon, lat=lat, cadence=Cadence.DAILY, host_email=person.email
    )
    group = create_group(details, dong, person)
    member = add_member(
        group,
        person,
        label="1번 회원",
        name="회원",
        phone="",
        consent_method=ConsentMethod.SIGNED_PAPER,
    )
    return group.id, member.id


def _didimdol_ids() -> dict[str, int]:
    """The demo's donor, facility, person and voucher: their pages answer their own people;
    the readers here get the error pages, measured all the same."""
    voucher = db.session.scalar(select(Voucher).order_by(Voucher.id).limit(1))
    enrolment_id = db.session.scalar(select(DonorEnrolment.id).limit(1))
    assert voucher is not None and enrolment_id is not None
    return {
        "enrolment_id": enrolment_id,
        "facility_id": voucher.facility_id,
        "beneficiary_id": voucher.beneficiary_id,
        "voucher_id": voucher.id,
        # The demo issues no receipt or signboard (no donee is set, nobody is eligible yet):
        # these pages answer their error page, measured all the same.
        "document_id": db.session.scalar(select(func.min(DonationDocument.id))) or 1,
        "signboard_id": db.session.scalar(select(func.min(Signboard.id))) or 1,
        "number": db.session.scalar(select(func.min(Signboard.number))) or 1,
        # The demo's barbers' association and its agreement (the readers here get 403 pages).
        "association_id": db.session.scalar(select(func.min(Association.id))) or 1,
        "agreement_id": db.session.scalar(select(func.min(Agreement.id))) or 1,
        # The invitee's page needs an emailed link: a fresh one for the demo's first invitation
        # (kept apart from `token`, which no sweep fills).
        "invitation_token": _fresh_invitation_link(),
    }


def _fresh_invitation_link() -> str:
    invitation = db.session.scalar(select(Invitation).order_by(Invitation.id).limit(1))
    assert invitation is not None
    key, invitation.key_hash = links.new_key()
    db.session.flush()
    return links.sign(key, INVITATION_LINK_SALT)


def _visits_in_jongno() -> dict[str, int]:
    """A sweep over a dong of Jongno-gu (the demo has none), a household of it and today's
    visit there, first in the round and assigned to the demo visitor: the staff of Jongno-gu
    see the round, the visit, the board and the import form; the others get the error pages."""
    gu = db.session.scalar(select(Area).where(Area.code == "11110"))
    assert gu is not None
    dong = db.session.scalar(
        select(Area).where(Area.parent_id == gu.id).order_by(Area.code).limit(1)
    )
    assert dong is not None
    today = seoul_today()
    sweep = Sweep(name="겨울 발굴 조사", starts_on=today, ends_on=today + timedelta(days=30))
    sweep.dongs = [dong]
    db.session.add(sweep)
    db.session.flush()
    address, phone = "서울 종로구 시험로 1", "010-2222-3333"
    household = SweepHousehold(
        sweep_id=sweep.id,
        dong=dong,
        name="김이웃",
        phone=phone,
        phone_index=blind_index("phone", phone),
        address_text=address,
        address_index=blind_index("address", address),
    )
    visitor = db.session.scalar(select(User).where(User.email.startswith("visitor@")))
    visit = Visit(
        dong=dong, household=household, planned_on=today, kind=VisitKind.HOME, round_position=1
    )
    visit.visitors = [visitor] if visitor else []
    db.session.add_all([household, visit])
    db.session.flush()
    return {"dong_id": dong.id, "sweep_id": sweep.id, "visit_id": visit.id}


def _load_world(world: DemoWorld) -> None:
    accounts = load_demo()
    world.passwords.update(accounts.passwords)

    def first(statement):
        return statement.limit(1)

    resident = db.session.scalar(select(User).where(User.email.startswith("resident@")))
    assert resident is not None
    world.ids.update(
        category_id=db.session.scalar(first(select(Category.id).order_by(Category.id))),
        department_id=db.session.scalar(first(select(Department.id).order_by(Department.id))),
        # A verified organisation the demo representatives run; the admin's reject form needs a
        # pending one (below).
        organisation_id=db.session.scalar(
            first(
                select(Organisation.id)
                .where(Organisation.status == OrganisationStatus.VERIFIED)
                .order_by(Organisation.id)
            )
        ),
        pending_organisation_id=db.session.scalar(
            first(select(Organisation.id).where(Organisation.status == OrganisationStatus.PENDING))
        ),
        user_id=resident.id,
        contest_id=db.session.scalar(first(select(Contest.id).order_by(Contest.id))),
        proposal_id=db.session.scalar(first(select(Proposal.id).order_by(Proposal.id))),
        idea_id=db.session.scalar(first(select(Idea.id).order_by(Idea.id))),
        story_id=db.session.scalar(
            first(select(Story.id).where(Story.status == StoryStatus.PUBLISHED).order_by(Story.id))
        ),
        # The earliest campaign has begun: the public sees it.
        campaign_id=db.session.scalar(
            first(select(StoryCampaign.id).order_by(StoryCampaign.starts_on))
        ),
        # The resident's own pin: its author sees the edit page and the private details.
        pin_id=db.session.scalar(
            first(select(Pin.id).where(Pin.author_id == resident.id).order_by(Pin.id))
        ),
        # A match's conversation page (its sides see the thread; others get the 404 page).
        match_id=db.session.scalar(first(select(Match.id).order_by(Match.id))),
        # The resident's own alert (the demo has none): its owner sees its edit page.
        subscription_id=_alert_of(resident),
        code="11110",
    )
    appointment = _appointment_of(resident)
    world.ids.update(appointment_id=appointment.id, token=appointment.verification_token)
    # A need's consent forms (its area's staff see them; the others get the error pages).
    world.ids.update(kind_name="need", subject_id=world.ids["pin_id"])
    world.ids.update(report_id=_report_by(resident, world.ids["pin_id"]))
    group_id, member_id = _checkin_group_hosted_by(resident, world.ids["pin_id"])
    world.ids.update(group_id=group_id, member_id=member_id)
    world.ids.update(_didimdol_ids())
    # The outreach visits' pages (rounds, visits, sweeps).
    world.ids.update(_visits_in_jongno())
    assert all(value is not None for value in world.ids.values()), world.ids


@pytest.fixture(scope="module")
def demo_world():
    return DemoWorld()


@pytest.fixture(scope="module")
def demo_server(tmp_dir, demo_world):
    yield from serve("_phone", tmp_dir, lambda: _load_world(demo_world))


def site_pages(app, world: DemoWorld) -> list[str]:
    """Every GET page of the app, its placeholders filled with the demo world's ids."""
    pages = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint.startswith("_"):
            continue
        if NOT_PAGES.search(rule.rule) or rule.arguments & NOT_FILLABLE:
            continue
        unknown = rule.arguments - world.ids.keys()
        assert not unknown, f"{rule.rule}: give _load_world an id for {', '.join(unknown)}"
        values = {name: world.ids[name] for name in rule.arguments}
        if rule.endpoint == "admin.reject_organisation":
            values["organisation_id"] = world.ids["pending_organisation_id"]
        with app.test_request_context():
            pages.add(url_for(rule.endpoint, **values))
    return sorted(pages)


def log_in(page: Page, server, email: str, password: str) -> None:
    page.goto(server("/login"))
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main").get_by_role("button").click()
    expect(page.locator(".flash-success")).to_be_visible()


def new_phone_page(browser: Browser, server, world: DemoWorld, account: str | None) -> Page:
    context = browser.new_context(viewport=PHONE, locale="ko-KR", timezone_id="Asia/Seoul")
    page = context.new_page()
    page.route(re.compile(r"tile\.openstreetmap|/tiles?/"), lambda r: r.fulfill(body=BLANK_TILE))
    if account:
        email = f"{account}@{DEMO_EMAIL_DOMAIN}"
        log_in(page, server, email, world.passwords[email])
    return page


SIDEWAYS = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
# What sticks out, to name in a failure: the outermost elements wider than the screen.
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
               && !(e.parentElement && e.parentElement.getBoundingClientRect().right
                    > window.innerWidth + 1))
  .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (e.className && typeof e.className === 'string'
                           ? '.' + e.className.trim().split(/\\s+/).join('.') : ''))"""


# The sweep measures layout (widths, titles), which no database changes: CI's SpatiaLite run
# measures it, and the PostGIS run, beside it on the other core, spends its minutes on what
# the database does change (every page of it is also fetched by the route and privacy tests).
@pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"),
    reason="layout only: measured in the SpatiaLite run",
)
@pytest.mark.parametrize("reader", list(READERS))
def test_no_page_scrolls_sideways_on_a_phone(browser: Browser, demo_server, demo_world, reader):
    pages = site_pages(demo_server.app, demo_world)
    assert len(pages) > 40, pages  # the walk covers the site, not a handful of pages
    page = new_phone_page(browser, demo_server, demo_world, READERS[reader])
    sideways, bad_titles = [], []
    measured = 0
    for language in ("ko", "en"):
        for path in pages:
            response = page.goto(demo_server(f"{path}?lang={language}"))
            assert response is not None
            if "text/html" not in response.headers.get("content-type", ""):
                continue
            measured += 1
            # A title block left open swallows the page's markup into the tab's name.
            title = page.title()
            if not title.strip() or "<" in title or len(title) > 200:
                bad_titles.append(f"{language} {path}: {title[:80]!r}")
            scroll_width, screen_width = page.evaluate(SIDEWAYS)
            if scroll_width > screen_width:
                sideways.append(
                    f"{language} {path} ({response.status}): {scroll_width} px > {screen_width}"
                    f" px, {', '.join(page.evaluate(WIDE_ELEMENTS))}"
                )
    page.context.close()
    assert measured > 80
    assert not sideways, f"pages that scroll sideways for {reader}:\n" + "\n".join(sideways)
    assert not bad_titles, f"pages whose title is not a title for {reader}:\n" + "\n".join(
        bad_titles
    )


# The visits' pages the sweep above measures, and whom they are drawn for (not an error page).
VISITS_PAGES = {
    "staff": (
        "/visits/today",
        "/visits/{visit_id}",
        "/staff/visits/rounds/{dong_id}",
        "/staff/visits/rounds/{dong_id}/pdf",
        "/staff/sweeps",
        "/staff/sweeps/new",
        "/staff/sweeps/{sweep_id}",
        "/staff/sweeps/{sweep_id}/import",
    ),
    "outreach visitor": ("/visits/today", "/visits/{visit_id}"),
}


@pytest.mark.parametrize("reader", list(VISITS_PAGES))
def test_the_sweep_measures_the_visits_pages_as_drawn_for_their_readers(
    browser: Browser, demo_server, demo_world, reader
):
    pages = site_pages(demo_server.app, demo_world)
    page = new_phone_page(browser, demo_server, demo_world, READERS[reader])
    for template in VISITS_PAGES[reader]:
        path = template.format(**demo_world.ids)
        assert path in pages
        response = page.goto(demo_server(path))
        assert response is not None and response.status == 200, path
    page.context.close()


# The Didimdol pages of associations, leaving and consent withdrawal, drawn for their own readers
# (the sweep's readers get their error pages): none scrolls sideways on a phone.
DIDIMDOL_READERS = {
    "programme officer": "programme.officer",
    "facility officer": "centre.rep",
    "signed out": None,
}
DIDIMDOL_PAGES = {
    "programme officer": (
        "/staff/didimdol/associations",
        "/staff/didimdol/associations/{association_id}",
        "/staff/didimdol/associations/{association_id}/agreements/new",
        "/staff/didimdol/associations/{association_id}/invitations/new",
    ),
    "facility officer": (
        "/didimdol/facilities/{facility_id}/beneficiaries/{beneficiary_id}/left",
        "/didimdol/facilities/{facility_id}/beneficiaries/{beneficiary_id}/consent/withdraw",
        "/consents/didimdol_beneficiary/{beneficiary_id}/new",
    ),
    "signed out": ("/didimdol/invitations/{invitation_token}",),
}


@pytest.mark.parametrize("reader", list(DIDIMDOL_PAGES))
def test_the_didimdol_pages_drawn_for_their_readers_fit_a_phone(
    browser: Browser, demo_server, demo_world, reader
):
    page = new_phone_page(browser, demo_server, demo_world, DIDIMDOL_READERS[reader])
    sideways = []
    for language in ("ko", "en"):
        for template in DIDIMDOL_PAGES[reader]:
            path = template.format(**demo_world.ids)
            response = page.goto(demo_server(f"{path}?lang={language}"))
            assert response is not None and response.status == 200, path
            scroll_width, screen_width = page.evaluate(SIDEWAYS)
            if scroll_width > screen_width:
                sideways.append(f"{language} {path}: {', '.join(page.evaluate(WIDE_ELEMENTS))}")
    page.context.close()
    assert not sideways, f"pages that scroll sideways for {reader}:\n" + "\n".join(sideways)


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("reader", ["signed out", "administrator"])
def test_on_a_phone_the_map_fills_the_first_screen(
    browser: Browser, demo_server, demo_world, reader, language
):
    page = new_phone_page(browser, demo_server, demo_world, READERS[reader])
    page.goto(demo_server(f"/map?lang={language}"))
    box = page.locator(".community-map").bounding_box()
    assert box is not None
    # The map begins in the top quarter of the screen and fills most of what is left of it.
    assert box["y"] < PHONE["height"] / 4, box
    assert box["y"] + box["height"] >= PHONE["height"] * 0.85, box
    # The filters wait in a drawer; opened, they work; the list stays one tap away.
    filters = page.locator("#map-filters")
    expect(filters).to_be_hidden()
    page.locator(".filters-toggle summary").click()
    expect(filters).to_be_visible()
    expect(page.locator("#map-list-link")).to_be_visible()
    page.context.close()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_on_a_phone_the_menu_opens_and_closes(
    page: Page, demo_server, demo_world, language, check_accessibility
):
    page.set_viewport_size(PHONE)
    email = f"admin@{DEMO_EMAIL_DOMAIN}"
    log_in(page, demo_server, email, demo_world.passwords[email])
    page.goto(demo_server(f"/?lang={language}"))
    nav = page.locator(".main-nav")
    toggle = page.locator(".menu-toggle summary")
    expect(nav).to_be_hidden()
    # The header stays compact: the brand, the menu button and the language switch.
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 120, header
    check_accessibility(f"home on a phone, menu closed ({language})")
    toggle.click()
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link").first).to_be_visible()
    check_accessibility(f"home on a phone, menu open ({language})")
    page.goto(demo_server(f"/map?lang={language}"))
    check_accessibility(f"map on a phone ({language})")
    page.locator(".filters-toggle summary").click()
    check_accessibility(f"map on a phone, filters open ({language})")
    toggle.click()
    expect(nav).to_be_visible()
    # Tables wider than the phone scroll in their wrapper, which a keyboard can reach too.
    for path in ("/ideas/accountability", "/admin/categories", "/admin/organisations"):
        page.goto(demo_server(f"{path}?lang={language}"))
        check_accessibility(f"{path} on a phone ({language})")


def test_on_a_desktop_the_menu_and_the_filters_stay_open(page: Page, demo_server):
    page.set_viewport_size(DESKTOP)
    page.goto(demo_server("/map"))
    expect(page.locator(".main-nav")).to_be_visible()
    expect(page.locator(".menu-toggle")).to_be_hidden()
    expect(page.locator("#map-filters")).to_be_visible()
    expect(page.locator(".filters-toggle")).to_be_hidden()
    # Tables that fit are no extra stop for the Tab key.
    page.goto(demo_server("/ideas/accountability"))
    wraps = page.locator(".table-wrap")
    assert wraps.count() >= 2
    for wrap in wraps.all():
        expect(wrap).not_to_have_attribute("tabindex", "0")
