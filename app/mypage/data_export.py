"""What "download my data" gives a person (PIPA art. 35): every kind of record held about them,
each as rows of plain values, and nothing private of anybody else.

Each kind says which `table.column` references to the person it covers; the columns that point
at a person but are not that person's data are listed in NOT_PERSONAL_DATA with the reason.
tests/mypage/test_data_export.py fails when a table gains a reference to users.id that is in
neither, so a later feature cannot forget to export what it keeps about people.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from app.accounts.models import LoginSession, User
from app.alerts.models import AlertSubscription
from app.extensions import db
from app.ideas.models import CommentReport, Idea, IdeaComment, IdeaSupport
from app.matching.models import Match
from app.matching.threads.models import MatchMessage, SharedContact
from app.neighbours.queries import own_appointments
from app.notifications.models import Notification, NotificationPreference
from app.organisations.models import Membership
from app.pins.consent_records import consents_of_author
from app.pins.models import NeedConsent, Pin
from app.pins.services import exact_point
from app.reports.services import reports_of
from app.stories.models import Story, StoryReport

Record = dict[str, Any]


@dataclass(frozen=True)
class ExportKind:
    name: str  # the file's name without .csv, and the key in data.json
    description: Any  # lazy: said in README.txt in the person's language
    columns: Sequence[str]
    records: Callable[[User], list[Record]]
    covers: Sequence[str]  # "table.column" references to users.id that this kind exports


def plain(value: Any) -> Any:
    """A value as JSON and CSV can hold it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _record(obj: Any, columns: Sequence[str], **extra: Any) -> Record:
    values = {column: getattr(obj, column) for column in columns if column not in extra}
    values.update(extra)
    return {column: plain(values[column]) for column in columns}


ACCOUNT_COLUMNS = (
    "id",
    "email",
    "display_name",
    "role",
    "preferred_language",
    "created_at",
    "last_login_at",
)


def _account(person: User) -> list[Record]:
    return [_record(person, ACCOUNT_COLUMNS)]


PIN_COLUMNS = (
    "id",
    "kind",
    "status",
    "title",
    "description",
    "category",
    "exact_lon",  # the person's OWN exact point: theirs to see
    "exact_lat",
    "public_lon",
    "public_lat",
    "text_shared",
    "listed",
    "organisation_id",
    "quantity",
    "available_from",
    "available_until",
    "expires_at",
    "created_at",
    "updated_at",
)


def _own_pins(person: User) -> list[Pin]:
    return list(db.session.scalars(select(Pin).where(Pin.author_id == person.id).order_by(Pin.id)))


def _pins(person: User) -> list[Record]:
    records = []
    for pin in _own_pins(person):
        lon, lat = exact_point(pin)
        records.append(
            _record(pin, PIN_COLUMNS, category=pin.category.name_ko, exact_lon=lon, exact_lat=lat)
        )
    return records


CONSENT_COLUMNS = ("pin_id", "relation", "relation_other", "channel", "given_on", "recorded_at")


def _consents(person: User) -> list[Record]:
    consents = db.session.scalars(
        select(NeedConsent)
        .join(Pin, Pin.id == NeedConsent.pin_id)
        .where(Pin.author_id == person.id)
        .order_by(NeedConsent.pin_id)
    )
    return [_record(consent, CONSENT_COLUMNS) for consent in consents]


CONSENT_RECORD_COLUMNS = (
    "subject_kind",
    "subject_id",
    "purpose",
    "recipient_organisation_id",
    "notice_version",
    "method",
    "guardian_relationship",
    "given_on",
    "valid_until",
    "recorded_at",
    "withdrawn_at",
    "legal_basis",
    "approved_at",
)


def _consent_records(person: User) -> list[Record]:
    """Staff's notes on an override's basis stay out: they are the office's reasoning, while
    the basis itself is given."""
    return [_record(record, CONSENT_RECORD_COLUMNS) for record in consents_of_author(person)]


def own_matches(person: User) -> list[Match]:
    """Matches on the person's own needs and offers. The other side is named by its pin's id
    only: its author's name and exact place are theirs (shared, if at all, in the thread)."""
    need, offer = aliased(Pin), aliased(Pin)
    return list(
        db.session.scalars(
            select(Match)
            .join(need, Match.need_id == need.id)
            .join(offer, Match.offer_id == offer.id)
            .where(or_(need.author_id == person.id, offer.author_id == person.id))
            .order_by(Match.id)
        )
    )


