"""Receipts' and signboards' pages: who may do what (the role x route table); a revoked
signboard's page says "not active" on the very next request and is never cached; the public
check of a receipt says valid or void and the amount, nothing of who received; the annual CSV
holds the registration number for the issuers; the signboard PDF says its number in Korean."""

from __future__ import annotations

import csv
import io

import pytest

from app.didimdol.business_numbers import formatted
from app.didimdol.receipts import issue_document, void_document
from app.didimdol.receipts_models import DonationDocumentKind
from app.didimdol.signboards import issue_signboard, revoke_signboard
from app.organisations.models import OrganisationType
from tests.didimdol.pdf_text import pdf_text
from tests.didimdol.receipts_world import build_receipts_world
from tests.didimdol.world import FACILITY_MARKER, NAME_MARKER
from tests.factories import login, make_organisation, make_user
from tests.roles import LOGIN, assert_status, expect

PEOPLE = (
    "anonymous",
    "resident",
    "admin",
    "staff",
    "programme_officer",
    "donee_officer",
    "donor_rep",
    "donor_staff",
    "other_donor",
    "facility_officer",
)
SIGNED_OUT = {"anonymous": LOGIN}
ISSUERS = expect(PEOPLE, 403, programme_officer=200, donee_officer=200, **SIGNED_OUT)
ISSUERS_REDIRECT = expect(PEOPLE, 403, programme_officer=302, donee_officer=302, **SIGNED_OUT)
OFFICER = expect(PEOPLE, 403, programme_officer=200, **SIGNED_OUT)
DONOR_OR_ISSUERS = expect(
    PEOPLE,
    404,
    programme_officer=200,
    donee_officer=200,
    donor_rep=200,
    donor_staff=200,
    **SIGNED_OUT,
)
DONOR_OR_OFFICER = expect(
    PEOPLE, 404, programme_officer=200, donor_rep=200, donor_staff=200, **SIGNED_OUT
)
EVERYONE = expect(PEOPLE, 200)

ROUTES = {
    "receipts of a year": ("GET", "/staff/didimdol/receipts?year=2026", ISSUERS),
    "issue a document (empty)": ("POST", "/staff/didimdol/receipts/issue", ISSUERS_REDIRECT),
    "issue all (empty)": ("POST", "/staff/didimdol/receipts/issue-all", ISSUERS_REDIRECT),
    "void form": ("GET", "/staff/didimdol/receipts/{document}/void", ISSUERS),
    "void (empty)": ("POST", "/staff/didimdol/receipts/{document}/void", ISSUERS),
    "document PDF": ("GET", "/didimdol/receipts/{document}.pdf", DONOR_OR_ISSUERS),
    "annual CSV": ("GET", "/staff/didimdol/receipts/{year}.csv", ISSUERS),
    "donor's documents": ("GET", "/didimdol/donors/{enrolment}/receipts", DONOR_OR_ISSUERS),
    "check a document": ("GET", "/receipts/check/{token}", EVERYONE),
    "signboards": ("GET", "/staff/didimdol/signboards", OFFICER),
    "issue a signboard (empty)": (
        "POST",
        "/staff/didimdol/signboards/issue",
        expect(PEOPLE, 403, programme_officer=302, **SIGNED_OUT),
    ),
    "revoke form": ("GET", "/staff/didimdol/signboards/{signboard}/revoke", OFFICER),
    "revoke (empty)": ("POST", "/staff/didimdol/signboards/{signboard}/revoke", OFFICER),
    "signboard PDF": ("GET", "/didimdol/signboards/{signboard}.pdf", DONOR_OR_OFFICER),
    "signboard's public page": ("GET", "/signboards/{number}", EVERYONE),
}


@pytest.fixture
def rw(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIDIMDOL_DONEE_ID", None)
    monkeypatch.setitem(app.config, "DIDIMDOL_SIGNBOARD_REDEMPTIONS", 3)
    return build_receipts_world(app)


@pytest.fixture
def client(english_client):
    return english_client


def people(rw) -> dict:
    return {**rw.world.people, "donee_officer": rw.donee_officer}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, rw, route, who):
    method, template, expected = ROUTES[route]
    officer = rw.world.people["programme_officer"]
    document = issue_document(rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer)
    signboard = issue_signboard(rw.world.enrolment, officer)
    if who != "anonymous":
        login(client, people(rw)[who])
    path = template.format(
        document=document.id,
        enrolment=rw.world.enrolment.id,
        token=document.token,
        signboard=signboard.id,
        number=signboard.number,
        year=2026,
    )
    assert_status(client.open(path, method=method), expected[who])


