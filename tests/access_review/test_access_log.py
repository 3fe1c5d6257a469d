"""The access log (app/access_log.py): who saw whose record, kept unchanged; and the privacy
officer's monthly review (/privacy/access-log) with its flags, CSV and reviewed mark."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from app.access_log import (
    AccessAction,
    AccessLogEntry,
    ReasonRequired,
    delete_expired_access_log,
    record_access,
)
from app.access_review.models import AccessLogReview
from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.extensions import db
from app.reports.models import CrisisType, ReportAbout, Urgency
from app.reports.services import ReportDetails, receive_report
from tests.factories import PASSWORD, login, make_area, make_pin, make_user
from tests.roles import LOGIN, SIGNED_OUT, assert_status, expect

PEOPLE = ["anonymous", *[r.value for r in Role]]

ROUTES = {
    "month": ("GET", "/privacy/access-log", expect(PEOPLE, 403, **SIGNED_OUT, privacy_officer=200)),
    "export": (
        "POST",
        "/privacy/access-log/export",
        expect(PEOPLE, 403, **SIGNED_OUT, privacy_officer=400),  # sent without a reason
    ),
    "reviewed": (
        "POST",
        "/privacy/access-log/reviewed",
        expect(PEOPLE, 403, **SIGNED_OUT, privacy_officer=302),
    ),
}


def _entries(**where) -> list[AccessLogEntry]:
    query = select(AccessLogEntry).order_by(AccessLogEntry.id)
    for name, value in where.items():
        query = query.where(getattr(AccessLogEntry, name) == value)
    return list(db.session.scalars(query))


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("who", PEOPLE)
def test_role_route_table(client, route, who):
    method, path, answers = ROUTES[route]
    if who != "anonymous":
        login(client, make_user(Role(who)))
    assert_status(client.open(path, method=method), answers[who])
    if answers[who] in (403, LOGIN):
        assert db.session.scalar(select(func.count(AccessLogReview.id))) == 0


# --- what is logged --------------------------------------------------------------------------


def _staff_of(pin):
    return make_user(Role.STAFF, staff_areas=[pin.dong])


def test_staff_view_of_a_need_writes_one_row_naming_its_author(client):
    need = make_pin()
    staff = _staff_of(need)
    login(client, staff)
    assert client.get(f"/pins/{need.id}").status_code == 200
    (entry,) = _entries(subject_kind="need", subject_id=need.id)
    assert (entry.actor_id, entry.person_id, entry.action) == (
        staff.id,
        need.author_id,
        AccessAction.VIEW,
    )
    assert entry.actor_role == "staff" and entry.route == "pins.show"
    assert entry.origin_ip == "127.0.0.1"


def test_the_authors_own_look_and_the_publics_are_not_logged(client):
    need = make_pin()
    client.get(f"/pins/{need.id}")  # the public: no exact point, nothing to log
    login(client, need.author)
    assert client.get(f"/pins/{need.id}").status_code == 200
    login(client, make_user())  # another resident: the public page only
    client.get(f"/pins/{need.id}")
    assert _entries(subject_kind="need") == []


def test_downloading_my_data_is_logged_with_its_reason(client):
    me = make_user()
    login(client, me)
    response = client.post("/my/data", data={"current_password": PASSWORD})
    assert response.mimetype == "application/zip"
    (entry,) = _entries(subject_kind="own_data")
    assert (entry.actor_id, entry.person_id, entry.action, entry.reason) == (
        me.id,
        me.id,
        AccessAction.DOWNLOAD,
        "own data",
    )


@pytest.mark.parametrize("action", [AccessAction.DOWNLOAD, AccessAction.OVERRIDE])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_download_or_an_override_needs_a_reason(app, action, reason):
    with app.test_request_context(), pytest.raises(ReasonRequired):
        record_access("need", 1, action, reason=reason, actor=make_user(Role.STAFF))
    assert _entries() == []


def test_the_database_refuses_to_change_a_row(app):
    with app.test_request_context():
        entry = record_access("need", 1, AccessAction.VIEW, actor=make_user(Role.STAFF))
    assert entry is not None
    with pytest.raises(DatabaseError, match="append-only"), db.session.begin_nested():
        db.session.execute(
            text("UPDATE access_log SET subject_id = 2 WHERE id = :id"), {"id": entry.id}
        )


def test_the_database_refuses_a_download_without_reason(app):
    staff = make_user(Role.STAFF)
    with pytest.raises(DatabaseError), db.session.begin_nested():
        db.session.add(
            AccessLogEntry(
                actor_id=staff.id, actor_role="staff", subject_kind="need", subject_id=1,
                action=AccessAction.DOWNLOAD,
            )
        )  # fmt: skip
        db.session.flush()


def test_rows_past_the_retention_period_are_deleted_and_no_others(app):
    staff = make_user(Role.STAFF)
    for at in (datetime(2024, 1, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)):
        db.session.add(_row(staff, at, subject_id=1))
    db.session.flush()
    assert delete_expired_access_log(datetime(2026, 12, 6, tzinfo=UTC)) == 1
    assert [e.at.year for e in _entries()] == [2026]


# --- the review page -------------------------------------------------------------------------


def _row(actor, at, subject_kind="need", subject_id=1, action=AccessAction.VIEW, reason=None):
    return AccessLogEntry(
        at=at, actor_id=actor.id, actor_role=actor.role.value, subject_kind=subject_kind,
        subject_id=subject_id, action=action, reason=reason,
    )  # fmt: skip


@pytest.fixture
def officer(client):
    person = make_user(Role.PRIVACY_OFFICER)
    login(client, person)
    return person


def _flags_html(client) -> str:
    html = client.get("/privacy/access-log?month=2026-11&lang=en").get_data(as_text=True)
    return html.split('id="flags-heading"')[1].split('id="entries-heading"')[0]


def test_a_view_outside_the_assignment_is_flagged_and_one_inside_is_not(client, officer):
    need = make_pin()
    inside = make_user(Role.STAFF, staff_areas=[need.dong], display_name="Inside Kim")
    outside = make_user(Role.STAFF, display_name="Outside Lee")
    noon = datetime(2026, 11, 3, 3, 0, tzinfo=UTC)  # Tuesday 12:00 in Seoul
    db.session.add_all(
        [_row(inside, noon, subject_id=need.id), _row(outside, noon, subject_id=need.id)]
    )
    db.session.flush()
    flags = _flags_html(client)
    assert "Outside the assignment" in flags and "Outside Lee" in flags
    assert "Inside Kim" not in flags


def test_a_report_seen_outside_its_dong_and_gu_is_flagged_too(client, officer):
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 126.99, 37.58))
    dong = make_area(parent=gu)
    details = ReportDetails(
        about=ReportAbout.SELF,
        crisis_types=[CrisisType.HEATING],
        urgency=Urgency.TODAY,
        what_was_seen="No heating since Monday",
        lon=126.975,
        lat=37.565,
    )
    report = receive_report(details, None).report
    of_the_gu = make_user(Role.STAFF, staff_areas=[gu], display_name="Gu Officer Han")
    of_the_dong = make_user(Role.STAFF, staff_areas=[dong], display_name="Dong Officer Seo")
    elsewhere = make_user(Role.STAFF, display_name="Elsewhere Yoon")
    noon = datetime(2026, 11, 3, 3, 0, tzinfo=UTC)
    db.session.add_all(
        _row(person, noon, "report", report.id) for person in (of_the_gu, of_the_dong, elsewhere)
    )
    db.session.flush()
    flags = _flags_html(client)
    assert "Outside the assignment" in flags and "Elsewhere Yoon" in flags
    assert "Gu Officer Han" not in flags and "Dong Officer Seo" not in flags


def test_more_subjects_in_a_day_than_the_limit_is_a_burst(app, client, officer):
    busy = make_user(Role.STAFF, display_name="Busy Park")
    calm = make_user(Role.STAFF, display_name="Calm Choi")
    noon = datetime(2026, 11, 3, 3, 0, tzinfo=UTC)
    app.config["ACCESS_LOG_BURST_SUBJECTS"] = 3
    try:
        # Four records for one, three (the limit) for the other, and repeats do not count.
        rows = [_row(busy, noon, "shared_contact", n) for n in range(4)]
        rows += [_row(calm, noon, "shared_contact", n % 3) for n in range(6)]
        db.session.add_all(rows)
        db.session.flush()
        flags = _flags_html(client)
    finally:
        app.config["ACCESS_LOG_BURST_SUBJECTS"] = 50
    assert "Burst" in flags and "Busy Park" in flags and "4 records" in flags
    assert "Calm Choi" not in flags


@pytest.mark.parametrize(
    ("at", "flagged"),
    [
        (datetime(2026, 11, 3, 12, 0, tzinfo=UTC), True),  # Tuesday 21:00 in Seoul
        (datetime(2026, 11, 2, 22, 30, tzinfo=UTC), True),  # Tuesday 07:30 in Seoul
        (datetime(2026, 11, 7, 3, 0, tzinfo=UTC), True),  # Saturday noon in Seoul
        (datetime(2026, 11, 3, 3, 0, tzinfo=UTC), False),  # Tuesday noon in Seoul
    ],
)
def test_an_export_after_hours_is_flagged(client, officer, at, flagged):
    clerk = make_user(Role.STAFF, display_name="Clerk Yoon")
    db.session.add(_row(clerk, at, "own_data", 9, AccessAction.DOWNLOAD, reason="audit"))
    db.session.flush()
    flags = _flags_html(client)
    assert ("After hours" in flags and "Clerk Yoon" in flags) is flagged


def test_the_months_csv_needs_a_reason_and_is_logged(client, officer):
    staff = make_user(Role.STAFF)
    db.session.add(_row(staff, datetime(2026, 11, 3, 3, 0, tzinfo=UTC), subject_id=77))
    db.session.flush()
    refused = client.post("/privacy/access-log/export", data={"month": "2026-11", "reason": ""})
    assert refused.status_code == 400
    assert 'id="reason-error"' in refused.get_data(as_text=True)
    assert _entries(subject_kind="access_log") == []
    answer = client.post(
        "/privacy/access-log/export", data={"month": "2026-11", "reason": "monthly check"}
    )
    assert answer.mimetype == "text/csv" and ",need,77," in answer.get_data(as_text=True)
    (logged,) = _entries(subject_kind="access_log")
    assert (logged.actor_id, logged.subject_id, logged.reason) == (
        officer.id,
        202611,
        "monthly check",
    )


def test_a_month_is_marked_reviewed_once_with_who_and_when(client, officer):
    client.post("/privacy/access-log/reviewed", data={"month": "2026-11"})
    client.post("/privacy/access-log/reviewed", data={"month": "2026-11"})
    (review,) = db.session.scalars(select(AccessLogReview))
    assert (review.month, review.reviewed_by_id) == ("2026-11", officer.id)
    html = client.get("/privacy/access-log?month=2026-11&lang=en").get_data(as_text=True)
    assert "Reviewed by" in html


def test_an_administrator_may_grant_the_privacy_officer_role(client):
    admin = make_user(Role.ADMIN)
    target = make_user()
    login(client, admin)
    client.post(f"/admin/users/{target.id}", data={"role": "privacy_officer"})
    db.session.refresh(target)
    assert target.role == Role.PRIVACY_OFFICER
