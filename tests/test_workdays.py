"""The office clock (app/workdays.py): Korean working days, triage deadlines and escalation.

The clock is frozen by passing moments: every case names the Seoul wall-clock time it stands at.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app import create_app
from app.clock import SEOUL
from app.config import BaseConfig, ConfigurationError
from app.workdays import TrackedReport, policy_from_settings

SETTINGS = {
    name: getattr(BaseConfig, name)
    for name in (
        "OFFICE_OPENS",
        "OFFICE_CLOSES",
        "OFFICE_CLOSURES",
        "OFFICE_OPEN_DAYS",
        "TRIAGE_DEADLINES",
        "ESCALATE_EMERGENCY_AFTER_OFFICE_HOURS",
    )
}


def seoul(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SEOUL)


def policy(**settings):
    return policy_from_settings({**SETTINGS, **settings})


CALENDAR = policy().calendar


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-09-23", True),  # the Wednesday before Chuseok
        ("2026-09-24", False),  # the day before Chuseok
        ("2026-09-25", False),  # Chuseok
        ("2026-09-26", False),  # its second day, a Saturday
        # No substitute for Chuseok in 2026: only a Sunday (or another holiday) inside Seollal
        # or Chuseok gives one, not a Saturday; so Monday is a working day...
        ("2026-09-28", True),
        # ...while National Foundation Day on Saturday 3 October gives Monday the 5th.
        ("2026-10-05", False),
        ("2027-02-05", True),  # the Friday before Seollal 2027
        ("2027-02-08", False),  # Seollal's second day (Sat 6 and Sun 7 are the first two)
        ("2027-02-09", False),  # the substitute for Seollal falling on a Sunday
        ("2027-02-10", True),
        ("2026-06-03", False),  # the local elections
        ("2026-05-05", False),  # Children's Day
        ("2026-12-05", False),  # a Saturday
        ("2026-12-06", False),  # a Sunday
        ("2026-12-07", True),
    ],
)
def test_korean_working_days(day, working):
    assert CALENDAR.is_working_day(date.fromisoformat(day)) is working


@pytest.mark.parametrize(
    ("received", "n", "deadline"),
    [
        # n = 0: the end of today's office hours, before opening as well as during them...
        ("2026-12-01 08:00", 0, "2026-12-01 18:00"),
        ("2026-12-01 17:59", 0, "2026-12-01 18:00"),
        # ...or of the next working day's once closed.
        ("2026-12-01 18:00", 0, "2026-12-02 18:00"),
        ("2026-12-01 19:00", 2, "2026-12-04 18:00"),
        ("2026-12-01 10:00", 2, "2026-12-03 18:00"),
        # A weekend: Saturday's report starts on Monday.
        ("2026-12-05 11:00", 0, "2026-12-07 18:00"),
        ("2026-12-04 10:00", 1, "2026-12-07 18:00"),
        # Chuseok and the weekend after it: Wednesday to Monday is one working day.
        ("2026-09-23 10:00", 1, "2026-09-28 18:00"),
        # A report that arrives on a holiday.
        ("2026-09-25 10:00", 0, "2026-09-28 18:00"),
        # Seollal 2027: Friday, then Wednesday the 10th is the first working day.
        ("2027-02-05 10:00", 2, "2027-02-11 18:00"),
        # Normal, 7 working days across Chuseok and National Foundation Day's substitute.
        ("2026-09-22 10:00", 7, "2026-10-06 18:00"),
    ],
)
def test_add_working_days(received, n, deadline):
    assert CALENDAR.add_working_days(seoul(received), n) == seoul(deadline)


@pytest.mark.parametrize(
    ("start", "hours", "end"),
    [
        ("2026-12-04 17:30", 2, "2026-12-07 10:30"),  # Friday evening to Monday morning
        ("2026-12-01 10:00", 2, "2026-12-01 12:00"),
        ("2026-12-01 07:00", 2, "2026-12-01 11:00"),  # before opening: counted from 09:00
        ("2026-12-01 20:00", 1.5, "2026-12-02 10:30"),
        ("2026-12-01 09:00", 9, "2026-12-01 18:00"),  # a whole day ends at closing
        ("2026-12-01 09:00", 18, "2026-12-02 18:00"),
        ("2026-09-23 17:00", 2, "2026-09-28 10:00"),  # across Chuseok
    ],
)
def test_add_office_hours(start, hours, end):
    assert CALENDAR.add_office_hours(seoul(start), hours) == seoul(end)


def test_working_days_between_counts_what_add_working_days_adds():
    assert CALENDAR.working_days_between(date(2026, 12, 4), date(2026, 12, 7)) == 1
    assert CALENDAR.working_days_between(date(2026, 12, 7), date(2026, 12, 7)) == 0
    assert CALENDAR.working_days_between(date(2026, 12, 7), date(2026, 12, 4)) == -1
    assert CALENDAR.working_days_between(date(2026, 9, 1), date(2026, 9, 30)) == 19
    start = seoul("2026-09-21 10:00")
    for n in range(12):
        assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, n)) == n


def test_seoul_keeps_no_summer_time_and_any_zone_is_read_in_seoul():
    assert seoul("2026-01-15 12:00").utcoffset() == seoul("2026-07-15 12:00").utcoffset()
    # Friday 17:30 in Seoul is 08:30 UTC: the same moment gives the same deadline.
    friday = datetime(2026, 12, 4, 8, 30, tzinfo=UTC)
    assert CALENDAR.add_office_hours(friday, 2) == datetime(2026, 12, 7, 1, 30, tzinfo=UTC)
    # 23:30 UTC on Monday is already Tuesday in Seoul.
    assert CALENDAR.add_working_days(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), 0) == seoul(
        "2026-12-01 18:00"
    )


def test_naive_moments_are_refused():
    with pytest.raises(ValueError, match="aware"):
        CALENDAR.add_working_days(datetime(2026, 12, 1, 10), 0)


def test_triage_deadlines_follow_the_settings():
    received = seoul("2026-12-01 10:00")
    assert policy().deadline_for("emergency", received) == seoul("2026-12-01 18:00")
    assert policy().deadline_for("urgent", received) == seoul("2026-12-03 18:00")
    assert policy().deadline_for("normal", received) == seoul("2026-12-10 18:00")
    stricter = policy(TRIAGE_DEADLINES={"emergency": 0, "urgent": 1, "normal": 5})
    assert stricter.deadline_for("urgent", received) == seoul("2026-12-02 18:00")
    with pytest.raises(ValueError, match="unknown triage level"):
        policy().deadline_for("whenever", received)


def test_declared_closures_are_not_working_days():
    closed = policy(OFFICE_CLOSURES="2026-12-02, 2026-12-03")  # as the environment gives them
    assert not closed.calendar.is_working_day(date(2026, 12, 2))
    assert closed.deadline_for("urgent", seoul("2026-12-01 10:00")) == seoul("2026-12-07 18:00")
    as_list = policy(OFFICE_CLOSURES=["2026-12-02", date(2026, 12, 3)])
    assert as_list.calendar.closures == closed.calendar.closures
    # The package's May Day (a holiday from 2026 in its reading) declared a working day.
    assert not CALENDAR.is_working_day(date(2026, 5, 1))
    working = policy(OFFICE_OPEN_DAYS=["2026-05-01"])
    assert working.deadline_for("normal", seoul("2026-04-30 10:00")) == seoul("2026-05-12 18:00")
    assert policy().deadline_for("normal", seoul("2026-04-30 10:00")) == seoul("2026-05-13 18:00")
    later = policy(OFFICE_OPENS="10:00", OFFICE_CLOSES="17:00")
    assert later.escalation_due_at(seoul("2026-12-04 16:30")) == seoul("2026-12-07 11:30")


def test_an_unacknowledged_friday_evening_emergency_escalates_on_monday_at_10_30():
    friday = seoul("2026-12-04 17:30")
    reports = [
        TrackedReport(1, "emergency", friday, None, None),
        (2, "emergency", friday, friday + timedelta(minutes=20), None),  # acknowledged
        (3, "emergency", friday, None, friday + timedelta(minutes=40)),  # closed
        (4, "urgent", friday, None, None),  # urgent reports do not escalate
    ]
    assert policy().escalation_due_at(friday) == seoul("2026-12-07 10:30")

    before = policy().overdue(reports, seoul("2026-12-07 10:29"))
    assert before.escalate == []
    # The emergencies' same-day deadline (Friday 18:00) has passed for the open ones.
    assert [item.id for item in before.overdue] == [1, 2]

    at = policy().overdue(reports, seoul("2026-12-07 10:30"))
    assert [(item.id, item.due_at) for item in at.escalate] == [(1, seoul("2026-12-07 10:30"))]

    urgent_due = policy().overdue(reports, seoul("2026-12-08 18:01"))
    assert [item.id for item in urgent_due.overdue] == [1, 2, 4]  # soonest due first


def test_nothing_is_overdue_within_its_deadline():
    received = seoul("2026-09-23 17:00")  # the eve of Chuseok
    reports = [(1, "emergency", received, None, None), (2, "normal", received, None, None)]
    reading = policy().overdue(reports, seoul("2026-09-23 17:59"))
    assert reading.overdue == [] and reading.escalate == []
    # Over Chuseok and the weekend the escalation waits for the office: Monday 10:00.
    assert policy().overdue(reports, seoul("2026-09-28 09:59")).escalate == []
    assert [item.id for item in policy().overdue(reports, seoul("2026-09-28 10:00")).escalate] == [
        1
    ]


@pytest.mark.parametrize(
    ("settings", "names"),
    [
        ({"OFFICE_OPENS": "9am"}, "OFFICE_OPENS"),
        ({"OFFICE_CLOSES": "25:00"}, "OFFICE_CLOSES"),
        ({"OFFICE_OPENS": "18:00", "OFFICE_CLOSES": "09:00"}, "OFFICE_OPENS"),
        ({"OFFICE_CLOSURES": "2026-13-01"}, "OFFICE_CLOSURES"),
        ({"OFFICE_CLOSURES": ["2026-10-02", "next friday"]}, "OFFICE_CLOSURES"),
        ({"OFFICE_OPEN_DAYS": "1 May"}, "OFFICE_OPEN_DAYS"),
        ({"TRIAGE_DEADLINES": {"emergency": "same day", "urgent": 2}}, "TRIAGE_DEADLINES"),
        (
            {"TRIAGE_DEADLINES": {"emergency": 0, "urgent": 2, "normal": 7, "low": 30}},
            "TRIAGE_DEADLINES",
        ),
        ({"TRIAGE_DEADLINES": {"emergency": "same-day", "urgent": 2, "normal": 7}}, "emergency"),
        ({"TRIAGE_DEADLINES": {"emergency": 0, "urgent": -1, "normal": 7}}, "urgent"),
        ({"TRIAGE_DEADLINES": {"emergency": 0, "urgent": "2", "normal": 7}}, "urgent"),
        ({"TRIAGE_DEADLINES": {"emergency": 0, "urgent": 9, "normal": 7}}, "longer"),
        ({"ESCALATE_EMERGENCY_AFTER_OFFICE_HOURS": 0}, "ESCALATE_EMERGENCY"),
        ({"ESCALATE_EMERGENCY_AFTER_OFFICE_HOURS": True}, "ESCALATE_EMERGENCY"),
    ],
)
@pytest.mark.own_app
def test_a_wrong_clock_setting_stops_the_start(settings, names):
    with pytest.raises(ConfigurationError, match=names):
        create_app("testing", overrides=settings)


def test_clock_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("OFFICE_CLOSURES", "2026-10-02,2026-10-06")
    monkeypatch.setenv("OFFICE_CLOSES", "17:00")
    monkeypatch.setenv("ESCALATE_EMERGENCY_AFTER_OFFICE_HOURS", "3")
    config = {name: getattr(BaseConfig, name) for name in dir(BaseConfig) if name.isupper()}
    BaseConfig.finalise(config)  # what production and development read
    calendar = policy_from_settings(config).calendar
    assert policy_from_settings(config).escalation_due_at(seoul("2026-10-07 16:00")) == seoul(
        "2026-10-08 11:00"
    )
    assert not calendar.is_working_day(date(2026, 10, 2))
    assert calendar.working_days_between(date(2026, 10, 1), date(2026, 10, 7)) == 1
    assert calendar.add_working_days(seoul("2026-10-07 16:00"), 0) == seoul("2026-10-07 17:00")


def test_triage_deadlines_from_the_environment(monkeypatch):
    monkeypatch.setenv("TRIAGE_DEADLINES", "emergency=same day, urgent=1, normal=5")
    config = {name: getattr(BaseConfig, name) for name in dir(BaseConfig) if name.isupper()}
    BaseConfig.finalise(config)
    policy = policy_from_settings(config)
    received = seoul("2026-10-07 10:00")  # a Wednesday
    assert policy.deadline_for("urgent", received) == seoul("2026-10-08 18:00")
    # Five working days: Friday the 9th is Hangul Day.
    assert policy.deadline_for("normal", received) == seoul("2026-10-15 18:00")
    for wrong in (
        "urgent=2",
        "emergency=same day,urgent,normal=7",
        "emergency=0,urgent=x,normal=7",
    ):
        monkeypatch.setenv("TRIAGE_DEADLINES", wrong)
        config = {name: getattr(BaseConfig, name) for name in dir(BaseConfig) if name.isupper()}
        with pytest.raises(ConfigurationError, match="TRIAGE_DEADLINES"):
            BaseConfig.finalise(config)
            policy_from_settings(config)


def test_the_sites_policy_follows_its_settings(app):
    with app.app_context():
        from app import workdays

        friday = seoul("2026-12-04 17:30")
        assert workdays.is_working_day(date(2026, 12, 4))
        assert workdays.add_working_days(friday, 1) == seoul("2026-12-07 18:00")
        assert workdays.add_office_hours(friday, 2) == seoul("2026-12-07 10:30")
        assert workdays.working_days_between(friday, seoul("2026-12-07 09:00")) == 1
        assert workdays.deadline_for("urgent", friday) == seoul("2026-12-08 18:00")
        assert workdays.escalation_due_at(friday) == seoul("2026-12-07 10:30")
        reading = workdays.overdue([(7, "emergency", friday, None, None)], friday)
        assert reading.overdue == [] and reading.escalate == []


@pytest.mark.own_app
def test_flask_workdays_show_prints_the_month():
    app = create_app("testing", overrides={"OFFICE_CLOSURES": ["2026-09-30"]})
    output = app.test_cli_runner().invoke(args=["workdays", "show", "2026-09"]).output
    lines = output.splitlines()
    assert len(lines) == 31
    assert "2026-09-23 Wed  09:00-18:00" in lines
    assert "2026-09-24 Thu  closed: The day preceding Chuseok" in lines
    assert "2026-09-26 Sat  closed: The second day of Chuseok" in lines
    assert "2026-09-27 Sun  closed: weekend" in lines
    assert "2026-09-30 Wed  closed: declared closure" in lines
    assert lines[-1] == "19 working days (office hours 09:00-18:00 Seoul time)"

    wrong = app.test_cli_runner().invoke(args=["workdays", "show", "September"])
    assert wrong.exit_code != 0 and "not a month" in wrong.output