def test_a_revoked_signboard_s_page_says_not_active_on_the_next_request(client, rw):
    officer = rw.world.people["programme_officer"]
    signboard = issue_signboard(rw.world.enrolment, officer)
    page = client.get(f"/signboards/{signboard.number}")
    assert "An active donor" in page.get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]
    revoke_signboard(signboard, "Closed the shop", officer)
    page = client.get(f"/signboards/{signboard.number}")
    text = page.get_data(as_text=True)
    assert "Not active" in text and "An active donor" not in text
    assert rw.world.enrolment.organisation.name_en in text  # the business, nothing else
    assert "Closed the shop" not in text and NAME_MARKER not in text
    again = issue_signboard(rw.world.enrolment, officer)
    assert again.number == signboard.number + 1  # a revoked number is never given again


def test_the_check_says_valid_then_void_and_the_amount_only(client, rw):
    officer = rw.world.people["programme_officer"]
    document = issue_document(rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer)
    text = client.get(f"/receipts/check/{document.token}").get_data(as_text=True)
    assert "Valid" in text and "106,500" in text
    for private in (NAME_MARKER, FACILITY_MARKER, formatted(rw.world.enrolment.business_number)):
        assert private not in text
    void_document(document, "Typo", officer)
    assert "no longer valid" in client.get(f"/receipts/check/{document.token}").get_data(
        as_text=True
    )


def test_the_annual_csv_lists_issued_and_void_with_the_registration_number(client, rw):
    officer = rw.world.people["programme_officer"]
    first = issue_document(rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer)
    void_document(first, "Typo", officer)
    issue_document(rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer)
    login(client, rw.donee_officer)
    body = client.get("/staff/didimdol/receipts/2026.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    number = formatted(rw.world.enrolment.business_number)
    code = f"D{rw.donee.id}-"
    assert [(r[0], r[4], r[5], r[6]) for r in rows[1:]] == [
        (code + "2026-000001", number, "106500", "Void"),
        (code + "2026-000002", number, "106500", "Issued"),
    ]


def test_issuing_through_the_page_and_issuing_all_twice_issues_once(client, rw):
    login(client, rw.donee_officer)
    client.post("/staff/didimdol/receipts/issue-all", data={"year": "2026"})
    page = client.get("/staff/didimdol/receipts?year=2026").get_data(as_text=True)
    code = f"D{rw.donee.id}-"
    assert code + "2026-000001" in page and code + "C2026-000001" in page
    client.post("/staff/didimdol/receipts/issue-all", data={"year": "2026"})
    page = client.get("/staff/didimdol/receipts?year=2026").get_data(as_text=True)
    assert "2026-000002" not in page


def test_the_signboard_pdf_says_its_number_in_korean(app, client, rw):
    signboard = issue_signboard(rw.world.enrolment, rw.world.people["programme_officer"])
    login(client, rw.world.people["donor_rep"])
    response = client.get(f"/didimdol/signboards/{signboard.id}.pdf")
    text = pdf_text(response.data)
    assert f"디딤돌 나눔가게 제 {signboard.number}호" in text
    assert rw.world.enrolment.organisation.name_ko in text


def test_a_former_donee_s_officer_may_no_longer_void_its_documents(app, client, rw):
    officer = rw.world.people["programme_officer"]
    document = issue_document(rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer)
    login(client, rw.donee_officer)
    assert client.get(f"/staff/didimdol/receipts/{document.id}/void").status_code == 200
    successor = make_organisation(make_user(), type=OrganisationType.COMMUNITY_CHEST)
    app.config["DIDIMDOL_DONEE_ID"] = successor.id
    assert client.get(f"/staff/didimdol/receipts/{document.id}/void").status_code == 403


def test_after_a_change_of_donee_former_documents_are_listed_apart_without_void_links(
    app, client, rw
):
    officer = rw.world.people["programme_officer"]
    mistaken = issue_document(rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer)
    void_document(mistaken, "Issued by the wrong donee", officer)
    former = issue_document(rw.world.enrolment, 2026, DonationDocumentKind.CERTIFICATE, officer)
    successor_officer = make_user()
    successor = make_organisation(successor_officer, type=OrganisationType.COMMUNITY_CHEST)
    app.config["DIDIMDOL_DONEE_ID"] = successor.id
    ours = issue_document(rw.world.enrolment, 2026, DonationDocumentKind.RECEIPT, officer)
    assert (mistaken.serial, ours.serial) == (1, 1)  # each donee's series, gapless
    assert mistaken.number != ours.number  # but never read alike
    login(client, successor_officer)
    page = client.get("/staff/didimdol/receipts?year=2026").get_data(as_text=True)
    mine, _, theirs = page.partition("Documents of former donees")
    assert f"/staff/didimdol/receipts/{ours.id}/void" in mine
    assert former.number in theirs and former.number not in mine
    assert f"/staff/didimdol/receipts/{former.id}/void" not in page
    assert client.get(f"/staff/didimdol/receipts/{former.id}/void").status_code == 403
    client.post("/logout")
    login(client, officer)  # the programme officers may void any: the page says so too
    page = client.get("/staff/didimdol/receipts?year=2026").get_data(as_text=True)
    assert f"/staff/didimdol/receipts/{former.id}/void" in page