MATCH_COLUMNS = (
    "id",
    "need_id",
    "offer_id",
    "my_side",
    "status",
    "proposed_by_me",
    "message",
    "created_at",
    "decided_at",
    "fulfilled_at",
    "thank_you",
)


def _matches(person: User) -> list[Record]:
    return [
        _record(
            match,
            MATCH_COLUMNS,
            my_side="need" if match.need.author_id == person.id else "offer",
            proposed_by_me=match.proposed_by_id == person.id,
        )
        for match in own_matches(person)
    ]


MESSAGE_COLUMNS = ("id", "match_id", "written_by_me", "body", "created_at")


def _messages(person: User) -> list[Record]:
    """What the person wrote and received in their own matches; the other writer's name is
    left out (a helper may not know the need's author's name)."""
    match_ids = [match.id for match in own_matches(person)]
    messages = db.session.scalars(
        select(MatchMessage).where(MatchMessage.match_id.in_(match_ids)).order_by(MatchMessage.id)
    )
    return [
        _record(message, MESSAGE_COLUMNS, written_by_me=message.author_id == person.id)
        for message in messages
    ]


SHARED_CONTACT_COLUMNS = ("id", "match_id", "shares_place", "phone", "created_at", "withdrawn_at")


def _shared_contacts(person: User) -> list[Record]:
    shares = db.session.scalars(
        select(SharedContact)
        .where(SharedContact.shared_by_id == person.id)
        .order_by(SharedContact.id)
    )
    return [_record(share, SHARED_CONTACT_COLUMNS) for share in shares]


IDEA_COLUMNS = ("id", "title", "body", "status", "outcome", "response", "created_at", "answered_at")


def _ideas(person: User) -> list[Record]:
    ideas = db.session.scalars(select(Idea).where(Idea.author_id == person.id).order_by(Idea.id))
    return [_record(idea, IDEA_COLUMNS) for idea in ideas]


SUPPORT_COLUMNS = ("idea_id", "idea_title", "created_at")


def _supports(person: User) -> list[Record]:
    supports = db.session.scalars(
        select(IdeaSupport).where(IdeaSupport.user_id == person.id).order_by(IdeaSupport.idea_id)
    )
    return [
        _record(support, SUPPORT_COLUMNS, idea_title=support.idea.title) for support in supports
    ]


COMMENT_COLUMNS = ("id", "idea_id", "body", "created_at", "hidden_at", "hidden_reason")


def _comments(person: User) -> list[Record]:
    comments = db.session.scalars(
        select(IdeaComment).where(IdeaComment.author_id == person.id).order_by(IdeaComment.id)
    )
    return [_record(comment, COMMENT_COLUMNS) for comment in comments]


STORY_COLUMNS = (
    "id",
    "title",
    "body",
    "language",
    "status",
    "about_other_person",
    "rejection_reason",
    "submitted_at",
    "published_at",
)


def _stories(person: User) -> list[Record]:
    stories = db.session.scalars(
        select(Story).where(Story.author_id == person.id).order_by(Story.id)
    )
    return [_record(story, STORY_COLUMNS) for story in stories]


REPORT_COLUMNS = ("about", "about_id", "reason", "created_at", "resolved_at")


def _reports(person: User) -> list[Record]:
    story_reports = db.session.scalars(
        select(StoryReport).where(StoryReport.reporter_id == person.id).order_by(StoryReport.id)
    )
    comment_reports = db.session.scalars(
        select(CommentReport)
        .where(CommentReport.reporter_id == person.id)
        .order_by(CommentReport.id)
    )
    return [
        _record(report, REPORT_COLUMNS, about="story", about_id=report.story_id)
        for report in story_reports
    ] + [
        _record(report, REPORT_COLUMNS, about="comment", about_id=report.comment_id)
        for report in comment_reports
    ]


NOTIFICATION_COLUMNS = ("id", "kind", "subject", "body", "link", "created_at", "read_at")


def _notifications(person: User) -> list[Record]:
    notifications = db.session.scalars(
        select(Notification).where(Notification.user_id == person.id).order_by(Notification.id)
    )
    return [_record(notification, NOTIFICATION_COLUMNS) for notification in notifications]


