"""Retention (app.retention): each rule erases exactly what is due under it and nothing
younger, keeps the rows that are counted, erases nothing more on a second run, and records
each run. The clock is frozen: every run is given the same `NOW`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import current_app
from shapely.geometry import Point
from sqlalchemy import func, select

from app.access_log import AccessAction, AccessLogEntry
from app.accounts.models import (
    EmailChange,
    LoginSession,
    PasswordReset,
    RegistrationRequest,
    Role,
)
from app.checkins.models import CheckinMember
from app.clock import seoul_day, to_seoul
from app.consents.models import LegalBasis
from app.didimdol.association_models import Invitation
from app.didimdol.models import Beneficiary, WrongCode
from app.didimdol.receipts_models import DonationDocument, DonationDocumentKind
from app.extensions import db
from app.geo import to_db_geometry
from app.job_failures import FailedJob
from app.matching.models import Match, MatchStatus
from app.matching.threads.models import MatchMessage, SharedContact
from app.neighbours.models import NeighbourAppointment, NeighbourKind
from app.notifications.models import Notification, NotificationKind
from app.pins.models import ConsentChannel, ConsentRelationship, NeedConsent, Pin, PinKind
from app.pins.services import withdraw_pin
from app.reports.models import Report, ReportAbout, ReportStatus, Urgency
from app.reports.services import exact_point
from app.retention import RetentionRun, apply_rule, count_due, retention_rules
from app.submissions import Submission
from app.vault import blind_index
from app.visits.models import Sweep, SweepHousehold, Visit, VisitAmendment
from tests.checkins.factories import make_group, make_member
from tests.didimdol.world import make_enrolment, make_facility
from tests.factories import make_area, make_organisation, make_pin, make_user, reload

NOW = datetime(2031, 3, 15, 18, 30, tzinfo=UTC)  # the frozen clock of every run here
MARGIN = timedelta(hours=1)


def _rule(kind: str):
    (rule,) = [rule for rule in retention_rules() if rule.kind == kind]
    return rule


def _hours(setting: str) -> timedelta:
    return timedelta(hours=current_app.config[setting])


def _ended_match(ended_at: datetime) -> Match:
    need = make_pin()
    withdraw_pin(need)
    offer = make_pin(kind=PinKind.OFFER)
    match = Match(
        need_id=need.id,
        offer_id=offer.id,
        status=MatchStatus.DECLINED,
        message="Call me on 010-1234-5678",
        decided_at=ended_at,
    )
    db.session.add(match)
    db.session.flush()
    return match


def _thanked_match(ended_at: datetime) -> Match:
    match = _ended_match(ended_at)
    match.thank_you = "Thank you, Mrs Kim of 3-2 Sajik-ro"
    return match


def _message(at: datetime) -> MatchMessage:
    match = _ended_match(at)
    return MatchMessage(match_id=match.id, author_id=None, body="I live above the pharmacy")


def _contact(at: datetime) -> SharedContact:
    match = _ended_match(at)
    return SharedContact(match_id=match.id, phone="010-1234-5678", shares_place=True)


def _consent(at: datetime) -> NeedConsent:
    need = make_pin()
    withdraw_pin(need)
    need.updated_at = at
    return NeedConsent(
        pin_id=need.id,
        relation=ConsentRelationship.OTHER,
        relation_other="the lady in 302 who lost her son",
        channel=ConsentChannel.IN_PERSON,
        given_on=date(2026, 12, 1),
    )


def _pin_of_deleted_account(at: datetime) -> Pin:
    pin = make_pin()
    withdraw_pin(pin)
    pin.author.deleted_at = at
    return pin


def _revoked_neighbour(at: datetime) -> NeighbourAppointment:
    """Revoked at `at`, with a term running years past it: the revocation starts the clock."""
    return NeighbourAppointment(
        person=make_user(),
        dong=make_area(),
        kind=NeighbourKind.LANDLORD,
        term_starts_on=date(2025, 1, 1),
        term_ends_on=date(2040, 12, 31),
        pledge_signed_on=date(2025, 1, 1),
        pledge_version="2025-01",
        pledge_scan=b"%PDF- a signed pledge",
        revoked_at=at,
        revoke_reason="Moved away",
    )


def _member_who_left(at: datetime) -> CheckinMember:
    group = make_group(missed_limit=1)
    member = make_member(group, name="Member Kim", phone="010-1111-2222")
    member.left_on = seoul_day(at)
    return member


def _since_seoul_midnight(kind: str) -> Callable[[], timedelta]:
    """For a rule whose clock is a Seoul day: the cutoff's time since that day began, so that
    the records made an hour either side of the day's start fall on either side of it."""

    def since() -> timedelta:
        cutoff = to_seoul(_rule(kind).cutoff(NOW))
        return cutoff - cutoff.replace(hour=0, minute=0, second=0, microsecond=0)

    return since


