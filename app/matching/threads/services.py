"""A match's thread (messages, who has read how far) and what the need's author shares with
the accepted helper. Services flush, never commit; who may call them is app.matching.rules'
question, asked by the views.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select

from app.accounts.models import User
from app.actions import flush_once
from app.clock import utcnow
from app.errors import AlreadyDone
from app.extensions import db
from app.matching import rules
from app.matching.errors import NothingToShare, NotShared, WrongState
from app.matching.models import Match, MatchStatus
from app.matching.notices import need_side
from app.matching.notices import offer_side as offer_side_of
from app.matching.services import involving
from app.matching.threads.models import (
    MatchMessage,
    SharedContact,
    SharedContactView,
    ThreadReadMarker,
)
from app.notifications.addressing import local_path
from app.notifications.models import NotificationKind
from app.notifications.services import notify_all

# --- the thread ----------------------------------------------------------------------------------


def post_message(
    match: Match, author: User, body: str, now: datetime | None = None
) -> MatchMessage:
    """Add a message and tell the other side(s). The notification says only that there is a
    message, never what it says: it goes out by email, and the message may hold an address."""
    message = add_message(match, author, body, now)
    notify_all(
        _other_sides(match, author),
        NotificationKind.MATCH_MESSAGE,
        link=local_path("matching.show", match_id=match.id) + "#thread",
        subject=_l("A new message about your match"),
        body=_l(
            "There is a new message in the conversation about the match “%(offer)s”. "
            "Read it and answer on the match's page."
        ),
        offer=lambda: match.offer.title,
    )
    return message


def add_message(match: Match, author: User, body: str, now: datetime | None = None) -> MatchMessage:
    """The message alone, read by its author; telling the others is the caller's (a match
    started with its first message tells the need's author in its own words)."""
    if match.status in rules.CLOSED_CONVERSATIONS:
        raise WrongState()
    message = MatchMessage(
        match=match, author=author, body=body.strip(), created_at=now or utcnow()
    )
    db.session.add(message)
    db.session.flush()
    _mark_read_up_to(match, author, message.id)
    return message


def _other_sides(match: Match, author: User) -> list[User]:
    """The need's author wrote: the offer's side. The offer's side wrote: the need's author.
    Staff of the area wrote: both. (Staff are not told of every message: they join when
    they choose to read.)"""
    need_author = need_side(match)
    offer_side = offer_side_of(match.offer)
    if author.id == match.need.author_id:
        recipients = offer_side
    elif rules.acts_for_offer(author, match.offer):
        recipients = need_author
    else:
        recipients = need_author + offer_side
    return [person for person in recipients if person.id != author.id]


def thread_of(match: Match) -> list[MatchMessage]:
    """Oldest first, as a conversation reads."""
    return list(
        db.session.scalars(
            select(MatchMessage).where(MatchMessage.match_id == match.id).order_by(MatchMessage.id)
        )
    )


class AlreadyRead(AlreadyDone):
    """Two pages of the same thread opened at once: the other one kept the marker."""

    message = _l("Already read.")


def mark_read(match: Match, reader: User, messages: list[MatchMessage]) -> None:
    """The reader has seen these messages (the thread as drawn for them)."""
    if messages:
        _mark_read_up_to(match, reader, messages[-1].id)


def _mark_read_up_to(match: Match, reader: User, message_id: int) -> None:
    marker = db.session.scalar(
        select(ThreadReadMarker).where(
            ThreadReadMarker.match_id == match.id, ThreadReadMarker.user_id == reader.id
        )
    )
    if marker is None:
        marker = ThreadReadMarker(match_id=match.id, user_id=reader.id, last_read_message_id=0)
        db.session.add(marker)
    if message_id > marker.last_read_message_id:
        marker.last_read_message_id = message_id
        marker.read_at = utcnow()
    flush_once(AlreadyRead)


def unread_matches(user: User) -> list[Match]:
    """The matches whose thread holds a message by someone else that this person has not been
    shown yet, the newest message first: for My page."""
    newest_unread = func.max(MatchMessage.id)
    statement = involving(
        user,
        select(Match, newest_unread)
        .join(MatchMessage, MatchMessage.match_id == Match.id)
        .outerjoin(
            ThreadReadMarker,
            and_(ThreadReadMarker.match_id == Match.id, ThreadReadMarker.user_id == user.id),
        )
        .where(
            or_(MatchMessage.author_id.is_(None), MatchMessage.author_id != user.id),
            MatchMessage.id > func.coalesce(ThreadReadMarker.last_read_message_id, 0),
        )
        .group_by(Match.id)
        .order_by(newest_unread.desc()),
    )
    return [
        match
        for match, _newest in db.session.execute(statement)
        if rules.may_read_thread(user, match)
    ]


# --- what the need's author shares with the helper ------------------------------------------------


def current_share(match: Match) -> SharedContact | None:
    return db.session.scalar(
        select(SharedContact)
        .where(SharedContact.match_id == match.id, SharedContact.withdrawn_at.is_(None))
        .order_by(SharedContact.id.desc())
    )


def share_contact(
    match: Match,
    author: User,
    shares_place: bool,
    phone: str | None,
    now: datetime | None = None,
) -> SharedContact:
    """A new choice replaces the one before (which is kept, withdrawn at this time)."""
    if match.status != MatchStatus.ACCEPTED:
        raise WrongState()
    phone = (phone or "").strip() or None
    if not shares_place and phone is None:
        raise NothingToShare()
    now = now or utcnow()
    _withdraw_all(match, now)
    share = SharedContact(
        match=match, shared_by_id=author.id, shares_place=shares_place, phone=phone, created_at=now
    )
    db.session.add(share)
    db.session.flush()
    return share


def withdraw_share(match: Match, now: datetime | None = None) -> None:
    if not _withdraw_all(match, now or utcnow()):
        raise NotShared()
    db.session.flush()


def _withdraw_all(match: Match, now: datetime) -> int:
    shares = db.session.scalars(
        select(SharedContact).where(
            SharedContact.match_id == match.id, SharedContact.withdrawn_at.is_(None)
        )
    ).all()
    for share in shares:
        share.withdrawn_at = now
    return len(shares)


def log_share_view(share: SharedContact, viewer: User) -> None:
    """Every time the helper is shown what was shared: the author may ask who saw it, when."""
    db.session.add(SharedContactView(shared_contact_id=share.id, viewer_id=viewer.id))
    db.session.flush()


def share_views(share: SharedContact) -> list[SharedContactView]:
    return list(
        db.session.scalars(
            select(SharedContactView)
            .where(SharedContactView.shared_contact_id == share.id)
            .order_by(SharedContactView.id)
        )
    )
