"""Translated names of a visit's kinds and outcomes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.labels import register
from app.visits.models import VisitKind, VisitOutcome

VISIT_KIND_LABELS = register(
    VisitKind,
    {
        VisitKind.HOME: _l("Home visit"),
        VisitKind.PHONE: _l("Phone call"),
        VisitKind.JOINT_WITH_NURSE: _l("Joint visit with a nurse"),
    },
)

VISIT_OUTCOME_LABELS = register(
    VisitOutcome,
    {
        VisitOutcome.MET_AND_ASSESSED: _l("Met and assessed"),
        VisitOutcome.NOT_HOME: _l("Not at home"),
        VisitOutcome.REFUSED: _l("Refused"),
        VisitOutcome.MOVED: _l("Moved away"),
        VisitOutcome.DECEASED: _l("Deceased"),
        VisitOutcome.URGENT_REFERRAL: _l("Urgent referral"),
        VisitOutcome.NO_NEED: _l("No need found"),
    },
)
