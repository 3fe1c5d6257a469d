"""The Didimdol pages added with associations, beneficiaries' leaving and consent withdrawal,
in a real browser and axe-clean in Korean and English: the associations, one association with
its invitations and its end form (sent empty, its messages at the fields), the agreement form,
the invitation list form, the invitee's page from the emailed link (signed out and signed in),
and a facility's forms for a person who left or withdrew their consent (with their messages),
the last also through the general consent pages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_didimdol_pages import _log_in
from tests.didimdol.association_world import make_association
from tests.didimdol.test_invitations import fresh_link, invite_one
from tests.didimdol.world import build_world


def _world() -> dict:
    world = build_world()
    officer = world.people["programme_officer"]
    association, agreement = make_association(officer)
    # The live database keeps each test's world: an address of this association's own.
    email = f"owner.{association.id}@example.org"
    token = fresh_link(invite_one(association, officer, email))
    return {
        "officer": officer.email,
        "facility officer": world.people["facility_officer"].email,
        "donor": world.people["donor_rep"].email,
        "association": association.id,
        "agreement": agreement.id,
        "token": token,
        "person": f"/didimdol/facilities/{world.facility.id}/beneficiaries/{world.beneficiary.id}",
        "beneficiary": world.beneficiary.id,
    }


def test_the_association_pages_pass_axe_in_both_languages(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    association = f"/staff/didimdol/associations/{world['association']}"
    _log_in(page, live_server, world["officer"])
    for language in ("ko", "en"):
        page.goto(live_server(f"/staff/didimdol/associations?lang={language}"))
        check_accessibility(f"the associations ({language})")
        page.goto(live_server(association))
        expect(page.locator("[data-invitation]")).to_have_count(1)
        check_accessibility(f"an association with its invitations ({language})")
        page.locator("main details summary").first.click()
        page.locator("main details form button[type=submit]").first.click()
        ended_on = f"#end-{world['agreement']}-ended_on-error"
        expect(page.locator(ended_on)).to_be_visible()
        check_accessibility(f"the end form, with its messages ({language})")
        page.goto(live_server(association + "/agreements/new"))
        check_accessibility(f"the agreement form ({language})")
        page.goto(live_server(association + "/invitations/new"))
        check_accessibility(f"the invitation list form ({language})")


def test_the_invitee_s_page_passes_axe_signed_out_and_in(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    invitation = live_server(f"/didimdol/invitations/{world['token']}")
    for language in ("ko", "en"):
        page.goto(f"{invitation}?lang={language}")
        expect(page.locator("[data-through-association]")).to_be_visible()
        check_accessibility(f"the invitee's page, signed out ({language})")
    _log_in(page, live_server, world["donor"])
    for language in ("ko", "en"):
        page.goto(f"{invitation}?lang={language}")
        check_accessibility(f"the invitee's page, signed in ({language})")


def test_a_facility_s_leaving_and_withdrawal_forms_pass_axe(
    page: Page, live_server, in_live_db, check_accessibility
):
    world = in_live_db(_world)
    _log_in(page, live_server, world["facility officer"])
    for language in ("ko", "en"):
        page.goto(live_server(f"{world['person']}/left?lang={language}"))
        check_accessibility(f"the person left ({language})")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#left_on-error")).to_be_visible()
        check_accessibility(f"the person left, with its messages ({language})")
        page.goto(live_server(f"{world['person']}/consent/withdraw?lang={language}"))
        check_accessibility(f"withdrawal of consent ({language})")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("#said_on-error")).to_be_visible()
        check_accessibility(f"withdrawal of consent, with its messages ({language})")
        page.goto(
            live_server(
                f"/consents/didimdol_beneficiary/{world['beneficiary']}/new?lang={language}"
            )
        )
        check_accessibility(f"the general consent form for the person ({language})")
