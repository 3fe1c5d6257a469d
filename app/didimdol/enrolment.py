"""A business enrols as a donor; programme officers approve, suspend or end it. Every step is
a dated row of the enrolment's history. Each service flushes; the view commits."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.actions import flush_once
from app.didimdol.errors import AlreadyEnrolled, NotABusiness, WrongEnrolmentStep
from app.didimdol.models import DonorEnrolment, EnrolmentChange, EnrolmentStatus
from app.didimdol.rules import may_enrol
from app.extensions import db
from app.organisations.models import Organisation
from app.vault import blind_index

# Which step may follow which: an ended enrolment stays ended (a business enrols anew).
NEXT_STEPS = {
    EnrolmentStatus.APPROVED: {EnrolmentStatus.REQUESTED, EnrolmentStatus.SUSPENDED},
    EnrolmentStatus.SUSPENDED: {EnrolmentStatus.APPROVED},
    EnrolmentStatus.ENDED: {
        EnrolmentStatus.REQUESTED,
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.SUSPENDED,
    },
}


def request_enrolment(organisation: Organisation, business_number: str, by: User) -> DonorEnrolment:
    """`business_number` is 10 digits whose check digit the form has verified."""
    if not may_enrol(by, organisation):
        raise NotABusiness()
    index = blind_index("business_number", business_number)
    taken = select(DonorEnrolment.id).where(
        (DonorEnrolment.business_number_index == index)
        | (DonorEnrolment.organisation_id == organisation.id)
    )
    if db.session.scalar(taken) is not None:
        raise AlreadyEnrolled()
    enrolment = DonorEnrolment(
        organisation=organisation,
        business_number=business_number,
        business_number_index=index,
        requested_by_id=by.id,
    )
    db.session.add(enrolment)
    flush_once(AlreadyEnrolled)
    _note(enrolment, EnrolmentStatus.REQUESTED, by)
    return enrolment


def decide(
    enrolment: DonorEnrolment, status: EnrolmentStatus, officer: User, note: str = ""
) -> None:
    if enrolment.status not in NEXT_STEPS.get(status, set()):
        raise WrongEnrolmentStep()
    enrolment.status = status
    _note(enrolment, status, officer, note)


def _note(enrolment: DonorEnrolment, status: EnrolmentStatus, by: User, note: str = "") -> None:
    db.session.add(EnrolmentChange(enrolment=enrolment, status=status, by_id=by.id, note=note))
    db.session.flush()
