"""Beneficiaries as a subject of consents (app.consents): the general consent pages show and
withdraw their consent to collection and use, for the person's own facility's officers only
(a person's name is known to that facility alone), each look and change in the access log; a
withdrawal there has the same effect as on the facility's page (app.didimdol.leaving)."""

from __future__ import annotations

from flask import url_for

from app.consents.subjects import SubjectKind, register_subject
from app.didimdol import rules
from app.didimdol.facilities import SUBJECT_KIND, VOUCHER_CONSENT
from app.didimdol.leaving import consent_withdrawn
from app.didimdol.models import Beneficiary
from app.extensions import db

register_subject(
    SUBJECT_KIND,
    SubjectKind(
        load=lambda beneficiary_id: db.session.get(Beneficiary, beneficiary_id),
        # Not used for permissions (managed_by is): the dongs the facility serves.
        areas=lambda beneficiary: list(beneficiary.facility.dongs),
        page=lambda beneficiary: url_for(
            "didimdol.beneficiary",
            facility_id=beneficiary.facility_id,
            beneficiary_id=beneficiary.id,
        ),
        withdrawn=consent_withdrawn,
        purposes=frozenset({VOUCHER_CONSENT.value}),
        managed_by=lambda viewer, beneficiary: rules.may_work_in_facility(
            viewer, beneficiary.facility
        ),
        access_logged=True,
    ),
)
