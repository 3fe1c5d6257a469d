"""Deleting one's account (PIPA art. 36): what goes, what stays without the name, and why.

The user row is anonymised rather than deleted, so that public texts and the records staff must
keep still have a valid author (shown as "a former member", see User.display_name):

- needs and offers are withdrawn; their open matches end and the other side is told;
- ideas, comments and stories stay public without the name;
- the words the person wrote in match threads are removed (the other side sees a note): they are
  the person's own and often hold an address or a phone number; the other side's words stay;
- the place and phone number they shared, notifications, logins, form keys, emailed links,
  read markers, supports and memberships are deleted;
- withdrawn needs and offers with their matches, consents and reports stay as the record of help
  asked and given that staff keep (see the deletion page for how long).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from app.accounts.models import (
    EmailChange,
    LoginSession,
    PasswordReset,
    Role,
    User,
    new_session_token,
)
from app.accounts.services import check_password
from app.alerts.models import AlertSubscription
from app.clock import utcnow
from app.consents.services import withdraw
from app.extensions import db
from app.ideas.supports import remove_all_supports_of
from app.matching.notices import offer_side
from app.matching.services import OPEN_MATCH_STATES
from app.matching.threads.models import MatchMessage, SharedContact, ThreadReadMarker
from app.mypage.data_export import own_matches
from app.mypage.errors import LastRepresentative, StaffAccount
from app.notifications.addressing import local_path
from app.notifications.models import Notification, NotificationKind, NotificationPreference
from app.notifications.services import notify_all
from app.organisations.memberships import representatives
from app.organisations.models import Membership, MembershipStatus
from app.pins.consent_records import consents_of_author
from app.pins.models import ACTIVE_STATUSES, Pin
from app.pins.services import withdraw_pin
from app.submissions import Submission

# Only these may delete their own account; others are first given the resident role.
SELF_DELETING_ROLES = frozenset({Role.RESIDENT, Role.ORG_MEMBER})


def check_may_delete(person: User) -> None:
    if person.role not in SELF_DELETING_ROLES:
        raise StaffAccount()
    sole = [
        membership.organisation.name
        for membership in db.session.scalars(
            select(Membership).where(
                Membership.user_id == person.id,
                Membership.status == MembershipStatus.APPROVED,
                Membership.is_representative.is_(True),
            )
        )
        if len(representatives(membership.organisation)) == 1
    ]
    if sole:
        raise LastRepresentative(", ".join(sole))


def delete_account(person: User, password: str) -> None:
    check_password(person, password)
    check_may_delete(person)
    _end_open_matches(person)
    # Marked first: withdrawing the pins then ends their matches without a second notice
    # ("the other side withdrew"), since the other side was just told why.
    person.deleted_at = utcnow()
    for pin in db.session.scalars(select(Pin).where(Pin.author_id == person.id)):
        if pin.status in ACTIVE_STATUSES:
            withdraw_pin(pin)  # matching ends what is still open (app.pins.extension_points)
    # Leaving withdraws every consent the person gave or recorded (PIPA art. 37): a need's
    # words go back to withheld, and no later check can lean on them.
    for consent in consents_of_author(person):
        if consent.withdrawn_at is None:
            withdraw(consent, person)
    _remove_personal_rows(person)
    _anonymise(person)
    db.session.flush()


def _end_open_matches(person: User) -> None:
    """Tell the other side of each open match, before withdrawing the pins ends it."""
    for match in own_matches(person):
        if match.status not in OPEN_MATCH_STATES:
            continue
        other_pin = match.offer if match.need.author_id == person.id else match.need
        if other_pin.author_id == person.id:
            continue
        # The offer's whole side (an organisation's members too), as any match step tells it.
        others = offer_side(other_pin) if other_pin.id == match.offer_id else [other_pin.author]
        notify_all(
            others,
            NotificationKind.MATCH_ENDED_ACCOUNT_DELETED,
            link=local_path("matching.show", match_id=match.id),
            subject=_l("A match has ended"),
            body=_l(
                "The other side of your match on “%(pin)s” deleted their account, so the match "
                "has ended. Your own need or offer is open again."
            ),
            pin=other_pin.title,  # the reader's own pin's title, to its author
        )


def _remove_personal_rows(person: User) -> None:
    remove_all_supports_of(person.id)  # with the ideas' kept counts
    # In every match, also those joined through an organisation's offer.
    db.session.execute(
        update(MatchMessage)
        .where(MatchMessage.author_id == person.id)
        .values(body="")
        .execution_options(synchronize_session=False)
    )
    for owned in (
        SharedContact.shared_by_id,
        Notification.user_id,
        NotificationPreference.user_id,
        LoginSession.user_id,
        Submission.user_id,
        PasswordReset.user_id,
        EmailChange.user_id,
        ThreadReadMarker.user_id,
        Membership.user_id,
    ):
        db.session.execute(
            delete(owned.class_)
            .where(owned == person.id)
            .execution_options(synchronize_session=False)
        )
    # One by one, so that their areas and categories go with them on either database.
    for alert in db.session.scalars(
        select(AlertSubscription).where(AlertSubscription.user_id == person.id)
    ):
        db.session.delete(alert)
    db.session.flush()
    db.session.expire_all()


def _anonymise(person: User) -> None:
    person.deleted_at = utcnow()
    # An address that can never receive mail (RFC 2606) and never collides: the real one may
    # register again.
    person.email = f"deleted-{person.id}@deleted.invalid"
    person.stored_name = ""
    person.password_hash = "!deleted"  # noqa: S105  (not a hash: no password ever matches)
    person.is_active_account = False
    person.session_token = new_session_token()  # every login cookie stops working
    person.preferred_language = None
    person.last_login_at = None
    person.staff_areas = []