def _closed_report(at: datetime) -> Report:
    return Report(
        about=ReportAbout.NEIGHBOUR,
        urgency=Urgency.TODAY,
        what_was_seen="the lady in 302 has not been seen for a week",
        location=to_db_geometry(Point(126.97512, 37.56534)),
        person_name="Kim",
        person_phone="010-1234-5678",
        person_phone_index=blind_index("phone", "010-1234-5678"),
        reporter_contact="the shop downstairs",
        photo=b"a photo",
        legal_basis=LegalBasis.ART_15_1_5,
        status=ReportStatus.CLOSED,
        closed_at=at,
        tracking_hash=f"{at.timestamp():064.0f}",
    )


def _report_forgotten(report: Report) -> bool:
    lon, lat = exact_point(report)
    return (
        report.what_was_seen == report.person_name == report.person_phone == ""
        and report.reporter_contact == report.status_note == ""
        and report.person_phone_index is None
        and report.photo is None
        and (round(lon, 5), round(lat, 5)) != (126.97512, 37.56534)
    )


def _beneficiary_who_left(at: datetime) -> Beneficiary:
    officer = make_user(Role.PROGRAMME_OFFICER)
    facility = make_facility(make_user(), make_area(), officer)
    return Beneficiary(
        facility=facility,
        name="Kim Beneficiary",
        phone="010-1234-5678",
        phone_index=blind_index("phone", "010-1234-5678"),
        birth_year=1950,
        target_groups=["older_alone"],
        left_at=at,
    )


def _wrong_code(at: datetime) -> WrongCode:
    return WrongCode(enrolment_id=make_enrolment(make_user()).id, at=at)


def _receipt(at: datetime) -> DonationDocument:
    enrolment = make_enrolment(make_user())
    return DonationDocument(
        donee=make_organisation(),
        kind=DonationDocumentKind.RECEIPT,
        year=at.year,
        serial=1,
        enrolment=enrolment,
        donor_name="Barber Kim",
        business_number=enrolment.business_number,
        amount=12_000,
        token=f"t{at.timestamp()}",
        issued_at=at,
    )


def _invitation(at: datetime) -> Invitation:
    from tests.didimdol.association_world import make_association

    association, _agreement = make_association(make_user(Role.PROGRAMME_OFFICER))
    return Invitation(
        association=association,
        business_name="Barber Kim",
        email="kim@example.com",
        email_index=blind_index("email", f"kim{at.timestamp()}@example.com"),
        key_hash=f"{at.timestamp():064.0f}"[-64:],
        expires_at=at,
    )


@dataclass
class Case:
    make: Callable[[datetime], Any]  # a record whose clock started at the given moment
    erased: Callable[[Any], bool]  # None: the row is gone
    started_before_cutoff: Callable[[], timedelta] = lambda: timedelta(0)


def _gone(record: Any) -> bool:
    return record is None


CASES = {
    "login_sessions": Case(
        lambda at: LoginSession(user_id=make_user().id, key_hash=f"k{at}", created_at=at),
        _gone,
        lambda: current_app.config["REMEMBER_COOKIE_DURATION"],
    ),
    "registration_requests": Case(
        lambda at: RegistrationRequest(
            email=f"{at.timestamp()}@example.org",
            display_name="Kim",
            password_hash="x",
            email_language="ko",
            key_hash=f"r{at}",
            link_sent_at=at,
        ),
        _gone,
        lambda: _hours("REGISTRATION_LINK_HOURS"),
    ),
    "password_resets": Case(
        lambda at: PasswordReset(user_id=make_user().id, key_hash=f"p{at}", created_at=at),
        _gone,
        lambda: _hours("PASSWORD_RESET_HOURS"),
    ),
    "email_changes": Case(
        lambda at: EmailChange(
            user_id=make_user().id, new_email="new@example.org", key_hash=f"e{at}", created_at=at
        ),
        _gone,
        lambda: _hours("EMAIL_CHANGE_HOURS"),
    ),
    "notifications": Case(
        lambda at: Notification(
            user_id=make_user().id,
            kind=NotificationKind.MATCH_MESSAGE,
            subject="A message",
            body="About your need",
            link="/my",
            created_at=at,
        ),
        _gone,
    ),
    "submission_keys": Case(
        lambda at: Submission(user_id=make_user().id, form="/pins/new", key="k", created_at=at),
        _gone,
    ),
    "failed_jobs": Case(
        lambda at: FailedJob(job_name="x", arguments="[1]", error="boom", failed_at=at), _gone
    ),
    "match_messages": Case(_message, lambda message: message.body == ""),
    "match_shared_contacts": Case(
        _contact, lambda contact: contact.phone is None and not contact.shares_place
    ),
    "match_proposal_messages": Case(
        _thanked_match, lambda match: match.message is None and match.thank_you is None
    ),
    "need_consent_text": Case(_consent, lambda consent: consent.relation_other == ""),
    "deleted_account_pins": Case(_pin_of_deleted_account, _gone),
    "neighbour_pledge_scan": Case(_revoked_neighbour, lambda a: a.pledge_scan is None),
    "checkin_member_identity": Case(
        _member_who_left,
        lambda member: (member.name, member.phone) == ("", ""),
        _since_seoul_midnight("checkin_member_identity"),
    ),
    "report_identifying_fields": Case(_closed_report, _report_forgotten),
    "visit_notes": Case(lambda at: _visit(at, notes="메모"), lambda v: v.notes == ""),
    "visit_amendments": Case(
        lambda at: VisitAmendment(
            visit_id=_visit(at).id, field="notes", old_value="", new_value="x", reason="r", at=at
        ),
        _gone,
    ),
    "sweep_households": Case(
        lambda at: SweepHousehold(
            sweep_id=_visit(at).household.sweep_id,
            dong_id=_visit(at).dong_id,
            name="김",
            address_text="주소",
            address_index=blind_index("address", f"주소 {at}"),
            created_at=at,
        ),
        lambda h: h.name == "" and h.address_index is None,
    ),
    "didimdol_beneficiary_identity": Case(
        _beneficiary_who_left, lambda b: (b.name, b.phone, b.phone_index) == ("", "", None)
    ),
    "didimdol_wrong_codes": Case(_wrong_code, _gone),
    "didimdol_invitations_not_accepted": Case(_invitation, _gone),
    "didimdol_receipt_donor": Case(
        _receipt, lambda d: (d.donor_name, d.business_number) == ("", "")
    ),
    "access_log": Case(
        lambda at: AccessLogEntry(
            at=at,
            actor_id=make_user().id,
            actor_role="staff",
            subject_kind="need",
            subject_id=1,
            action=AccessAction.VIEW,
        ),
        _gone,
    ),
}


