"""Associations and their agreements: who may use the pages (the role x route table), a bad PDF
answered at its field with nothing saved, the signed PDF downloadable by programme officers
only (an attachment, never cached), ending an agreement keeps it in the history, and the
oversight page counts the agreements in force."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from app.didimdol.association_models import Agreement, Association
from app.extensions import db
from tests.didimdol.association_world import make_association, pdf_bytes
from tests.didimdol.test_didimdol_pages import OFFICER, PEOPLE, SIGNED_OUT
from tests.didimdol.world import build_world
from tests.factories import field_error, login, reload
from tests.roles import assert_status, expect

OFFICER_POST = expect(PEOPLE, 403, programme_officer=302, **SIGNED_OUT)

ROUTES = {
    "associations": ("GET", "/staff/didimdol/associations", OFFICER),
    "new association form": ("GET", "/staff/didimdol/associations/new", OFFICER),
    "new association (empty)": ("POST", "/staff/didimdol/associations/new", OFFICER),
    "association": ("GET", "/staff/didimdol/associations/{association}", OFFICER),
    "agreement form": (
        "GET",
        "/staff/didimdol/associations/{association}/agreements/new",
        OFFICER,
    ),
    "agreement (empty)": (
        "POST",
        "/staff/didimdol/associations/{association}/agreements/new",
        OFFICER,
    ),
    "agreement pdf": ("GET", "/staff/didimdol/agreements/{agreement}/pdf", OFFICER),
    # A bad end form is answered on the association's page (200), at its fields.
    "end agreement (empty)": ("POST", "/staff/didimdol/agreements/{agreement}/end", OFFICER),
    "invite form": ("GET", "/staff/didimdol/associations/{association}/invitations/new", OFFICER),
    "invite (empty)": (
        "POST",
        "/staff/didimdol/associations/{association}/invitations/new",
        OFFICER,
    ),
    "revoke invitation": ("POST", "/staff/didimdol/invitations/{invitation}/revoke", OFFICER_POST),
    "resend invitation": ("POST", "/staff/didimdol/invitations/{invitation}/resend", OFFICER_POST),
}


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    """Agreements go to a folder of this test's own; the setting is restored afterwards."""
    saved = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield tmp_path / "uploads" / "didimdol_agreements"
    app.config["UPLOAD_FOLDER"] = saved


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    from tests.didimdol.test_invitations import invite_one

    association, agreement = make_association(world.people["programme_officer"])
    invitation = invite_one(association, world.people["programme_officer"])
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    path = template.format(
        association=association.id, agreement=agreement.id, invitation=invitation.id
    )
    assert_status(client.open(path, method=method), expected[who])


def _agreement_form(data: bytes, name: str = "signed.pdf", **fields) -> dict:
    return {
        "signatory_name": "Park Chair",
        "signatory_title": "Chair",
        "signed_on": "2026-01-05",
        "valid_from": "2026-01-05",
        "valid_until": "",
        "terms": "<b>One haircut</b> a month per member.",
        "signed_pdf": (io.BytesIO(data), name),
        **fields,
    }


def _agreements() -> int:
    return db.session.scalar(select(func.count(Agreement.id))) or 0


def _new_association(client) -> Association:
    answer = client.post(
        "/staff/didimdol/associations/new", data={"name": "Mapo Barbers", "kind": "barbers"}
    )
    assert answer.status_code == 302
    return db.session.scalars(select(Association).order_by(Association.id.desc())).first()


def test_an_agreement_is_recorded_with_its_pdf_and_terms_escaped(client, world, uploads):
    login(client, world.people["programme_officer"])
    association = _new_association(client)
    answer = client.post(
        f"/staff/didimdol/associations/{association.id}/agreements/new",
        data=_agreement_form(pdf_bytes(), "협약서 2026.pdf"),
    )
    assert answer.status_code == 302
    (agreement,) = reload(association).agreements
    assert [p.name for p in uploads.iterdir()] == [agreement.pdf_stored_name]
    page = client.get(f"/staff/didimdol/associations/{association.id}").get_data(as_text=True)
    assert "&lt;b&gt;One haircut&lt;/b&gt;" in page
    assert "In force" in page
    assert "Barbers&#39; association" in page or "Barbers' association" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"GIF89a not a pdf", "This file is not a PDF.", id="not a pdf"),
        pytest.param(
            pdf_bytes(script="app.alert('x')"),
            "contains scripts, actions or embedded files",
            id="active content",
        ),
    ],
)
def test_a_bad_pdf_is_answered_at_its_field_and_nothing_is_saved(
    client, world, uploads, data, message
):
    login(client, world.people["programme_officer"])
    association = _new_association(client)
    answer = client.post(
        f"/staff/didimdol/associations/{association.id}/agreements/new",
        data=_agreement_form(data),
    )
    assert answer.status_code == 200
    assert message in (field_error(answer.get_data(as_text=True), "signed_pdf") or "")
    assert _agreements() == 0
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_the_signed_pdf_is_a_download_never_cached(client, world, uploads):
    association, agreement = make_association(world.people["programme_officer"])
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / agreement.pdf_stored_name).write_bytes(pdf_bytes())
    login(client, world.people["programme_officer"])
    answer = client.get(f"/staff/didimdol/agreements/{agreement.id}/pdf")
    assert answer.status_code == 200
    assert answer.data.startswith(b"%PDF-")
    assert answer.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in answer.headers["Cache-Control"]


