"""Per-kind notification settings (on the site only, email at once, daily digest): the page
(one's own only, CSRF, a message at a bad field), notify() following them, and the daily digest
(one email a person, in their language, sent once however often the job runs)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.notifications.digest import LOST_AFTER, take_held
from app.notifications.models import (
    Delivery,
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from app.notifications.preferences import delivery_for, groups_for, save_choices
from app.notifications.services import notify
from app.notifications.tasks import DIGEST_HOUR_UTC, send_daily_digests
from tests.factories import field_error, login, make_user, reload

Kind = NotificationKind
MATCH_STEPS = "match_steps"


def _notify(person, kind=Kind.MATCH_ACCEPTED, subject="Subject", body="Body"):
    return notify(person, kind, link="/matches/1", subject=subject, body=body)


def _held(person) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == person.id)))


def _defaults(person) -> dict[str, str]:
    return {group.key: "email_at_once" for group in groups_for(person)}


# --- the settings page ---------------------------------------------------------------------------


def test_every_kind_a_person_can_get_has_its_place_in_the_settings():
    from app.notifications.preferences import GROUPS

    grouped = [kind for group in GROUPS for kind in group.kinds]
    assert sorted(grouped) == sorted(Kind), "a new kind needs a group in preferences.GROUPS"


def test_the_page_shows_the_groups_a_person_can_get_with_the_defaults(english_client):
    resident = make_user()
    login(english_client, resident)
    html = english_client.get("/notifications/settings").get_data(as_text=True)
    assert "Matches: proposed, accepted, declined, withdrawn or fulfilled" in html
    assert re.search(
        r'name="match_steps"[^>]*value="email_at_once"[^>]*checked', html
    ) or re.search(r'checked[^>]*name="match_steps"[^>]*value="email_at_once"', html)
    assert "Consortia and contests" not in html  # a resident takes part in none
    english_client.post("/logout")
    organiser = make_user(Role.ORG_MEMBER)
    login(english_client, organiser)
    assert "Consortia and contests" in english_client.get("/notifications/settings").get_data(
        as_text=True
    )


def test_saving_changes_only_one_s_own_settings_and_keeps_only_what_differs(client):
    me, neighbour = make_user(), make_user()
    login(client, me)
    response = client.post(
        "/notifications/settings",
        data=_defaults(me) | {"match_steps": "daily_digest", "match_messages": "site_only"},
    )
    assert response.status_code == 302
    assert delivery_for(me, Kind.MATCH_PROPOSED) == Delivery.DAILY_DIGEST
    assert delivery_for(me, Kind.MATCH_FULFILLED) == Delivery.DAILY_DIGEST
    assert delivery_for(me, Kind.MATCH_MESSAGE) == Delivery.SITE_ONLY
    assert delivery_for(me, Kind.STORY_PUBLISHED) == Delivery.EMAIL_AT_ONCE  # not sent: kept
    assert delivery_for(neighbour, Kind.MATCH_PROPOSED) == Delivery.EMAIL_AT_ONCE
    # Back to the default: no row is kept for it.
    client.post(
        "/notifications/settings",
        data=_defaults(me) | {"match_steps": "email_at_once", "match_messages": "site_only"},
    )
    rows = db.session.scalars(
        select(NotificationPreference.kind).where(NotificationPreference.user_id == me.id)
    ).all()
    assert rows == [Kind.MATCH_MESSAGE]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Choose how these notifications reach you."),
        ("ko", "이 알림을 받을 방법을 골라 주세요."),
    ],
)
def test_a_made_up_choice_is_refused_at_its_field_in_the_reader_s_language(
    client, language, message
):
    me = make_user(preferred_language=language)
    login(client, me)
    client.post("/language", data={"language": language, "next": "/"})
    data = _defaults(me) | {"match_steps": "carrier pigeon"}
    response = client.post("/notifications/settings", data=data)
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "match_steps") == message
    assert db.session.scalar(select(NotificationPreference.id)) is None


def test_the_settings_need_a_csrf_token_and_a_signed_in_person(client, request):
    me = make_user()
    assert client.get("/notifications/settings").status_code == 302  # to the login page
    login(client, me)
    request.getfixturevalue("csrf_on")
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert 'name="csrf_token"' in html
    response = client.post("/notifications/settings", data={"match_steps": "site_only"})
    assert response.status_code == 400
    assert delivery_for(me, Kind.MATCH_PROPOSED) == Delivery.EMAIL_AT_ONCE


def test_my_page_says_how_notifications_reach_the_person_and_links_the_settings(english_client):
    me = make_user()
    save_choices(me, {MATCH_STEPS: Delivery.DAILY_DIGEST})
    db.session.commit()
    login(english_client, me)
    html = english_client.get("/my").get_data(as_text=True)
    section = html[html.index('id="my-notification-settings"') :]
    assert "One email a day with all of them" in section
    assert 'href="/notifications/settings"' in section


# --- notify() follows them -----------------------------------------------------------------------


def test_site_only_sends_no_email(client, smtp_server, jobs):
    me = make_user()
    save_choices(me, {MATCH_STEPS: Delivery.SITE_ONLY})
    notification = _notify(me)
    db.session.commit()
    assert notification.email_status == EmailStatus.SITE_ONLY
    assert jobs.waiting() == 0
    jobs.run()
    send_daily_digests()
    jobs.run()
    assert smtp_server.messages == []


def test_email_at_once_is_sent_at_once(smtp_server, jobs):
    me = make_user()
    _notify(me)
    db.session.commit()
    assert jobs.run() == 1
    (email,) = smtp_server.messages
    assert me.email in email["To"]


def test_the_digest_holds_then_sends_one_email_once(smtp_server, jobs):
    me, other, quiet = make_user(preferred_language="en"), make_user(), make_user()
    for person in (me, other, quiet):
        save_choices(person, {MATCH_STEPS: Delivery.DAILY_DIGEST})
    first = _notify(me, subject="First thing", body="It happened.")
    second = _notify(me, Kind.MATCH_DECLINED, subject="Second thing", body="Also.")
    _notify(other, subject="Their thing")
    db.session.commit()
    assert (first.email_status, second.email_status) == (EmailStatus.DIGEST, EmailStatus.DIGEST)
    assert jobs.waiting() == 0  # nothing leaves before the morning

    send_daily_digests()
    assert jobs.waiting() == 2  # one job a person with something; `quiet` has nothing
    jobs.run()
    mine = [m for m in smtp_server.messages if me.email in m["To"]]
    (email,) = mine
    assert email["Subject"] == "Your 2 notifications of the day on Hope Community Map"
    text = email.get_body(preferencelist=("plain",)).get_content()
    assert "First thing" in text and "Second thing" in text and "/matches/1" in text
    assert len(smtp_server.messages) == 2
    assert not any(quiet.email in m["To"] for m in smtp_server.messages)
    assert {reload(first).email_status, reload(second).email_status} == {EmailStatus.SENT}

    send_daily_digests()  # run again (or by a second worker): nothing is left to send
    assert jobs.waiting() == 0
    assert len(smtp_server.messages) == 2


def test_two_workers_taking_the_same_digests_take_each_once(smtp_server):
    me = make_user()
    save_choices(me, {MATCH_STEPS: Delivery.DAILY_DIGEST})
    notification = _notify(me)
    assert take_held() == {me.id: [notification.id]}
    assert take_held() == {}


def test_a_digest_the_server_refused_is_tried_again_then_sent(smtp_server, jobs):
    me = make_user()
    save_choices(me, {MATCH_STEPS: Delivery.DAILY_DIGEST})
    notification = _notify(me)
    db.session.commit()
    with smtp_server.down():
        send_daily_digests()
        jobs.run()
    assert reload(notification).email_status == EmailStatus.IN_DIGEST
    assert smtp_server.messages == []
    jobs.run_retries()
    assert len(smtp_server.messages) == 1
    assert reload(notification).email_status == EmailStatus.SENT


def test_a_digest_whose_job_was_lost_is_sent_the_next_morning(smtp_server, jobs):
    me = make_user()
    save_choices(me, {MATCH_STEPS: Delivery.DAILY_DIGEST})
    notification = _notify(me)
    db.session.commit()
    take_held()  # yesterday's morning took it, and its job never reached the queue
    db.session.commit()
    send_daily_digests()  # the same morning again: taken, so left alone
    assert jobs.waiting() == 0
    notification.created_at -= LOST_AFTER + timedelta(minutes=1)  # the next morning
    db.session.commit()
    send_daily_digests()
    jobs.run()
    assert len(smtp_server.messages) == 1
    assert reload(notification).email_status == EmailStatus.SENT


def test_the_digest_runs_at_eight_in_the_morning_in_seoul():
    assert DIGEST_HOUR_UTC == 23  # 08:00 KST is 23:00 UTC the day before