MEMBERSHIP_COLUMNS = (
    "organisation_id",
    "organisation",
    "status",
    "is_representative",
    "message",
    "requested_at",
    "decided_at",
)


def _memberships(person: User) -> list[Record]:
    memberships = db.session.scalars(
        select(Membership).where(Membership.user_id == person.id).order_by(Membership.id)
    )
    return [
        _record(membership, MEMBERSHIP_COLUMNS, organisation=membership.organisation.name_ko)
        for membership in memberships
    ]


def _login_sessions(person: User) -> list[Record]:
    """Times only: the key's hash would help nobody and is a secret of the login."""
    sessions = db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == person.id).order_by(LoginSession.id)
    )
    return [_record(login, ("created_at",)) for login in sessions]


def _notification_settings(person: User) -> list[Record]:
    """The choices the person made; every other kind reaches them the default way."""
    chosen = db.session.scalars(
        select(NotificationPreference)
        .where(NotificationPreference.user_id == person.id)
        .order_by(NotificationPreference.id)
    )
    return [_record(choice, ("kind", "delivery")) for choice in chosen]


ALERT_COLUMNS = ("id", "needs", "offers", "areas", "categories", "created_at")


def _alert_subscriptions(person: User) -> list[Record]:
    """The person's own alerts (an organisation's alerts are the organisation's)."""
    alerts = db.session.scalars(
        select(AlertSubscription)
        .where(AlertSubscription.user_id == person.id)
        .order_by(AlertSubscription.id)
    )
    return [
        _record(
            alert,
            ALERT_COLUMNS,
            areas=" | ".join(area.name_ko for area in alert.areas),
            categories=" | ".join(category.name_ko for category in alert.categories),
        )
        for alert in alerts
    ]


NEIGHBOUR_APPOINTMENT_COLUMNS = (
    "dong_code",
    "kind",
    "kind_other",
    "term_starts_on",
    "term_ends_on",
    "pledge_signed_on",
    "pledge_version",
    "appointed_at",
    "revoked_at",
)


def _neighbour_appointments(person: User) -> list[Record]:
    """The scanned pledge stays out (the signed paper the person holds themselves), and so does
    the staff's reason for a revocation, the office's note, as for consents' overrides."""
    return [
        _record(a, NEIGHBOUR_APPOINTMENT_COLUMNS, dong_code=a.dong.code)
        for a in own_appointments(person)
    ]


WELFARE_REPORT_COLUMNS = (
    "id",
    "status",
    "about",
    "crisis_types",
    "urgency",
    "what_was_seen",
    "created_at",
)


def _welfare_reports(person: User) -> list[Record]:
    """What the reporter wrote and the three-word status: not the place, nor the name and
    phone of the person it is about (a neighbour's data, not the reporter's)."""
    return [
        _record(
            report,
            WELFARE_REPORT_COLUMNS,
            crisis_types=" | ".join(c.value for c in report.crisis_types),
        )
        for report in reversed(reports_of(person))
    ]


