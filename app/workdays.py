"""The office clock: Korean working days, office hours and the triage deadlines counted in them.

A working day is a weekday that is neither a Korean public holiday (the `holidays` package's
KR calendar: Seollal, Chuseok, election days and the substitute holidays the law adds) nor a
closure the operator declared (`OFFICE_CLOSURES`, such as a city's temporary holiday). Office
hours are `OFFICE_OPENS`–`OFFICE_CLOSES` (09:00–18:00) in Seoul; Seoul keeps no daylight
saving time, so wall-clock arithmetic in Seoul is exact.

A report's deadline is the end of office hours of its n-th working day: n counts the working
days after the day it arrived, and that day itself counts as day 0 only if it arrived on a
working day before closing time (else day 0 is the next working day). So "same day" (n = 0) for
a report on Friday at 17:00 is Friday 18:00, and for one on Saturday it is Monday 18:00.

The settings are checked when the site starts (`init_app`): a typo in a date or a level stops
the start with a message that says which setting, not a wrong deadline months later. The
functions take the moment as an argument (`now`), so tests freeze the clock by passing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

import holidays
from flask import Flask, current_app

from app.clock import SEOUL, utcnow
from app.config import ConfigurationError

# The triage levels of a discovery report, most pressing first (the inbox names them).
EMERGENCY = "emergency"
URGENT = "urgent"
NORMAL = "normal"
TRIAGE_LEVELS = (EMERGENCY, URGENT, NORMAL)
SAME_DAY = "same day"

# A search for the next working day gives up after this many days: only a declared closure of
# a whole year could reach it, and a loop without end would hang the inbox instead.
_LONGEST_CLOSURE_DAYS = 366


class WorkingCalendar:
    """Which Seoul days are working days, and the office hours on them."""

    def __init__(
        self,
        opens: time = time(9),
        closes: time = time(18),
        closures: Iterable[date] = (),
        open_days: Iterable[date] = (),
    ) -> None:
        if opens >= closes:
            raise ValueError("office hours must open before they close")
        self.opens = opens
        self.closes = closes
        self.closures = frozenset(closures)
        # Weekdays the offices work although the package lists a holiday: it follows the law
        # as its authors read it (May Day, a public holiday from 2026 in its 0.109 release,
        # was long a workday for public offices), and the operator has the last word.
        self.open_days = frozenset(open_days)
        # The years around now are computed here, others when first asked about (the package
        # fills them in); English names, like the site's other operator commands.
        this_year = utcnow().astimezone(SEOUL).year
        self._holidays = holidays.country_holidays(
            "KR", years=range(this_year - 1, this_year + 3), language="en_US"
        )

    def closed_because(self, day: date) -> str | None:
        """Why `day` is not a working day (a holiday's name, "weekend", "declared closure")."""
        if day in self._holidays and day not in self.open_days:
            return str(self._holidays[day])
        if day in self.closures:
            return "declared closure"
        if day.weekday() >= 5:
            return "weekend"
        return None

    def is_working_day(self, day: date) -> bool:
        return self.closed_because(day) is None

    def opening(self, day: date) -> datetime:
        return datetime.combine(day, self.opens, tzinfo=SEOUL)

    def closing(self, day: date) -> datetime:
        return datetime.combine(day, self.closes, tzinfo=SEOUL)

    def next_working_day(self, day: date) -> date:
        """The first working day after `day`."""
        for _ in range(_LONGEST_CLOSURE_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError(f"no working day within {_LONGEST_CLOSURE_DAYS} days of {day}")

    def first_counted_day(self, start: datetime) -> date:
        """Day 0 of a clock started at `start`: its Seoul day if a working day not yet closed,
        else the next working day."""
        local = _in_seoul(start)
        if self.is_working_day(local.date()) and local < self.closing(local.date()):
            return local.date()
        return self.next_working_day(local.date())

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """The end of office hours of the n-th working day after `start` (n = 0: day 0)."""
        if n < 0:
            raise ValueError("a number of working days cannot be negative")
        day = self.first_counted_day(start)
        for _ in range(n):
            day = self.next_working_day(day)
        return self.closing(day)

    def add_office_hours(self, start: datetime, hours: float) -> datetime:
        """`start` moved on by `hours` of office time: evenings, weekends and holidays do not
        count (Friday 17:30 plus 2 hours is Monday 10:30)."""
        if hours < 0:
            raise ValueError("a number of office hours cannot be negative")
        remaining = timedelta(hours=hours)
        local = _in_seoul(start)
        day = local.date()
        if not self.is_working_day(day):
            day = self.next_working_day(day)
            local = self.opening(day)
        while True:
            window_start = max(local, self.opening(day))
            available = self.closing(day) - window_start
            if remaining <= available:
                return window_start + remaining
            remaining -= max(available, timedelta(0))
            day = self.next_working_day(day)
            local = self.opening(day)

    def working_days_between(self, a: datetime | date, b: datetime | date) -> int:
        """Working days after a's Seoul day up to and including b's (negative if b is earlier):
        Friday to Monday is 1, a day to itself 0."""
        first, last = _seoul_date(a), _seoul_date(b)
        if last < first:
            return -self.working_days_between(b, a)
        return sum(
            self.is_working_day(first + timedelta(days=offset))
            for offset in range(1, (last - first).days + 1)
        )

    def month(self, year: int, month: int) -> list[tuple[date, str | None]]:
        """Every day of a month with why it is closed (None: a working day)."""
        day = date(year, month, 1)
        days = []
        while day.month == month:
            days.append((day, self.closed_because(day)))
            day += timedelta(days=1)
        return days


class TrackedReport(NamedTuple):
    """What the clock needs of a report in the inbox (moments are aware; None: not yet)."""

    id: int
    level: str
    received_at: datetime
    acknowledged_at: datetime | None
    closed_at: datetime | None


class Overdue(NamedTuple):
    id: int
    level: str
    due_at: datetime


class ClockReading(NamedTuple):
    """`TriagePolicy.overdue`'s answer, each list soonest due first."""

    overdue: list[Overdue]  # past their deadline and not closed
    escalate: list[Overdue]  # emergencies not acknowledged in time: to the gu's coordinator


@dataclass(frozen=True)
class TriagePolicy:
    """Deadlines by triage level, and when an emergency goes up to the gu's coordinator.

    The reports inbox asks `deadline_for(level, received_at)` when a report is triaged (and
    stores it as the report's due date), and `escalation_due_at(received_at)` for an emergency.
    """

    calendar: WorkingCalendar
    deadlines: Mapping[str, int]  # working days by level ("same day" is 0)
    escalate_after_office_hours: float

    def deadline_for(self, level: str, received_at: datetime) -> datetime:
        try:
            working_days = self.deadlines[level]
        except KeyError:
            raise ValueError(f"unknown triage level {level!r}") from None
        return self.calendar.add_working_days(received_at, working_days)

    def escalation_due_at(self, received_at: datetime) -> datetime:
        """When an emergency not yet acknowledged goes to the gu's coordinator."""
        return self.calendar.add_office_hours(received_at, self.escalate_after_office_hours)

    def overdue(self, reports: Iterable[TrackedReport | tuple], now: datetime) -> ClockReading:
        """Which open reports are past their deadline, and which emergencies must escalate.

        Pure (no database, no clock of its own), so a periodic job can call it: the inbox
        selects its open reports as (id, level, received_at, acknowledged_at, closed_at),
        leaving out the emergencies it has already escalated (it stores when), passes them
        with `utcnow()`, then in one transaction marks and notifies the `escalate` ones (which
        sends them only once) and shows `overdue` on its overdue list. A Huey
        `@periodic_task(crontab(minute="*/10"))` in the inbox's own jobs module suits it:
        escalation is counted in office hours, so ten minutes late is the worst case.
        """
        overdue: list[Overdue] = []
        escalate: list[Overdue] = []
        for report in map(TrackedReport._make, reports):
            if report.closed_at is not None:
                continue
            due_at = self.deadline_for(report.level, report.received_at)
            if now > due_at:
                overdue.append(Overdue(report.id, report.level, due_at))
            if report.level == EMERGENCY and report.acknowledged_at is None:
                escalate_at = self.escalation_due_at(report.received_at)
                if now >= escalate_at:
                    escalate.append(Overdue(report.id, report.level, escalate_at))
        return ClockReading(
            sorted(overdue, key=lambda item: item.due_at),
            sorted(escalate, key=lambda item: item.due_at),
        )


def _in_seoul(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        # A naive moment could be UTC (the database) or Seoul (a form): refuse to guess.
        raise ValueError("the office clock needs aware datetimes")
    return moment.astimezone(SEOUL)


def _seoul_date(moment: datetime | date) -> date:
    return _in_seoul(moment).date() if isinstance(moment, datetime) else moment


# Settings ---------------------------------------------------------------------------------


def policy_from_settings(config: Mapping[str, Any]) -> TriagePolicy:
    """The policy the settings describe, or ConfigurationError naming the wrong setting."""
    opens = _time_setting(config, "OFFICE_OPENS")
    closes = _time_setting(config, "OFFICE_CLOSES")
    if opens >= closes:
        raise ConfigurationError(
            f"OFFICE_OPENS ({opens:%H:%M}) must be earlier than OFFICE_CLOSES ({closes:%H:%M})"
        )
    calendar = WorkingCalendar(
        opens,
        closes,
        _dates_setting("OFFICE_CLOSURES", config.get("OFFICE_CLOSURES")),
        _dates_setting("OFFICE_OPEN_DAYS", config.get("OFFICE_OPEN_DAYS")),
    )
    hours = config.get("ESCALATE_EMERGENCY_AFTER_OFFICE_HOURS")
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= 24:
        raise ConfigurationError(
            "ESCALATE_EMERGENCY_AFTER_OFFICE_HOURS must be a number of office hours "
            f"above 0 and at most 24, not {hours!r}"
        )
    return TriagePolicy(calendar, _deadlines_setting(config.get("TRIAGE_DEADLINES")), hours)


def _time_setting(config: Mapping[str, Any], name: str) -> time:
    value = config.get(name)
    try:
        return time.fromisoformat(str(value))
    except ValueError:
        raise ConfigurationError(f"{name} must be a time of day as HH:MM, not {value!r}") from None


def _dates_setting(name: str, value: Any) -> list[date]:
    # From the environment: "2026-10-02,2026-12-31"; in a config object: a list of either.
    items = value.split(",") if isinstance(value, str) else list(value or ())
    days = []
    for item in items:
        if isinstance(item, date) and not isinstance(item, datetime):
            days.append(item)
            continue
        try:
            days.append(date.fromisoformat(str(item).strip()))
        except ValueError:
            raise ConfigurationError(
                f"{name}: {item!r} is not a date (YYYY-MM-DD, comma-separated)"
            ) from None
    return days


def _deadlines_setting(value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping) or set(value) != set(TRIAGE_LEVELS):
        raise ConfigurationError(
            "TRIAGE_DEADLINES must give each triage level (emergency, urgent, normal) its "
            f'working days, such as {{"emergency": "same day", "urgent": 2, "normal": 7}}, '
            f"not {value!r}"
        )
    deadlines = {}
    for level in TRIAGE_LEVELS:
        days = 0 if value[level] == SAME_DAY else value[level]
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 60:
            raise ConfigurationError(
                f'TRIAGE_DEADLINES["{level}"] must be "same day" or a number of working days '
                f"from 0 to 60, not {value[level]!r}"
            )
        deadlines[level] = days
    if not deadlines[EMERGENCY] <= deadlines[URGENT] <= deadlines[NORMAL]:
        raise ConfigurationError(
            "TRIAGE_DEADLINES: an emergency cannot have longer than an urgent report, nor an "
            "urgent one longer than a normal one"
        )
    return deadlines


def init_app(app: Flask) -> None:
    """Check the settings at start-up and keep the policy they describe."""
    app.extensions["workdays"] = policy_from_settings(app.config)


# The site's own policy, for callers inside a request or a job ------------------------------


def triage_policy() -> TriagePolicy:
    return current_app.extensions["workdays"]


def is_working_day(day: date) -> bool:
    return triage_policy().calendar.is_working_day(day)


def add_working_days(start: datetime, n: int) -> datetime:
    return triage_policy().calendar.add_working_days(start, n)


def add_office_hours(start: datetime, hours: float) -> datetime:
    return triage_policy().calendar.add_office_hours(start, hours)


def working_days_between(a: datetime | date, b: datetime | date) -> int:
    return triage_policy().calendar.working_days_between(a, b)


def deadline_for(level: str, received_at: datetime) -> datetime:
    return triage_policy().deadline_for(level, received_at)


def escalation_due_at(received_at: datetime) -> datetime:
    return triage_policy().escalation_due_at(received_at)


def overdue(reports: Iterable[TrackedReport | tuple], now: datetime | None = None) -> ClockReading:
    return triage_policy().overdue(reports, now or utcnow())
