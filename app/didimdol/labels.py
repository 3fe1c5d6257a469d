"""Translated names of Didimdol's target groups and of its workflows' states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.didimdol.giveback_models import VolunteerActivity
from app.didimdol.models import (
    EnrolmentStatus,
    LedgerEventKind,
    LeftReason,
    PledgeKind,
    PledgeStatus,
    TargetGroup,
    VoucherStatus,
)
from app.labels import register

TARGET_GROUP_LABELS = register(
    TargetGroup,
    {
        TargetGroup.CHILDREN: _l("Children and young people"),
        TargetGroup.OLDER_ALONE: _l("Older people living alone"),
        TargetGroup.DISABLED: _l("Disabled people"),
        TargetGroup.LOW_INCOME: _l("Low-income households"),
        TargetGroup.MULTICULTURAL: _l("Multicultural families"),
        TargetGroup.OTHER: _l("Other people the facility looks after"),
    },
)

ENROLMENT_STATUS_LABELS = register(
    EnrolmentStatus,
    {
        EnrolmentStatus.REQUESTED: _l("Waiting for approval"),
        EnrolmentStatus.APPROVED: _l("Approved donor"),
        EnrolmentStatus.SUSPENDED: _l("Suspended"),
        EnrolmentStatus.ENDED: _l("Ended"),
    },
)

PLEDGE_KIND_LABELS = register(
    PledgeKind, {PledgeKind.GOODS: _l("Goods"), PledgeKind.SERVICE: _l("Service")}
)

PLEDGE_STATUS_LABELS = register(
    PledgeStatus,
    {
        PledgeStatus.DRAFT: _l("Draft"),
        PledgeStatus.PUBLISHED: _l("Published"),
        PledgeStatus.PAUSED: _l("Paused"),
        PledgeStatus.ENDED: _l("Ended"),
    },
)

VOUCHER_STATUS_LABELS = register(
    VoucherStatus,
    {
        VoucherStatus.ISSUED: _l("Issued"),
        VoucherStatus.REDEEMED: _l("Redeemed"),
        VoucherStatus.EXPIRED: _l("Expired"),
        VoucherStatus.CANCELLED: _l("Cancelled"),
    },
)

LEDGER_EVENT_LABELS = register(
    LedgerEventKind,
    {
        LedgerEventKind.ISSUED: _l("Issued"),
        LedgerEventKind.REDEEMED: _l("Redeemed"),
        LedgerEventKind.REVERSED: _l("Redemption reversed"),
        LedgerEventKind.EXPIRED: _l("Expired"),
        LedgerEventKind.CANCELLED: _l("Cancelled"),
    },
)

VOLUNTEER_ACTIVITY_LABELS = register(
    VolunteerActivity,
    {
        VolunteerActivity.NEIGHBOUR_CARE: _l("Caring for neighbours (visits, company, calls)"),
        VolunteerActivity.FOOD_SHARING: _l("Sharing food (meals, side dishes, food bank)"),
        VolunteerActivity.NEIGHBOURHOOD_CLEANING: _l("Cleaning the neighbourhood"),
        VolunteerActivity.TEACHING: _l("Teaching or mentoring"),
        VolunteerActivity.EVENTS: _l("Helping at events"),
        VolunteerActivity.OTHER: lazy_pgettext("volunteering", "Other"),
    },
)

LEFT_REASON_LABELS = register(
    LeftReason,
    {
        LeftReason.MOVED_AWAY: _l("Moved away"),
        LeftReason.NO_LONGER_ELIGIBLE: _l("No longer eligible"),
        LeftReason.DIED: _l("Died"),
        LeftReason.OTHER: _l("Another reason"),
        LeftReason.CONSENT_WITHDRAWN_BY_PERSON: _l("Consent withdrawn by the person"),
        LeftReason.CONSENT_WITHDRAWN_BY_GUARDIAN: _l("Consent withdrawn by their guardian"),
    },
)

from app.didimdol import association_labels  # noqa: E402, F401  (associations and invitations)
