"""How each person wants each kind of notification: on the site only, by email at once, or in
a daily digest. Defaults live here, in code; the table keeps only a person's own choices, so a
kind added later (area alerts, say) needs a default line below and no row for anyone.

Services flush, never commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts.models import Role, User
from app.actions import flush_once
from app.extensions import db
from app.notifications.models import Delivery, NotificationKind, NotificationPreference

Kind = NotificationKind

# Every kind emails at once unless a person chooses otherwise (what the site did before there
# were settings; match steps and messages are the ones that must not wait).
DEFAULT_DELIVERY: Mapping[NotificationKind, Delivery] = dict.fromkeys(
    NotificationKind, Delivery.EMAIL_AT_ONCE
)

DELIVERY_LABELS: Mapping[Delivery, object] = {
    Delivery.EMAIL_AT_ONCE: _l("Email me at once"),
    Delivery.DAILY_DIGEST: _l("One email a day with all of them"),
    Delivery.SITE_ONLY: _l("Only on the site, no email"),
}


@dataclass(frozen=True)
class KindGroup:
    """Kinds a person chooses for together, named in plain words."""

    key: str
    label: object  # lazy string
    kinds: tuple[NotificationKind, ...]
    roles: frozenset[Role] | None = None  # None: everyone signed in may get these


GROUPS: tuple[KindGroup, ...] = (
    KindGroup(
        "match_steps",
        _l("Matches: proposed, accepted, declined, withdrawn or fulfilled"),
        (
            Kind.MATCH_PROPOSED,
            Kind.MATCH_ACCEPTED,
            Kind.MATCH_DECLINED,
            Kind.MATCH_WITHDRAWN,
            Kind.MATCH_FULFILLED,
            Kind.MATCH_ENDED_ACCOUNT_DELETED,
        ),
    ),
    KindGroup("match_messages", _l("Messages in a match's conversation"), (Kind.MATCH_MESSAGE,)),
    KindGroup(
        "offer_need_fulfilled",
        _l("A need you offered help for was fulfilled by someone else"),
        (Kind.OFFER_NEED_FULFILLED,),
    ),
    KindGroup(
        "need_expiring", _l("Your need is about to expire (renew it)"), (Kind.NEED_EXPIRING,)
    ),
    KindGroup(
        "alerts",
        # Already one summary a day: "at once" sends it when it is made, at 08:00 in Seoul.
        _l("New needs and offers in the areas of your alerts (a summary once a day)"),
        (Kind.NEW_IN_YOUR_AREAS,),
    ),
    KindGroup(
        "ideas",
        _l("Your ideas and comments: answers, hidden comments"),
        (Kind.IDEA_ANSWERED, Kind.COMMENT_HIDDEN),
    ),
    KindGroup(
        "stories",
        _l("Your stories: published, returned, hidden or chosen as a winner"),
        (
            Kind.STORY_PUBLISHED,
            Kind.STORY_REJECTED,
            Kind.STORY_UNPUBLISHED,
            Kind.STORY_HIDDEN,
            Kind.STORY_WINNER,
        ),
    ),
    KindGroup(
        "consortia",
        _l("Consortia and contests: invitations, proposals, reviews and results"),
        (
            Kind.CONSORTIUM_INVITATION,
            Kind.INVITATION_ACCEPTED,
            Kind.INVITATION_DECLINED,
            Kind.PROPOSAL_SUBMITTED,
            Kind.PROPOSAL_WITHDRAWN,
            Kind.REVIEWER_ASSIGNED,
            Kind.RESULTS_PUBLISHED,
        ),
        frozenset({Role.ORG_MEMBER, Role.STAFF, Role.ADMIN}),
    ),
    KindGroup(
        "staff_work",
        _l("Ideas given to you to answer"),
        (Kind.IDEA_ASSIGNED,),
        frozenset({Role.STAFF, Role.ADMIN}),
    ),
    KindGroup(
        "reports",
        _l("Confidential reports in your areas: new, emergencies and escalations"),
        (Kind.REPORT_RECEIVED, Kind.REPORT_EMERGENCY, Kind.REPORT_ESCALATED),
        frozenset({Role.STAFF, Role.ADMIN}),
    ),
)


def groups_for(person: User) -> list[KindGroup]:
    """The groups this person can receive (a resident gets no contest notifications)."""
    return [group for group in GROUPS if group.roles is None or person.role in group.roles]


def delivery_for(person: User, kind: NotificationKind) -> Delivery:
    chosen = db.session.scalar(
        select(NotificationPreference.delivery).where(
            NotificationPreference.user_id == person.id, NotificationPreference.kind == kind
        )
    )
    return chosen or DEFAULT_DELIVERY[kind]


def choices_of(person: User) -> dict[str, Delivery]:
    """Each of the person's groups and what they chose for it (the first kind's choice: a
    group is always saved as one)."""
    rows = db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.delivery).where(
            NotificationPreference.user_id == person.id
        )
    )
    saved: dict[NotificationKind, Delivery] = dict(rows.all())
    return {
        group.key: saved.get(group.kinds[0], DEFAULT_DELIVERY[group.kinds[0]])
        for group in groups_for(person)
    }


def save_choices(person: User, choices: Mapping[str, Delivery]) -> None:
    """Keep a row only where the choice differs from the default."""
    rows = {
        row.kind: row
        for row in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == person.id)
        )
    }
    for group in groups_for(person):
        if group.key not in choices:
            continue
        for kind in group.kinds:
            delivery = choices[group.key]
            row = rows.get(kind)
            if delivery == DEFAULT_DELIVERY[kind]:
                if row is not None:
                    db.session.delete(row)
            elif row is None:
                db.session.add(
                    NotificationPreference(user_id=person.id, kind=kind, delivery=delivery)
                )
            else:
                row.delivery = delivery
    flush_once()  # the same settings sent twice at once: one set of rows


def settings_summary(person: User) -> list[tuple[object, object]]:
    """(group, how it reaches them) in plain words, for My page."""
    chosen = choices_of(person)
    return [(group.label, DELIVERY_LABELS[chosen[group.key]]) for group in groups_for(person)]
