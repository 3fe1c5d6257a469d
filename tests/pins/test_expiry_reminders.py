"""A need's author is reminded three days before it expires, once per expiry date, with a link
to the need's page where the renew button is; a renewed need is reminded again before its new
date."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.clock import utcnow
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from app.pins.models import Pin
from app.pins.reminders import remind_expiring_needs
from app.pins.services import renew_need, withdraw_pin
from app.pins.tasks import remind_of_expiring_needs
from tests.factories import login, make_pin, make_user, reload


def _reminders(need) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(
                Notification.kind == NotificationKind.NEED_EXPIRING,
                Notification.user_id == need.author_id,
            )
        )
    )


def test_the_reminder_fires_once_three_days_before_and_again_after_renewal(english_client):
    author = make_user(preferred_language="en")
    need = make_pin(author, title="Briquettes for the winter")
    start = utcnow()
    need.expires_at = start + timedelta(days=10)
    db.session.flush()
    updated = reload(need).updated_at

    assert remind_expiring_needs(start) == 0  # ten days left: too early
    assert remind_expiring_needs(start + timedelta(days=6, hours=23)) == 0  # just over three
    three_days_before = start + timedelta(days=7, hours=1)
    assert remind_expiring_needs(three_days_before) == 1
    assert remind_expiring_needs(three_days_before + timedelta(hours=1)) == 0  # once
    assert remind_expiring_needs(start + timedelta(days=9)) == 0  # the same date: still once
    (reminder,) = _reminders(need)
    assert reminder.link == f"/pins/{need.id}"
    assert "Briquettes for the winter" in reminder.body
    assert reminder.subject.startswith("Your need expires on ")
    assert reload(need).updated_at == updated  # a reminder is no change to the need

    # The link leads to the page with the renew button.
    db.session.commit()
    login(english_client, author)
    html = english_client.get(reminder.link).get_data(as_text=True)
    assert f'action="/pins/{need.id}/renew"' in html

    renewed_at = start + timedelta(days=9)
    renew_need(reload(need), renewed_at)
    new_date = reload(need).expires_at
    assert remind_expiring_needs(renewed_at) == 0
    assert remind_expiring_needs(new_date - timedelta(days=2)) == 1
    assert len(_reminders(need)) == 2


def test_no_reminder_for_a_need_already_expired_withdrawn_or_an_offer():
    now = utcnow()
    expired = make_pin()
    expired.expires_at = now - timedelta(hours=1)
    withdrawn = make_pin()
    withdrawn.expires_at = now + timedelta(days=1)
    withdraw_pin(withdrawn)
    db.session.flush()
    assert remind_expiring_needs(now) == 0


def test_the_periodic_job_reminds_and_commits():
    need = make_pin()
    need.expires_at = utcnow() + timedelta(days=2)
    db.session.flush()
    remind_of_expiring_needs()
    assert len(_reminders(need)) == 1
    remind_of_expiring_needs()  # the next hour, or a second worker: nothing new
    assert len(_reminders(need)) == 1


def test_the_job_reads_due_needs_a_batch_at_a_time(monkeypatch):
    """Issue 16: the job loaded every due need whole (a city's backlog at once); it reads
    REMINDER_BATCH at a time and commits after each, and still reminds every one once."""
    from sqlalchemy import event

    from app.pins import reminders

    monkeypatch.setattr(reminders, "REMINDER_BATCH", 2)
    needs = [make_pin() for _ in range(5)]
    for need in needs:
        need.expires_at = utcnow() + timedelta(days=2)
    db.session.commit()
    db.session.expunge_all()
    loads_per_statement: list[int] = [0]

    def statement(_state):
        loads_per_statement.append(0)

    def loaded(_pin, _context):
        loads_per_statement[-1] += 1

    event.listen(db.session, "do_orm_execute", statement)
    event.listen(Pin, "load", loaded)
    try:
        remind_of_expiring_needs()
    finally:
        event.remove(db.session, "do_orm_execute", statement)
        event.remove(Pin, "load", loaded)
    assert max(loads_per_statement) == 2
    assert [len(_reminders(need)) for need in needs] == [1] * 5
