"""Translated names for the contests' enum values, for the label registry."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.contests.states import (
    ContestPhase,
    DateChangeKind,
    PartnerStatus,
    ProposalStatus,
    RecusalReason,
)
from app.labels import register

PHASE_LABELS = register(
    ContestPhase,
    {
        ContestPhase.DRAFT: lazy_pgettext("contest phase", "In preparation"),
        ContestPhase.OPEN: lazy_pgettext("contest phase", "Open for proposals"),
        ContestPhase.REVIEW: lazy_pgettext("contest phase", "Under review"),
        ContestPhase.RESULTS: lazy_pgettext("contest phase", "Results published"),
    },
)

PROPOSAL_STATUS_LABELS = register(
    ProposalStatus,
    {
        ProposalStatus.DRAFT: lazy_pgettext("proposal status", "Draft"),
        ProposalStatus.SUBMITTED: lazy_pgettext("proposal status", "Submitted"),
        ProposalStatus.WITHDRAWN: lazy_pgettext("proposal status", "Withdrawn"),
    },
)

PARTNER_STATUS_LABELS = register(
    PartnerStatus,
    {
        PartnerStatus.INVITED: lazy_pgettext("partner status", "Invited"),
        PartnerStatus.ACCEPTED: lazy_pgettext("partner status", "Accepted"),
        PartnerStatus.DECLINED: lazy_pgettext("partner status", "Declined"),
    },
)

DATE_CHANGE_LABELS = register(
    DateChangeKind,
    {
        DateChangeKind.CLOSE_EARLY: _l("Closed early"),
        DateChangeKind.EXTEND: _l("Deadline extended"),
        DateChangeKind.PUBLISH_RESULTS: _l("Results published early"),
    },
)

RECUSAL_REASON_LABELS = register(
    RecusalReason,
    {
        RecusalReason.MEMBERSHIP: _l("Member of an organisation in the consortium"),
        RecusalReason.DECLARED: _l("Declared by the reviewer"),
    },
)
