"""The daily alert: one notification per recipient with what became public in the areas and
categories they follow.

A run covers the pins made since the previous run ended, once per Seoul day: the day is the
key of its AlertRun row, written in the same transaction as the notifications, so a rerun the
same day, or a second worker at the same instant, is refused by the database and sends nothing.

Only what the public pin list shows is told: the public (cell's) area, the category, the
kind, and a need's title only where the public reads it too (app.pins.privacy); otherwise the
category's name stands for it. Never the exact place, the author or a private giver.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, not_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.actions import flush_once
from app.alerts.models import AlertRun, AlertSubscription
from app.clock import seoul_today, utcnow
from app.errors import AlreadyDone
from app.extensions import db
from app.mail import site_address
from app.notifications.models import NotificationKind
from app.notifications.services import local_path, notify
from app.organisations.models import MembershipStatus, Organisation
from app.pins.models import Pin, PinKind, PinStatus
from app.pins.privacy import public_pins

# A pin saved just before the run may still be in a transaction that commits after it: the
# run stops this far back, and the next one starts there, so no pin falls between two runs.
SETTLING = timedelta(minutes=5)
FIRST_RUN_COVERS = timedelta(days=1)
LINKS_PER_DIGEST = 30  # the counts cover everything; links to the newest this many

SUBJECT = _l("New in the areas you follow: %(count)s")
BODY = _l(
    "Since the last digest, in the neighbourhoods and categories of your alerts:\n\n"
    "%(summary)s\n\n%(links)s"
)


@dataclass
class Digest:
    """What one recipient is told: the new public pins their alerts found."""

    recipient: User
    pins: dict[int, Pin]


def send_daily_digests(now: datetime | None = None) -> AlertRun:
    """Today's run (flushed, the caller commits); AlreadyDone when it ran already."""
    now = now or utcnow()
    if db.session.get(AlertRun, seoul_today(now)) is not None:
        raise AlreadyDone()  # a rerun; a twin running at the same instant is refused below
    previous_end = db.session.scalar(select(func.max(AlertRun.covered_until)))
    until = now - SETTLING
    run = AlertRun(
        day=seoul_today(now),
        covered_from=previous_end or until - FIRST_RUN_COVERS,
        covered_until=until,
        ran_at=now,
    )
    db.session.add(run)
    flush_once()  # the day's row exists: this day's digests went out already
    pins = new_public_pins(run.covered_from, run.covered_until, now)
    digests = digests_for(pins, _subscriptions()) if pins else []
    # Whose words the public may not read: one look at the cells for the whole run.
    withheld = {view.id for view in public_pins(pins, now) if view.text_withheld}
    for digest in digests:
        _notify(digest, withheld)
    run.notifications = len(digests)
    db.session.flush()
    return run


def new_public_pins(since: datetime, until: datetime, now: datetime) -> list[Pin]:
    """Pins made in (since, until] that anyone may still see on the list now: listed (not an
    "I can help" offer), open (not withdrawn, expired, matched or fulfilled meanwhile)."""
    statement = (
        select(Pin)
        .where(
            Pin.created_at > since,
            Pin.created_at <= until,
            Pin.listed.is_(True),
            Pin.status == PinStatus.OPEN,
            not_(Pin.is_overdue(now)),
        )
        .options(
            selectinload(Pin.category),
            selectinload(Pin.public_dong),
            selectinload(Pin.public_gu),
        )
        .order_by(Pin.created_at.desc(), Pin.id.desc())
    )
    return list(db.session.scalars(statement))


def _subscriptions() -> list[AlertSubscription]:
    statement = select(AlertSubscription).options(
        selectinload(AlertSubscription.areas),
        selectinload(AlertSubscription.categories),
        selectinload(AlertSubscription.user),
        selectinload(AlertSubscription.organisation).selectinload(Organisation.memberships),
    )
    return list(db.session.scalars(statement))


