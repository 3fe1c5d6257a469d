"""Translated names of the access log's actions and of the review's flags."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.access_log import AccessAction
from app.access_review.queries import FlagKind
from app.labels import register

ACTION_LABELS = register(
    AccessAction,
    {
        AccessAction.VIEW: _l("Viewed"),
        AccessAction.EDIT: _l("Edited"),
        AccessAction.EXPORT: _l("Exported"),
        AccessAction.DOWNLOAD: _l("Downloaded"),
        AccessAction.OVERRIDE: _l("Override"),
    },
)

FLAG_LABELS = register(
    FlagKind,
    {
        FlagKind.OUTSIDE_ASSIGNMENT: _l("Outside the assignment"),
        FlagKind.BURST: _l("Burst"),
        FlagKind.AFTER_HOURS: _l("After hours"),
    },
)

# What each flag means, shown beside it: the officer judges, the page only points.
FLAG_EXPLANATIONS = {
    FlagKind.OUTSIDE_ASSIGNMENT: _l(
        "A need was opened by someone not assigned (now) to its dong or gu. Check the "
        "staff-area changes on their account page, and ask why."
    ),
    FlagKind.BURST: _l(
        "More distinct records were opened in one day than the set limit: a copy being "
        "taken by hand, or a shared account."
    ),
    FlagKind.AFTER_HOURS: _l(
        "An export or download outside office hours (08:00 to 20:00 Seoul time, Monday to Friday)."
    ),
}

# The kinds of record the log names (later welfare features add theirs).
SUBJECT_KIND_LABELS = {
    "need": _l("Need"),
    "report": _l("Confidential report"),
    "shared_contact": _l("Place or phone shared in a match"),
    "own_data": _l("A person's own data"),
    "access_log": _l("Access log"),
    "neighbour_appointment": _l("Sharing Neighbour appointment"),
    "didimdol_donation_document": _l("Didimdol donation receipt or certificate"),
    "didimdol_receipts_year": _l("Didimdol donation receipts of a year"),
}