EXPORT_KINDS: Sequence[ExportKind] = (
    ExportKind(
        "account",
        _l("Your account: email, name, role, language, when it was made and last used."),
        ACCOUNT_COLUMNS,
        _account,
        (),
    ),
    ExportKind(
        "pins",
        _l("Your needs and offers, withdrawn ones too, with their exact places."),
        PIN_COLUMNS,
        _pins,
        ("pins.author_id",),
    ),
    ExportKind(
        "need_consents",
        _l("The consent you recorded for needs posted for a neighbour."),
        CONSENT_COLUMNS,
        _consents,
        (),
    ),
    ExportKind(
        "consent_records",
        _l("Consents you gave, and those recorded on your needs, with their dates and purposes."),
        CONSENT_RECORD_COLUMNS,
        _consent_records,
        ("consent_records.person_id",),
    ),
    ExportKind(
        "matches",
        _l("Matches on your needs and offers; the other side is named only by its pin's number."),
        MATCH_COLUMNS,
        _matches,
        ("matches.proposed_by_id", "matches.decided_by_id"),
    ),
    ExportKind(
        "match_messages",
        _l("Messages you wrote and received in your matches."),
        MESSAGE_COLUMNS,
        _messages,
        ("match_messages.author_id",),
    ),
    ExportKind(
        "shared_contacts",
        _l("The place and phone number you shared with a helper."),
        SHARED_CONTACT_COLUMNS,
        _shared_contacts,
        ("match_shared_contacts.shared_by_id",),
    ),
    ExportKind("ideas", _l("Your ideas."), IDEA_COLUMNS, _ideas, ("ideas.author_id",)),
    ExportKind(
        "idea_supports",
        _l("The ideas you support."),
        SUPPORT_COLUMNS,
        _supports,
        ("idea_supports.user_id",),
    ),
    ExportKind(
        "comments",
        _l("Your comments on ideas."),
        COMMENT_COLUMNS,
        _comments,
        ("idea_comments.author_id",),
    ),
    ExportKind("stories", _l("Your stories."), STORY_COLUMNS, _stories, ("stories.author_id",)),
    ExportKind(
        "reports",
        _l("Stories and comments you reported, and why."),
        REPORT_COLUMNS,
        _reports,
        ("story_reports.reporter_id", "idea_comment_reports.reporter_id"),
    ),
    ExportKind(
        "notifications",
        _l("Your notifications."),
        NOTIFICATION_COLUMNS,
        _notifications,
        ("notifications.user_id",),
    ),
    ExportKind(
        "memberships",
        _l("Your organisation memberships and requests to join."),
        MEMBERSHIP_COLUMNS,
        _memberships,
        ("memberships.user_id",),
    ),
    ExportKind(
        "login_sessions",
        _l("When each of your current logins started."),
        ("created_at",),
        _login_sessions,
        ("login_sessions.user_id",),
    ),
    ExportKind(
        "notification_settings",
        _l("How you chose to get each kind of notification (the others as the site's default)."),
        ("kind", "delivery"),
        _notification_settings,
        ("notification_preferences.user_id",),
    ),
    ExportKind(
        "alert_subscriptions",
        _l("Your alerts for new needs and offers in chosen areas and categories."),
        ALERT_COLUMNS,
        _alert_subscriptions,
        ("alert_subscriptions.user_id",),
    ),
    ExportKind(
        "neighbour_appointments",
        _l("Your appointments as a Sharing Neighbour: dong, kind, term and pledge."),
        NEIGHBOUR_APPOINTMENT_COLUMNS,
        _neighbour_appointments,
        ("neighbour_appointments.person_id",),
    ),
    ExportKind(
        "welfare_reports",
        _l("Your confidential reports to a community centre: what you wrote and their status."),
        WELFARE_REPORT_COLUMNS,
        _welfare_reports,
        ("reports.reporter_id",),
    ),
)

_STAFF_WORK = "a record of work done in a staff, moderator or admin role"
_LINK = "a link waiting to be followed: only a hash of its key, deleted when used or expired"

