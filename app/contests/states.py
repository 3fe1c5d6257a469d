"""The states and kinds of the contests' records, stored as strings with CHECK constraints
(app.dbtypes.enum_type); their translated names are in app/contests/labels.py."""

from __future__ import annotations

import enum


class ContestPhase(enum.StrEnum):
    DRAFT = "draft"  # being prepared by staff; not public
    OPEN = "open"  # taking proposals until the deadline
    REVIEW = "review"  # reviewers score, staff decide
    RESULTS = "results"  # decisions are public


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class PartnerStatus(enum.StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class DateChangeKind(enum.StrEnum):
    CLOSE_EARLY = "close_early"
    EXTEND = "extend"
    PUBLISH_RESULTS = "publish_results"


class RecusalReason(enum.StrEnum):
    MEMBERSHIP = "membership"  # found by the site: the reviewer belongs to a consortium member
    DECLARED = "declared"  # declared by the reviewer