def _visit(at: datetime, **fields) -> Visit:
    from tests.visits.world import make_household, make_visit

    dong = make_area()
    sweep = Sweep(name="s", starts_on=at.date(), ends_on=at.date(), dongs=[dong])
    db.session.add(sweep)
    db.session.flush()
    household = make_household(sweep, dong, address=f"주소 {at} {dong.code}")
    household.created_at = NOW  # not due itself: only the record under test is
    return make_visit(dong, at.date(), household=household, created_at=at, **fields)


def _reloader(record: Any) -> Callable[[], Any]:
    """How to read the record again, even once its row is gone."""
    model, key = type(record), db.inspect(record).identity
    return lambda: (db.session.expire_all(), db.session.get(model, key))[1]


def test_every_registered_rule_is_tested_here():
    assert {rule.kind for rule in retention_rules()} - {"need_exact_place"} == set(CASES)


@pytest.mark.parametrize("kind", CASES)
def test_a_rule_erases_what_is_due_and_nothing_younger_and_only_once(kind):
    rule, case = _rule(kind), CASES[kind]
    clock_limit = rule.cutoff(NOW) - case.started_before_cutoff()
    due, young = case.make(clock_limit - MARGIN), case.make(clock_limit + MARGIN)
    db.session.add_all([due, young])
    db.session.flush()
    rows_before = db.session.scalar(select(func.count()).select_from(type(due)))
    due_now, young_now = _reloader(due), _reloader(young)

    assert count_due(rule, NOW) == 1  # the dry run's figure
    assert not case.erased(due_now())  # ... which changed nothing

    run = apply_rule(rule, NOW)
    assert (run.kind, run.erased, run.ran_at) == (kind, 1, NOW)
    assert case.erased(due_now())
    young_now = young_now()
    assert young_now is not None and not case.erased(young_now)
    if case.erased is not _gone:  # counts stay: the row is there, only its words are not
        assert db.session.scalar(select(func.count()).select_from(type(due))) == rows_before

    assert apply_rule(rule, NOW).erased == 0  # a second run erases nothing more
    assert count_due(rule, NOW) == 0
    runs = db.session.scalars(select(RetentionRun).where(RetentionRun.kind == kind)).all()
    assert [r.erased for r in runs] == [1, 0]


def test_the_operator_s_period_replaces_the_default(app, monkeypatch):
    rule = _rule("match_messages")
    default = rule.cutoff(NOW)
    monkeypatch.setitem(app.config, "RETENTION", {"match_messages": "P2Y"})
    assert rule.period_in_force() == "P2Y"
    assert rule.cutoff(NOW) == NOW.replace(year=NOW.year - 2) < default
    message = _message(NOW - timedelta(days=365))  # past the default six months, not two years
    db.session.add(message)
    db.session.flush()
    assert apply_rule(rule, NOW).erased == 0
    assert reload(message).body == "I live above the pharmacy"


def test_a_run_goes_batch_by_batch_and_erases_every_due_record():
    rule = _rule("failed_jobs")
    old = rule.cutoff(NOW) - MARGIN
    db.session.add_all(
        [FailedJob(job_name="x", arguments="[1]", error="boom", failed_at=old) for _ in range(5)]
    )
    db.session.flush()
    assert apply_rule(rule, NOW, batch_size=2).erased == 5
    assert db.session.scalar(select(func.count()).select_from(FailedJob)) == 0
