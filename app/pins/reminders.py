"""A need's author is reminded a few days before it expires, with a link to the page where
they renew it. Once per expiry date: `Pin.expiry_reminded_for` keeps the date they were
reminded of, so a renewed need (a new date) gets a reminder of its own, and a second worker or
a rerun of the job finds the same date already reminded.

Services flush, never commit.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import selectinload

from app.clock import utcnow
from app.extensions import db
from app.i18n import format_day
from app.notifications.addressing import local_path
from app.notifications.models import NotificationKind
from app.notifications.services import notify
from app.pins.models import Pin, PinKind, PinStatus

REMIND_BEFORE = timedelta(days=3)


# Due needs loaded at a time: with their authors, a few hundred KB whatever the backlog (the
# job commits after each batch: app.pins.tasks.remind_in_batches).
REMINDER_BATCH = 500


def _not_reminded_of_this_date():
    return or_(Pin.expiry_reminded_for.is_(None), Pin.expiry_reminded_for != Pin.expires_at)


def remind_expiring_needs(now: datetime | None = None) -> int:
    """Notify the author of each open need that expires within REMIND_BEFORE and was not
    reminded of this date yet, a batch at a time (not committed: the caller commits, after
    each batch for constant memory by `remind_in_batches`). Returns how many were reminded."""
    now = now or utcnow()
    total, after_id = 0, 0
    while (batch := remind_expiring_batch(now, after_id))[1] is not None:
        total += batch[0]
        after_id = batch[1]
    return total


def remind_expiring_batch(
    now: datetime, after_id: int, limit: int | None = None
) -> tuple[int, int | None]:
    """The reminders of the next `limit` (REMINDER_BATCH) due needs by id after `after_id`:
    (how many were reminded, the last id read; None when none was left)."""
    not_reminded_of_this_date = _not_reminded_of_this_date()
    due = db.session.scalars(
        select(Pin)
        .where(
            Pin.kind == PinKind.NEED,
            Pin.status == PinStatus.OPEN,
            Pin.expires_at > now,
            Pin.expires_at <= now + REMIND_BEFORE,
            not_reminded_of_this_date,
            Pin.id > after_id,
        )
        .order_by(Pin.id)
        .limit(limit or REMINDER_BATCH)
        .options(selectinload(Pin.author))  # notify()'s addressee, one query per batch
    ).all()
    if not due:
        return 0, None
    reminded = 0
    for need in due:
        # A conditional UPDATE claims the reminder: a worker that read the same need first
        # updates nothing and stays silent. (Not through the ORM: a reminder is no change to
        # the need itself, so its `updated_at` stays.)
        claimed = cast(
            CursorResult[Any],
            db.session.execute(
                update(Pin)
                .where(Pin.id == need.id, not_reminded_of_this_date)
                .values(expiry_reminded_for=Pin.expires_at, updated_at=Pin.updated_at)
                .execution_options(synchronize_session=False)
            ),
        )
        if claimed.rowcount != 1:
            continue
        notify(
            need.author,
            NotificationKind.NEED_EXPIRING,
            link=local_path("pins.show", pin_id=need.id),
            subject=_l("Your need expires on %(day)s"),
            body=_l(
                "Your need “%(need)s” leaves the map on %(day)s. If you still need help, "
                "renew it on its page."
            ),
            need=need.title,  # the author's own words, to the author
            day=partial(format_day, need.expires_at),  # in the author's language
        )
        reminded += 1
    return reminded, due[-1].id
