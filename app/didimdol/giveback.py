"""Give-back: a facility records its beneficiaries' volunteering, only with their consent for
this purpose (fail closed: no valid consent today, no record). Each record and each consent is
an edit of the person's record in the access log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.access_log import AccessAction, record_access
from app.accounts.models import User
from app.clock import seoul_today
from app.consents.models import ConsentMethod, ConsentPurpose, ConsentRecord
from app.consents.services import has_consent, record_consent, require_consent
from app.consents.subjects import Subject
from app.didimdol.errors import GuardianRequired, VolunteeringInTheFuture
from app.didimdol.facilities import SUBJECT_KIND, Consent, is_under_guardian_age
from app.didimdol.giveback_models import VolunteerActivity, Volunteering
from app.didimdol.models import Beneficiary
from app.extensions import db

PURPOSE = ConsentPurpose.VOLUNTEERING_RECORD


def subject_of(beneficiary: Beneficiary) -> Subject:
    return Subject(SUBJECT_KIND, beneficiary.id)


def may_record_for(beneficiary: Beneficiary) -> bool:
    return has_consent(subject_of(beneficiary), PURPOSE)


def record_volunteering_consent(
    beneficiary: Beneficiary, consent: Consent, officer: User
) -> ConsentRecord:
    if is_under_guardian_age(beneficiary.birth_year) and consent.method != (
        ConsentMethod.BY_GUARDIAN
    ):
        raise GuardianRequired()
    record = record_consent(
        subject_of(beneficiary),
        PURPOSE,
        method=consent.method,
        given_on=consent.given_on,
        obtained_by=officer,
        guardian_relationship=consent.guardian_relationship,
    )
    record_access(SUBJECT_KIND, beneficiary.id, AccessAction.EDIT, actor=officer)
    return record


@dataclass(frozen=True)
class Activity:
    done_on: date
    hours: int
    kind: VolunteerActivity


def record_volunteering(
    beneficiary: Beneficiary, activity: Activity, officer: User
) -> Volunteering:
    if activity.done_on > seoul_today():
        raise VolunteeringInTheFuture()
    require_consent(subject_of(beneficiary), PURPOSE)  # today, when the record is kept
    volunteering = Volunteering(
        facility_id=beneficiary.facility_id,
        beneficiary_id=beneficiary.id,
        done_on=activity.done_on,
        hours=activity.hours,
        activity=activity.kind,
        recorded_by_id=officer.id,
    )
    db.session.add(volunteering)
    db.session.flush()
    record_access(SUBJECT_KIND, beneficiary.id, AccessAction.EDIT, actor=officer)
    return volunteering


def volunteering_of(beneficiary: Beneficiary) -> list[Volunteering]:
    query = (
        select(Volunteering)
        .where(Volunteering.beneficiary_id == beneficiary.id)
        .order_by(Volunteering.done_on.desc(), Volunteering.id.desc())
    )
    return list(db.session.scalars(query))
