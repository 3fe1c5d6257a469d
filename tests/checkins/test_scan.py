"""The scan for missed check-ins, on a real database: a streak as long as the group's limit
makes exactly one urgent welfare-check report, however many times the scan runs; being seen
ends the streak, and a later streak makes its own report; only the cadence's days count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.checkins.errors import ConcernRaised
from app.checkins.models import Cadence, CheckinConcern
from app.checkins.scan import missed_streak, raise_concern, scan_missed_checkins
from app.checkins.services import CHECKIN_MEMBER, record_checkins
from app.checkins.tasks import scan_checkins
from app.clock import seoul_today
from app.consents.models import ConsentPurpose
from app.consents.services import has_consent
from app.consents.subjects import Subject
from app.extensions import db
from app.reports.models import CrisisType, Report, ReportAbout, ReportChannel, Urgency
from tests.checkins.factories import make_group, make_member
from tests.factories import make_user
from tests.raw_dump import database_of_its_own, raw_dump


def reports() -> list[Report]:
    return list(db.session.scalars(select(Report).order_by(Report.id)))


def seen_on(group, member, days_ago: int, seen: bool = True) -> None:
    record_checkins(group, make_user(), seoul_today() - timedelta(days=days_ago), {member.id: seen})


def test_missed_check_ins_create_one_report_not_one_per_run():
    group = make_group(missed_limit=2)
    member = make_member(group, joined_days_ago=5)
    seen_on(group, member, 3)  # then missed 2 days ago and yesterday

    assert scan_missed_checkins() == 1
    assert scan_missed_checkins() == 0
    assert scan_missed_checkins(seoul_today() + timedelta(days=3)) == 0  # the streak goes on

    (report,) = reports()
    assert report.channel == ReportChannel.CHECKIN
    assert report.about == ReportAbout.NEIGHBOUR
    assert report.crisis_types == [CrisisType.ISOLATION]
    assert report.urgency == Urgency.TODAY
    assert report.reporter_id is None
    assert report.dong_id == group.dong_id
    assert (report.person_name, report.person_phone) == ("김순자", "010-1234-5678")
    concern = db.session.scalars(select(CheckinConcern)).one()
    assert (concern.report_id, concern.streak_starts_on) == (
        report.id,
        seoul_today() - timedelta(days=2),
    )


def test_fewer_missed_than_the_limit_make_no_report():
    group = make_group(missed_limit=3)
    member = make_member(group, joined_days_ago=5)
    seen_on(group, member, 3)
    assert scan_missed_checkins() == 0
    assert reports() == []


def test_a_day_recorded_as_not_seen_is_missed_too():
    group = make_group(missed_limit=2)
    member = make_member(group, joined_days_ago=5)
    seen_on(group, member, 3)
    seen_on(group, member, 2, seen=False)
    seen_on(group, member, 1, seen=False)
    assert scan_missed_checkins() == 1


def test_being_seen_ends_the_streak_and_a_later_streak_makes_a_new_report():
    group = make_group(missed_limit=2)
    member = make_member(group, joined_days_ago=10)
    seen_on(group, member, 8)  # missed 7 and 6 days ago: the first streak
    assert scan_missed_checkins(seoul_today() - timedelta(days=5)) == 1
    seen_on(group, member, 5)  # seen again: that streak ends
    assert scan_missed_checkins(seoul_today() - timedelta(days=4)) == 0
    # missed 4 days ago and since: a new streak, a new report, once
    assert scan_missed_checkins() == 1
    assert scan_missed_checkins() == 0
    assert len(reports()) == 2


def test_a_member_seen_yesterday_is_not_missing():
    group = make_group(missed_limit=1)
    member = make_member(group, joined_days_ago=1)
    seen_on(group, member, 1)
    assert scan_missed_checkins() == 0


def test_only_the_groups_weekdays_are_expected():
    today = seoul_today()
    group = make_group(cadence=Cadence.WEEKLY, weekdays=[today.weekday()], missed_limit=2)
    member = make_member(group, joined_days_ago=8)
    # Joined 8 days ago: only the meeting day a week ago has passed and was missed.
    assert missed_streak(member, today) is None
    # A week later, two meeting days were missed.
    later = missed_streak(member, today + timedelta(days=7))
    assert later is not None
    assert (later.starts_on, later.missed) == (today - timedelta(days=7), 2)


def test_a_twin_run_is_refused_by_the_streaks_key():
    """Two workers that both found the streak unreported: the second insert of the key fails,
    so its report is never made."""
    group = make_group(missed_limit=1)
    member = make_member(group, joined_days_ago=3)
    streak = missed_streak(member, seoul_today())
    assert streak is not None
    raise_concern(streak)
    with pytest.raises(ConcernRaised), db.session.begin_nested():
        raise_concern(streak)
    assert db.session.scalar(select(func.count(Report.id))) == 1


def test_a_member_joins_with_their_recorded_consent():
    group = make_group()
    member = make_member(group)
    subject = Subject(CHECKIN_MEMBER, member.id)
    assert has_consent(subject, ConsentPurpose.COLLECTION_AND_USE, on=seoul_today())


def test_the_command_scans(app):
    group = make_group(missed_limit=2)
    make_member(group, joined_days_ago=3)
    result = app.test_cli_runner().invoke(args=["checkins", "scan"])
    assert result.exit_code == 0, result.output
    assert "1 report raised." in result.output
    assert len(reports()) == 1


def test_the_daily_job_raises_the_report_once(app):
    group = make_group(missed_limit=2)
    make_member(group, joined_days_ago=3)
    scan_checkins()
    scan_checkins()
    assert len(reports()) == 1


@pytest.mark.own_app
def test_a_dump_of_the_database_holds_no_members_name_or_phone(tmp_dir):
    """Committed for real: the member's name and phone, and the report made of them, are
    sealed; the group's name (not personal) is found, so the dump can see these rows."""
    with database_of_its_own(tmp_dir, "_checkins_dump"):
        group = make_group(missed_limit=1)
        group.name = "MARKER-GROUP"
        make_member(group, joined_days_ago=2, name="MARKER-NAME", phone="010-7777-1212")
        db.session.commit()
        assert scan_missed_checkins() == 1
        dump = raw_dump()
        assert "MARKER-GROUP" in dump
        assert dump.holding(["MARKER-NAME", "010-7777-1212"]) == []