# References to users.id that are not the person's own data, and why.
NOT_PERSONAL_DATA: dict[str, str] = {
    "consent_records.obtained_by_id": (
        "who recorded a consent: staff work, or the author of a need, whose needs' consents "
        "are exported as consent_records"
    ),
    "consent_records.withdrawn_by_id": _STAFF_WORK + ", or the person's own withdrawal",
    "consent_records.approved_by_id": _STAFF_WORK,
    "reports.status_changed_by_id": _STAFF_WORK,
    "staff_areas.user_id": _STAFF_WORK,
    "staff_area_changes.user_id": _STAFF_WORK,
    "staff_area_changes.changed_by_id": _STAFF_WORK,
    "password_resets.user_id": _LINK,
    "email_changes.user_id": _LINK,
    "submissions.user_id": "a one-time key of a form, so that sending it twice saves once",
    "match_thread_reads.user_id": "how far the person read a thread: a page marker",
    "access_log.actor_id": (
        "the PIPA access log of who read personal records: kept unchanged for the privacy "
        "officer's review, its own retention (app/access_log.py)"
    ),
    "access_log.person_id": "the PIPA access log: whose record was read, for the review",
    "access_log_reviews.reviewed_by_id": _STAFF_WORK,
    "match_shared_contact_views.viewer_id": (
        "an access log that protects the need's author who shared a place or phone"
    ),
    "ideas.assignee_id": _STAFF_WORK,
    "ideas.answered_by_id": _STAFF_WORK,
    "idea_notes.author_id": "staff's internal notes on an idea",
    "idea_events.actor_id": _STAFF_WORK,
    "idea_events.assignee_id": _STAFF_WORK,
    "idea_comments.hidden_by_id": _STAFF_WORK,
    "idea_comment_reports.resolved_by_id": _STAFF_WORK,
    "story_reports.resolved_by_id": _STAFF_WORK,
    "story_revisions.edited_by_id": _STAFF_WORK,
    "story_campaigns.created_by_id": _STAFF_WORK,
    "moderation_log.moderator_id": _STAFF_WORK,
    "organisations.created_by_id": "the organisation's record, not the person's",
    "organisations.reviewed_by_id": _STAFF_WORK,
    "memberships.decided_by_id": "the organisation's representative's decision",
    "failed_jobs.retried_by_id": _STAFF_WORK,
    "contests.created_by_id": _STAFF_WORK,
    "contest_date_changes.changed_by_id": _STAFF_WORK,
    "contest_reviewers.user_id": _STAFF_WORK,
    "contest_reviewers.assigned_by_id": _STAFF_WORK,
    "proposals.created_by_id": "the organisation's proposal, not the person's",
    "proposals.submitted_by_id": "the organisation's proposal, not the person's",
    "proposal_partners.invited_by_id": "the organisation's proposal, not the person's",
    "proposal_partners.responded_by_id": "the organisation's proposal, not the person's",
    "proposal_attachments.uploaded_by_id": "the organisation's proposal, not the person's",
    "recusals.reviewer_id": _STAFF_WORK,
    "scores.reviewer_id": _STAFF_WORK,
    "decisions.decided_by_id": _STAFF_WORK,
    "alert_subscriptions.created_by_id": "who made an organisation's alert: the organisation's",
    "neighbour_appointments.appointed_by_id": _STAFF_WORK,
    "neighbour_appointments.revoked_by_id": _STAFF_WORK,
    "reports.triaged_by_id": _STAFF_WORK,
    "reports.acknowledged_by_id": _STAFF_WORK,
    "reports.assignee_id": _STAFF_WORK,
    "report_events.actor_id": _STAFF_WORK,
    "visits.planned_by_id": _STAFF_WORK,
    "visits.recorded_by_id": _STAFF_WORK,
    "didimdol_volunteering.recorded_by_id": _STAFF_WORK,
    "visit_visitors.user_id": _STAFF_WORK,
    "visit_amendments.by_id": _STAFF_WORK,
    "sweeps.created_by_id": _STAFF_WORK,
    "checkin_groups.created_by_id": _STAFF_WORK,
    "checkins.recorded_by_id": _STAFF_WORK + ", or the host's, about the group's members",
    "checkin_groups.host_id": (
        "a role the dong office gave them, listed on their own /checkins page; the group's "
        "records are its members'"
    ),
    "open311_partners.created_by_id": _STAFF_WORK,
    "didimdol_enrolments.requested_by_id": _STAFF_WORK + " for a donor business",
    "didimdol_enrolment_changes.by_id": _STAFF_WORK,
    "didimdol_facilities.designated_by_id": _STAFF_WORK,
    "didimdol_beneficiaries.created_by_id": _STAFF_WORK + " for a welfare facility",
    "didimdol_vouchers.issued_by_id": _STAFF_WORK + " for a welfare facility",
    "didimdol_vouchers.redeemed_by_id": _STAFF_WORK + " for a donor business",
    "didimdol_ledger.actor_id": _STAFF_WORK + " (the programme's ledger)",
    "didimdol_donor_places.set_by_id": _STAFF_WORK + " for a donor business",
    "didimdol_donation_documents.issued_by_id": _STAFF_WORK + " for the donee",
    "didimdol_donation_documents.voided_by_id": _STAFF_WORK + " for the donee",
    "didimdol_signboards.issued_by_id": _STAFF_WORK,
    "didimdol_signboards.revoked_by_id": _STAFF_WORK,
    "didimdol_associations.recorded_by_id": _STAFF_WORK,
    "didimdol_agreements.recorded_by_id": _STAFF_WORK,
    "didimdol_agreements.ended_by_id": _STAFF_WORK,
    "didimdol_invitation_lists.sent_by_id": _STAFF_WORK,
}


def my_data(person: User) -> dict[str, list[Record]]:
    """Every kind's records of the person, in EXPORT_KINDS' order."""
    return {kind.name: kind.records(person) for kind in EXPORT_KINDS}
