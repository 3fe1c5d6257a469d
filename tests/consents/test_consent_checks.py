"""The consent services on a real database: every check is dated and fails closed (no row,
not yet given, expired, withdrawn, another recipient, an override not approved), and an
override needs its legal basis and a second staff member."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role
from app.clock import seoul_today, utcnow
from app.consents.errors import (
    AlreadyWithdrawn,
    ApproverRequired,
    GivenInTheFuture,
    GuardianRelationshipRequired,
    LegalBasisRequired,
    NoConsent,
    NotAnOverride,
    RecipientRequired,
)
from app.consents.models import ConsentMethod, ConsentPurpose, ConsentRecord, LegalBasis
from app.consents.services import (
    approve_override,
    has_consent,
    override,
    record_consent,
    request_override,
    require_consent,
    withdraw,
)
from app.consents.subjects import Subject
from app.extensions import db
from tests.factories import make_organisation, make_user

COLLECTION = ConsentPurpose.COLLECTION_AND_USE
PROVISION = ConsentPurpose.PROVISION_TO_ORGANISATION
SUBJECT = Subject("report", 4242)  # a kind nobody registered: the services need no more


def days(n: int):
    return seoul_today() + timedelta(days=n)


def given(purpose=COLLECTION, subject=SUBJECT, **fields) -> ConsentRecord:
    fields.setdefault("given_on", days(-3))
    return record_consent(
        subject,
        purpose,
        method=fields.pop("method", ConsentMethod.SIGNED_PAPER),
        obtained_by=fields.pop("obtained_by", None) or make_user(Role.STAFF),
        notice_version="2026-12",
        **fields,
    )


def test_no_record_is_no_consent():
    assert not has_consent(SUBJECT, COLLECTION)
    with pytest.raises(NoConsent):
        require_consent(SUBJECT, COLLECTION)


def test_a_consent_holds_from_the_day_it_was_given_for_its_purpose_and_subject_only():
    given(given_on=days(0))
    assert has_consent(SUBJECT, COLLECTION)
    require_consent(SUBJECT, COLLECTION)
    assert not has_consent(SUBJECT, COLLECTION, on=days(-1))  # not yet given that day
    assert not has_consent(SUBJECT, ConsentPurpose.SENSITIVE_DATA)
    assert not has_consent(SUBJECT, ConsentPurpose.PUBLICATION)
    assert not has_consent(Subject("report", 4243), COLLECTION)
    assert not has_consent(Subject("need", SUBJECT.id), COLLECTION)


def test_a_consent_given_on_a_future_day_is_refused():
    with pytest.raises(GivenInTheFuture):
        given(given_on=days(1))


def test_an_expired_consent_does_not_hold():
    given(valid_until=days(-1))
    assert has_consent(SUBJECT, COLLECTION, on=days(-1))  # its last day
    assert not has_consent(SUBJECT, COLLECTION)


def test_a_withdrawn_consent_does_not_hold_from_the_day_it_was_withdrawn():
    consent = given()
    withdraw(consent, None)
    assert not has_consent(SUBJECT, COLLECTION)
    assert has_consent(SUBJECT, COLLECTION, on=days(-1))  # what held before stays answerable


def test_a_provision_holds_for_its_named_recipient_only():
    food_bank, clinic = make_organisation(), make_organisation()
    with pytest.raises(RecipientRequired):
        given(PROVISION)
    given(PROVISION, recipient=food_bank)
    assert has_consent(SUBJECT, PROVISION, food_bank)
    assert not has_consent(SUBJECT, PROVISION, clinic)
    assert not has_consent(SUBJECT, PROVISION)


def test_a_guardian_says_their_relationship():
    with pytest.raises(GuardianRelationshipRequired):
        given(method=ConsentMethod.BY_GUARDIAN, guardian_relationship="  ")
    given(method=ConsentMethod.BY_GUARDIAN, guardian_relationship="mother")
    assert has_consent(SUBJECT, COLLECTION)


@pytest.mark.parametrize(
    ("basis", "note"), [(None, "A neighbour found him unconscious"), (LegalBasis.ART_15_1_5, " ")]
)
def test_an_override_needs_a_legal_basis_and_a_reason(basis, note):
    requester, approver = make_user(Role.STAFF), make_user(Role.STAFF)
    with pytest.raises(LegalBasisRequired):
        override(
            SUBJECT, COLLECTION, basis=basis, note=note, requested_by=requester,
            approved_by=approver,
        )  # fmt: skip
    assert not has_consent(SUBJECT, COLLECTION)


def test_an_override_needs_another_staff_members_approval():
    requester = make_user(Role.STAFF)
    reason = {"basis": LegalBasis.ART_15_1_5, "note": "No heating at -12 °C, not answering"}
    for approver in (None, requester, make_user(Role.RESIDENT)):
        with pytest.raises(ApproverRequired):
            override(SUBJECT, COLLECTION, requested_by=requester, approved_by=approver, **reason)
    pending = request_override(SUBJECT, COLLECTION, requested_by=requester, **reason)
    assert not has_consent(SUBJECT, COLLECTION)  # asked for, not approved: fails closed
    with pytest.raises(ApproverRequired):
        approve_override(pending, requester)
    approve_override(pending, make_user(Role.STAFF))
    assert has_consent(SUBJECT, COLLECTION)
    assert pending.legal_basis == LegalBasis.ART_15_1_5 and pending.approved_at is not None
    withdraw(pending, None)
    assert not has_consent(SUBJECT, COLLECTION)


def test_only_a_standing_override_is_approved_and_each_refusal_says_why():
    """A consent the person gave is not an override: "another staff member must approve" would
    send the clerk looking for a colleague for nothing."""
    with pytest.raises(NotAnOverride):
        approve_override(given(), make_user(Role.STAFF))
    reason = {"basis": LegalBasis.ART_15_1_5, "note": "No heating at -12 °C, not answering"}
    pending = request_override(SUBJECT, COLLECTION, requested_by=make_user(Role.STAFF), **reason)
    withdraw(pending, None)
    with pytest.raises(AlreadyWithdrawn):
        approve_override(pending, make_user(Role.STAFF))
    assert pending.approved_at is None


def test_the_database_refuses_an_override_approved_by_its_requester():
    staff = make_user(Role.STAFF)
    db.session.add(
        ConsentRecord(
            subject_kind="report", subject_id=1, purpose=COLLECTION, given_on=days(0),
            legal_basis=LegalBasis.ART_18_2, legal_basis_note="x", obtained_by_id=staff.id,
            approved_by_id=staff.id, approved_at=utcnow(),
        )
    )  # fmt: skip
    with pytest.raises(IntegrityError):
        db.session.flush()
