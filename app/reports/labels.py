"""Translated names of a report's choices and states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.labels import register
from app.reports.models import (
    CrisisType,
    ReportAbout,
    ReportChannel,
    ReportEventKind,
    ReportOutcome,
    ReportStatus,
    TriageLevel,
    Urgency,
)

REPORT_ABOUT_LABELS = register(
    ReportAbout,
    {
        ReportAbout.SELF: _l("I need help myself"),
        ReportAbout.NEIGHBOUR: _l("I am worried about a neighbour"),
    },
)

CRISIS_TYPE_LABELS = register(
    CrisisType,
    {
        CrisisType.LIVELIHOOD: _l("Money for daily living"),
        CrisisType.HOUSING: _l("Housing"),
        CrisisType.UTILITIES_CUT_OFF: _l("Electricity, gas or water cut off"),
        CrisisType.HEATING: _l("Heating"),
        CrisisType.HEALTH: _l("Health"),
        CrisisType.ISOLATION: _l("Living alone, isolated, or at risk of dying alone"),
        CrisisType.CARE: _l("Care"),
        CrisisType.DEBT: _l("Debt"),
        CrisisType.SAFETY: _l("Safety"),
        CrisisType.OTHER: lazy_pgettext("crisis type", "Other"),
    },
)

URGENCY_LABELS = register(
    Urgency,
    {
        Urgency.TODAY: _l("Today"),
        Urgency.THIS_WEEK: _l("This week"),
        Urgency.NOT_URGENT: _l("Not urgent"),
    },
)

# The three words a reporter is ever told: the tracking page and /my show nothing else.
REPORT_STATUS_LABELS = register(
    ReportStatus,
    {
        ReportStatus.RECEIVED: lazy_pgettext("report status", "Received"),
        ReportStatus.IN_REVIEW: lazy_pgettext("report status", "Being looked into"),
        ReportStatus.CLOSED: lazy_pgettext("report status", "Closed"),
    },
)

TRIAGE_LEVEL_LABELS = register(
    TriageLevel,
    {
        TriageLevel.EMERGENCY: _l("Emergency (the same working day)"),
        TriageLevel.URGENT: _l("Urgent (2 working days)"),
        TriageLevel.NORMAL: lazy_pgettext("triage level", "Normal (7 working days)"),
    },
)

REPORT_OUTCOME_LABELS = register(
    ReportOutcome,
    {
        ReportOutcome.CASE_OPENED: _l("A case was opened"),
        ReportOutcome.REFERRED: _l("Referred to another service"),
        ReportOutcome.NO_NEED: _l("No help needed"),
        ReportOutcome.UNABLE_TO_LOCATE: _l("The person could not be found"),
        ReportOutcome.DUPLICATE: _l("Duplicate: merged into another report"),
    },
)

REPORT_EVENT_LABELS = register(
    ReportEventKind,
    {
        ReportEventKind.TRIAGED: _l("Triaged"),
        ReportEventKind.ACKNOWLEDGED: _l("Emergency acknowledged"),
        ReportEventKind.ASSIGNED: _l("Assigned"),
        ReportEventKind.ESCALATED: _l("Escalated to the gu"),
        ReportEventKind.STATUS_CHANGED: _l("Status changed"),
        ReportEventKind.CLOSED: lazy_pgettext("report history", "Closed"),
    },
)

REPORT_CHANNEL_LABELS = register(
    ReportChannel,
    {
        ReportChannel.WEB: _l("The site's report form"),
        ReportChannel.OPEN311: _l("A partner's system (Open311)"),
        ReportChannel.CHECKIN: _l("Missed check-ins"),
    },
)