@pytest.mark.parametrize("who", ["donor_rep", "facility_officer", "admin"])
def test_nobody_else_downloads_the_signed_pdf(client, world, uploads, who):
    association, agreement = make_association(world.people["programme_officer"])
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / agreement.pdf_stored_name).write_bytes(pdf_bytes())
    login(client, world.people[who])
    assert client.get(f"/staff/didimdol/agreements/{agreement.id}/pdf").status_code == 403


def test_ending_an_agreement_keeps_it_dated_with_its_reason(client, world):
    association, agreement = make_association(world.people["programme_officer"])
    login(client, world.people["programme_officer"])
    before = client.get("/staff/didimdol/oversight").get_data(as_text=True)
    assert "1 agreement in force" in before
    answer = client.post(
        f"/staff/didimdol/agreements/{agreement.id}/end",
        data={
            f"end-{agreement.id}-ended_on": "2026-02-01",
            f"end-{agreement.id}-reason": "The association dissolved",
        },
    )
    assert answer.status_code == 302
    ended = reload(agreement)
    assert (ended.ended_on, ended.end_reason) == (date(2026, 2, 1), "The association dissolved")
    assert _agreements() == 1
    after = client.get("/staff/didimdol/oversight").get_data(as_text=True)
    assert "0 agreements in force" in after
    again = client.post(
        f"/staff/didimdol/agreements/{agreement.id}/end",
        data={f"end-{agreement.id}-ended_on": "2026-03-01", f"end-{agreement.id}-reason": "Twice"},
        follow_redirects=True,
    )
    assert "already ended" in again.get_data(as_text=True)
    assert reload(agreement).ended_on == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("ended_on", "reason", "field", "message"),
    [
        ("", "The association dissolved", "ended_on", "Enter the day it ended."),
        ("2026-02-30", "The association dissolved", "ended_on", None),
        ("2026-02-01", "", "reason", "Say why it ended."),
        ("2020-01-01", "Too early", "ended_on", "An agreement cannot end before it was signed."),
    ],
)
def test_a_bad_end_form_is_answered_at_its_field(client, world, ended_on, reason, field, message):
    association, agreement = make_association(world.people["programme_officer"])
    login(client, world.people["programme_officer"])
    answer = client.post(
        f"/staff/didimdol/agreements/{agreement.id}/end",
        data={f"end-{agreement.id}-ended_on": ended_on, f"end-{agreement.id}-reason": reason},
    )
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    shown = field_error(page, f"end-{agreement.id}-{field}")
    assert shown is not None
    if message:
        assert shown == message
    assert "flash-error" not in page
    assert reload(agreement).ended_on is None


def test_the_demo_has_the_barbers_agreement_with_its_pdf_and_invitations(app, uploads):
    from app.didimdol.agreements import stored_path
    from app.didimdol.association_models import AssociationKind, Invitation
    from app.pdf_uploads import check_pdf

    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    (barbers,) = db.session.scalars(
        select(Association).where(Association.kind == AssociationKind.BARBERS)
    )
    (agreement,) = barbers.agreements
    data = stored_path(agreement).read_bytes()
    assert check_pdf(io.BytesIO(data), "x.pdf", len(data)).data == data
    invited = db.session.scalars(select(Invitation).where(Invitation.association_id == barbers.id))
    assert len(list(invited)) == 3


def test_an_agreement_sent_twice_is_saved_once_with_one_file(client, world, uploads):
    from app.submissions import new_submission_key

    login(client, world.people["programme_officer"])
    association = _new_association(client)
    key = new_submission_key()
    path = f"/staff/didimdol/associations/{association.id}/agreements/new"
    first = client.post(path, data=_agreement_form(pdf_bytes(), submission_key=key))
    second = client.post(path, data=_agreement_form(pdf_bytes(), submission_key=key))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert _agreements() == 1
    assert len(list(uploads.iterdir())) == 1
