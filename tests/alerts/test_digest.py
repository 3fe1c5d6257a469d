"""The daily alert: exactly the new public pins in each alert's areas and categories, one
notification per recipient per day, nothing twice, nothing the public could not see."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.alerts.digest import send_daily_digests
from app.alerts.models import AlertRun
from app.clock import seoul_today, utcnow
from app.errors import AlreadyDone
from app.extensions import db
from app.notifications.models import EmailStatus, Notification, NotificationKind
from app.pins.models import PinKind, PinStatus
from app.pins.services import withdraw_pin
from tests.alerts.factories import EAST, ELSEWHERE, WEST, make_places, middle, subscribe
from tests.factories import add_member, make_organisation, make_pin, make_user, reload

TASK = "app.alerts.tasks.send_alert_digests"


@pytest.fixture
def places():
    return make_places()


def _digests(person) -> list[Notification]:
    statement = select(Notification).where(
        Notification.user_id == person.id, Notification.kind == NotificationKind.NEW_IN_YOUR_AREAS
    )
    return list(db.session.scalars(statement))


def _pin_ids(notification: Notification) -> set[int]:
    return {int(found) for found in re.findall(r"/pins/(\d+)\b", notification.body)}


def _later(hours: float = 1):
    # The run leaves out the last minutes (pins still committing): run a while after them.
    return utcnow() + timedelta(hours=hours)


def test_exactly_the_new_public_pins_of_the_chosen_dongs_and_categories(places):
    reader = make_user(preferred_language="en")
    subscribe(reader, [places.west], [places.food], needs=True, offers=True)
    wanted = [
        make_pin(category=places.food, **middle(WEST)),
        make_pin(kind=PinKind.OFFER, category=places.food, **middle(WEST)),
    ]
    make_pin(category=places.heating, **middle(WEST))  # another category
    make_pin(category=places.food, **middle(EAST))  # another dong
    make_pin(category=places.food, **middle(ELSEWHERE))  # another gu
    # "I can help" offers are unlisted: on no list, so in no digest.
    unlisted = make_pin(kind=PinKind.OFFER, category=places.food, **middle(WEST))
    unlisted.listed = False
    withdraw_pin(make_pin(category=places.food, **middle(WEST)))
    overdue = make_pin(category=places.food, **middle(WEST))
    overdue.expires_at = utcnow() - timedelta(minutes=1)
    matched = make_pin(category=places.food, **middle(WEST))
    matched.status = PinStatus.MATCHED  # someone helps already: no news
    old = make_pin(category=places.food, **middle(WEST))
    old.created_at = utcnow() - timedelta(days=3)  # before the run's window
    db.session.flush()

    run = send_daily_digests(_later())

    (digest,) = _digests(reader)
    assert _pin_ids(digest) == {pin.id for pin in wanted}
    assert run.notifications == 1
    assert digest.subject == "New in the areas you follow: 2"
    area = places.west.name_en
    assert f"{area}, Food: 1 new needs, 1 new offers" in digest.body
    assert digest.link == "/pins"


def test_a_whole_gu_covers_its_dongs_and_no_category_means_all(places):
    reader = make_user()
    subscribe(reader, [places.gu])
    wanted = {
        make_pin(category=places.food, **middle(WEST)).id,
        make_pin(category=places.heating, **middle(EAST)).id,
    }
    make_pin(category=places.food, **middle(ELSEWHERE))
    make_pin(kind=PinKind.OFFER, category=places.food, **middle(WEST))  # offers not followed
    send_daily_digests(_later())
    (digest,) = _digests(reader)
    assert _pin_ids(digest) == wanted


def test_one_notification_per_recipient_however_many_alerts_find_a_pin(places):
    reader = make_user()
    subscribe(reader, [places.west])
    subscribe(reader, [places.gu], [places.food])
    pin = make_pin(category=places.food, **middle(WEST))
    send_daily_digests(_later())
    (digest,) = _digests(reader)
    assert re.findall(r"/pins/(\d+)\b", digest.body) == [str(pin.id)]


def test_nothing_new_sends_nothing_and_ones_own_pins_are_no_news(places):
    quiet = make_user()
    subscribe(quiet, [places.east])
    author = make_user()
    subscribe(author, [places.west])
    make_pin(author=author, **middle(WEST))
    run = send_daily_digests(_later())
    assert _digests(quiet) == [] and _digests(author) == []
    assert run.notifications == 0


def test_a_second_run_the_same_day_sends_nothing_and_the_next_day_only_what_is_new(places):
    reader = make_user()
    subscribe(reader, [places.west])
    first = make_pin(**middle(WEST))
    now = _later()
    send_daily_digests(now)
    # Later the same Seoul day: half an hour on, unless that crosses Seoul's midnight (a run
    # between 14:30 and 15:00 UTC), in which case the same instant.
    same_day = now + timedelta(minutes=30)
    if seoul_today(same_day) != seoul_today(now):
        same_day = now
    with pytest.raises(AlreadyDone):
        send_daily_digests(same_day)
    assert len(_digests(reader)) == 1

    second = make_pin(**middle(WEST))
    second.created_at = now  # after the first run's end: the next day's news
    send_daily_digests(now + timedelta(days=1))
    digests = sorted(_digests(reader), key=lambda n: n.id)
    assert [_pin_ids(d) for d in digests] == [{first.id}, {second.id}]
    runs = list(db.session.scalars(select(AlertRun).order_by(AlertRun.day)))
    assert runs[1].covered_from == runs[0].covered_until  # no gap, no overlap


def test_the_periodic_task_twice_notifies_once(places, jobs):
    reader = make_user()
    subscribe(reader, [places.west])
    pin = make_pin(**middle(WEST))
    pin.created_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    for _ in range(2):
        jobs.huey.execute(jobs.queue.tasks[TASK].s())
    db.session.expire_all()
    (digest,) = _digests(reader)
    assert _pin_ids(digest) == {pin.id}


def test_an_organisations_alert_reaches_its_representatives_only(places):
    representative = make_user(Role.ORG_MEMBER)
    member = make_user(Role.ORG_MEMBER)
    organisation = make_organisation(representative=representative)
    add_member(organisation, member)
    subscribe(representative, [places.west], needs=True, offers=True, organisation=organisation)
    need = make_pin(**middle(WEST))
    # The organisation's own offer (posted by its member) is no news to it.
    make_pin(author=member, kind=PinKind.OFFER, organisation=organisation, **middle(WEST))
    send_daily_digests(_later())
    (digest,) = _digests(representative)
    assert _pin_ids(digest) == {need.id}
    assert _digests(member) == []


def test_a_deactivated_account_gets_no_digest(places):
    reader = make_user(is_active_account=False)
    subscribe(reader, [places.west])
    make_pin(**middle(WEST))
    assert send_daily_digests(_later()).notifications == 0


def test_the_digest_tells_only_what_the_public_list_shows(places, app):
    reader = make_user(preferred_language="en")
    subscribe(reader, [places.west])
    author = make_user(display_name="Kim Minji")
    lone = make_pin(
        author=author,
        category=places.food,
        title="My mother above the pharmacy",
        description="Call 010-1234-5678",
        text_shared=False,
        **middle(WEST),
    )
    send_daily_digests(_later())
    (digest,) = _digests(reader)
    text = digest.subject + digest.body
    assert _pin_ids(digest) == {lone.id}
    assert "pharmacy" not in text and "010-1234" not in text and "Kim Minji" not in text
    assert f"Food ({places.west.name_en}): {app.config['SITE_URL']}/pins/{lone.id}" in text
    # Neither the exact point nor the public one: no coordinates at all.
    assert not re.search(r"\d+\.\d{3,}", digest.body)


def test_the_digest_is_written_in_the_readers_language(places):
    reader = make_user(preferred_language="ko")
    subscribe(reader, [places.west])
    make_pin(category=places.food, **middle(WEST))
    send_daily_digests(_later())
    (digest,) = _digests(reader)
    assert places.west.name_ko in digest.body and "식료품" in digest.body


def test_the_digest_is_emailed(places, smtp_server, jobs):
    reader = make_user()
    subscribe(reader, [places.west])
    make_pin(**middle(WEST))
    send_daily_digests(_later())
    db.session.commit()
    jobs.run()
    (digest,) = _digests(reader)
    assert reload(digest).email_status == EmailStatus.SENT
    (email,) = smtp_server.messages
    assert email["To"].addresses[0].addr_spec == reader.email