def recipients_of(subscription: AlertSubscription) -> list[User]:
    """A person's alert reaches them; an organisation's, its approved representatives."""
    if subscription.organisation is not None:
        people = [
            m.user
            for m in subscription.organisation.memberships
            if m.is_representative and m.status == MembershipStatus.APPROVED
        ]
    else:
        people = [subscription.user] if subscription.user else []
    return [person for person in people if person.is_active_account]


def _matches(subscription: AlertSubscription, categories: set[int], pin: Pin) -> bool:
    """Whether the alert wants this pin of one of its areas (its kind and category)."""
    wanted_kind = subscription.needs if pin.kind == PinKind.NEED else subscription.offers
    # An organisation's own offers are no news to it (a person's own pins are left out per
    # recipient, in digests_for).
    own_offer = (
        subscription.organisation_id is not None
        and pin.organisation_id == subscription.organisation_id
    )
    return wanted_kind and (not categories or pin.category_id in categories) and not own_offer


def digests_for(pins: list[Pin], subscriptions: Iterable[AlertSubscription]) -> list[Digest]:
    """One digest per recipient, however many of their alerts found the same pin."""
    # Each alert looks only at the pins of its own areas (public dong, or public gu for an
    # alert on a whole gu), not at every new pin of the city.
    by_area: defaultdict[int, list[Pin]] = defaultdict(list)
    for pin in pins:
        for area_id in (pin.public_dong_id, pin.public_gu_id):
            if area_id is not None:
                by_area[area_id].append(pin)
    by_recipient: dict[int, Digest] = {}
    for subscription in subscriptions:
        categories = {category.id for category in subscription.categories}
        candidates = {p.id: p for area in subscription.areas for p in by_area.get(area.id, ())}
        found = [p for p in candidates.values() if _matches(subscription, categories, p)]
        if not found:
            continue
        for person in recipients_of(subscription):
            digest = by_recipient.setdefault(person.id, Digest(person, {}))
            digest.pins.update((pin.id, pin) for pin in found if pin.author_id != person.id)
    return [digest for digest in by_recipient.values() if digest.pins]


def _notify(digest: Digest, withheld: set[int]) -> None:
    pins = sorted(digest.pins.values(), key=lambda pin: (pin.created_at, pin.id), reverse=True)
    notify(
        digest.recipient,
        NotificationKind.NEW_IN_YOUR_AREAS,
        link=local_path("pins.index"),
        subject=SUBJECT,
        body=BODY,
        count=len(pins),
        # Called in the recipient's language (area and category names, the words around).
        summary=lambda: _summary(pins),
        links=lambda: _links(pins, withheld),
    )


def _area_name(pin: Pin) -> str:
    area = pin.public_dong or pin.public_gu
    return area.name if area else _("Seoul")


def _summary(pins: list[Pin]) -> str:
    counts: defaultdict[tuple[str, str], Counter[PinKind]] = defaultdict(Counter)
    for pin in pins:
        counts[(_area_name(pin), pin.category.name)][pin.kind] += 1
    return "\n".join(
        _(
            "%(area)s, %(category)s: %(needs)d new needs, %(offers)d new offers",
            area=area,
            category=category,
            needs=kinds[PinKind.NEED],
            offers=kinds[PinKind.OFFER],
        )
        for (area, category), kinds in sorted(counts.items())
    )


def _links(pins: list[Pin], withheld: set[int]) -> str:
    lines = [
        "- "
        + _(
            "%(title)s (%(area)s): %(address)s",
            # A lone need's own words stay private: its category names it, as on the list.
            title=pin.category.name if pin.id in withheld else pin.title,
            area=_area_name(pin),
            address=site_address(local_path("pins.show", pin_id=pin.id)),
        )
        for pin in pins[:LINKS_PER_DIGEST]
    ]
    if len(pins) > LINKS_PER_DIGEST:
        lines.append(
            _(
                "…and %(more)d more on the list: %(address)s",
                more=len(pins) - LINKS_PER_DIGEST,
                address=site_address(local_path("pins.index")),
            )
        )
    return "\n".join(lines)
