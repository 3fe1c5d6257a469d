"""Bulk invitations from an association's CSV list: the whole file is checked first (a bad line
is named at the file field and nothing is saved), CP949 and Korean headers are read, the same
file sent twice is recognised, an email already invited is skipped and counted; the email goes
through the worker with a working link, which enrols the business through the association;
a revoked, expired, replaced or used link gets one plain refusal page; the email is sealed at
rest; invitations nobody accepted are erased after their months."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from hashlib import sha256

import pytest
from flask import current_app
from sqlalchemy import func, select

from app.accounts import links
from app.clock import utcnow
from app.didimdol.association_models import Invitation, InvitationList
from app.didimdol.invitation_csv import MemberLine
from app.didimdol.invitations import LINK_SALT, invite_members, revoke
from app.didimdol.models import DonorEnrolment, EnrolmentStatus
from app.extensions import db
from app.organisations.models import OrganisationType
from app.retention import apply_rule, retention_rules
from app.vault import blind_index
from tests.didimdol.association_world import make_association
from tests.didimdol.test_didimdol_pages import PEOPLE
from tests.didimdol.world import build_world, new_business_number
from tests.factories import field_error, login, make_organisation, make_user, reload
from tests.raw_dump import database_of_its_own, raw_dump
from tests.roles import assert_status, expect

HEADER_EN = "business name,email,phone,area\r\n"
EMAIL = "owner.barber@example.org"


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def association(world):
    found, _agreement = make_association(world.people["programme_officer"])
    return found


def invite_one(association, officer, email: str = EMAIL) -> Invitation:
    line = MemberLine(2, "Hair Kim", email, "010-1234-5678", "Mangwon-dong")
    with current_app.test_request_context("/"):  # the email's link is built as in a request
        invite_members(association, [line], sha256(email.encode()).hexdigest(), officer)
    return db.session.scalars(
        select(Invitation).where(Invitation.email_index == blind_index("email", email))
    ).one()


def fresh_link(invitation: Invitation) -> str:
    """A link for the invitation as the email would carry it (a new key, as a resend makes)."""
    key, invitation.key_hash = links.new_key()
    db.session.flush()
    return links.sign(key, LINK_SALT)


def _send(client, association, data: bytes, name: str = "members.csv"):
    return client.post(
        f"/staff/didimdol/associations/{association.id}/invitations/new",
        data={"csv_file": (io.BytesIO(data), name)},
    )


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id))) or 0


def _text(email) -> str:
    return email.get_body(preferencelist=("plain",)).get_content()


def test_one_bad_line_saves_nothing_and_is_named_at_the_field(client, world, association):
    login(client, world.people["programme_officer"])
    data = (
        HEADER_EN
        + "Hair Kim,kim@example.org,010-1111-2222,Mangwon\r\n"
        + "Hair Lee,not-an-address,,\r\n"
        + "Hair Park,park@example.org,,\r\n"
    ).encode()
    answer = _send(client, association, data)
    assert answer.status_code == 200
    error = field_error(answer.get_data(as_text=True), "csv_file") or ""
    assert "nothing was saved" in error
    assert "Line 3:" in error and "not-an-address" in error
    assert "Line 2" not in error and "Line 4" not in error
    assert (_count(Invitation), _count(InvitationList)) == (0, 0)


def test_a_cp949_file_with_korean_headers(client, world, association, worker_delivers):
    login(client, world.people["programme_officer"])
    data = (
        "상호,이메일,연락처,행정동\r\n망원이발소,mangwon@example.org,02-333-4444,망원동\r\n"
    ).encode("cp949")
    answer = _send(client, association, data)
    assert answer.status_code == 302
    (invitation,) = db.session.scalars(select(Invitation))
    assert (invitation.business_name, invitation.email, invitation.area) == (
        "망원이발소",
        "mangwon@example.org",
        "망원동",
    )
    assert [m["To"] for m in worker_delivers.messages] == ["mangwon@example.org"]


def test_the_same_file_twice_and_emails_already_invited(client, world, association):
    login(client, world.people["programme_officer"])
    first = (HEADER_EN + f"Hair Kim,{EMAIL},,\r\n").encode("utf-8-sig")
    assert _send(client, association, first).status_code == 302
    again = _send(client, association, first)
    assert "already sent" in (field_error(again.get_data(as_text=True), "csv_file") or "")
    second = (HEADER_EN + f"Hair Kim,{EMAIL.upper()},,\r\nHair Lee,lee@example.org,,\r\n").encode()
    answer = _send(client, association, second)
    assert answer.status_code == 302
    flashed = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "1 businesses were invited; 1 were skipped" in flashed
    assert _count(Invitation) == 2


def test_no_invitations_without_an_agreement_in_force(client, world, association):
    (agreement,) = association.agreements
    agreement.ended_on = agreement.valid_from
    db.session.flush()
    login(client, world.people["programme_officer"])
    answer = _send(client, association, (HEADER_EN + f"Hair Kim,{EMAIL},,\r\n").encode())
    assert "no agreement in force" in answer.get_data(as_text=True)
    assert _count(Invitation) == 0


def test_the_emailed_link_enrols_the_business_through_the_association(
    client, world, association, worker_delivers
):
    login(client, world.people["programme_officer"])
    assert (
        _send(client, association, (HEADER_EN + f"Hair Kim,{EMAIL},,\r\n").encode()).status_code
        == 302
    )
    (email,) = [m for m in worker_delivers.messages if m["To"] == EMAIL]
    body = _text(email)
    assert "Didimdol" in body and "디딤돌" in body  # Korean first, English below
    (link,) = set(re.findall(r"https?://\S+/didimdol/invitations/\S+", body))  # in both texts
    path = "/didimdol/invitations/" + link.rsplit("/", 1)[1]
    client.post("/logout")

    signed_out = client.get(path)
    assert signed_out.status_code == 200
    assert "Through 서울이용사회 Barbers" in signed_out.get_data(as_text=True)
    owner = make_user()
    business = make_organisation(owner, type=OrganisationType.BUSINESS, name_ko="Hair Kim")
    login(client, owner)
    page = client.get(path).get_data(as_text=True)
    assert f'value="{business.id}" selected' in page or f'selected value="{business.id}"' in page
    number = new_business_number()
    answer = client.post(path, data={"organisation": business.id, "business_number": number})
    assert answer.status_code == 302
    enrolment = db.session.scalars(
        select(DonorEnrolment).where(DonorEnrolment.organisation_id == business.id)
    ).one()
    assert enrolment.status == EnrolmentStatus.REQUESTED  # the programme officer still decides
    invitation = db.session.scalars(select(Invitation)).one()
    assert reload(invitation).enrolment_id == enrolment.id
    used = client.get(path)
    assert used.status_code == 410
    client.post("/logout")
    login(client, world.people["programme_officer"])
    assert "through 서울이용사회 Barbers" in client.get("/staff/didimdol").get_data(as_text=True)


def _refused(answer) -> bool:
    return answer.status_code == 410 and "This invitation link does not work" in answer.get_data(
        as_text=True
    )


def test_revoked_expired_replaced_and_foreign_links_are_refused(client, world, association):
    officer = world.people["programme_officer"]
    invitation = invite_one(association, officer)
    link = fresh_link(invitation)
    assert client.get(f"/didimdol/invitations/{link}").status_code == 200
    assert reload(invitation).opened_at is not None

    login(client, officer)
    client.post(f"/staff/didimdol/invitations/{invitation.id}/resend")
    assert _refused(client.get(f"/didimdol/invitations/{link}"))  # replaced by the new one

    link = fresh_link(reload(invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()
    assert _refused(client.get(f"/didimdol/invitations/{link}"))

    invitation.expires_at = utcnow() + timedelta(days=1)
    revoke(invitation)
    assert _refused(client.get(f"/didimdol/invitations/{link}"))
    assert _refused(client.get(f"/didimdol/invitations/{link[:-3]}abc"))  # tampered


def test_a_used_link_is_refused_on_post_too(client, world, association):
    invitation = invite_one(association, world.people["programme_officer"])
    link = fresh_link(invitation)
    revoke(invitation)
    owner = make_user()
    business = make_organisation(owner, type=OrganisationType.BUSINESS)
    login(client, owner)
    answer = client.post(
        f"/didimdol/invitations/{link}",
        data={"organisation": business.id, "business_number": new_business_number()},
    )
    assert _refused(answer)
    assert _count(DonorEnrolment) == 2  # the world's two donors only


def test_invitations_nobody_accepted_are_erased_after_their_months(app, world, association):
    (rule,) = [r for r in retention_rules() if r.kind == "didimdol_invitations_not_accepted"]
    invitation = invite_one(association, world.people["programme_officer"])
    kept = invite_one(association, world.people["programme_officer"], "kept@example.org")
    invitation.expires_at = utcnow() - timedelta(days=31 * 7)
    db.session.flush()
    erased_id, kept_id = invitation.id, kept.id
    assert apply_rule(rule, utcnow()).erased == 1
    remaining = db.session.scalars(select(Invitation.id)).all()
    assert erased_id not in remaining and kept_id in remaining
    assert sum(found.invited for found in db.session.scalars(select(InvitationList))) == 2


@pytest.mark.own_app
def test_a_dump_holds_no_invitee_email_or_phone(tmp_dir):
    with database_of_its_own(tmp_dir, "_didimdol_invitations_at_rest"):
        world = build_world()
        found, _agreement = make_association(world.people["programme_officer"])
        invite_one(found, world.people["programme_officer"], "sealed.owner@example.org")
        db.session.commit()
        assert not raw_dump().holding(["sealed.owner@example.org", "010-1234-5678", "01012345678"])


# The invitee's page is public: its link is the permission. A good link answers everyone (the
# signed-out are asked to sign in, a form sent empty comes back); a bad one gets the refusal.
PUBLIC = expect(PEOPLE, 200)
REFUSED = expect(PEOPLE, 410)
ROUTES = {
    "invitation": ("GET", "/didimdol/invitations/{token}", PUBLIC),
    "accept invitation (empty)": ("POST", "/didimdol/invitations/{token}", PUBLIC),
    "invitation (bad link)": ("GET", "/didimdol/invitations/{bad}", REFUSED),
    "accept invitation (bad link)": ("POST", "/didimdol/invitations/{bad}", REFUSED),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, association, route, who):
    token = fresh_link(invite_one(association, world.people["programme_officer"]))
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    path = template.format(token=token, bad=token[:-4] + "AAAA")
    assert_status(client.open(path, method=method), expected[who])
