"""Check-in groups' pages: who may do what (the role x route table), setting up a group and
adding a member at the fields, recording a day's check-ins on the host's page, and each view
of a member's record access-logged once, without their name on any page but that one."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.access_log import AccessAction, AccessLogEntry
from app.accounts.models import Role, User
from app.areas.models import Area, AreaLevel
from app.checkins.models import Checkin, CheckinGroup, CheckinMember
from app.checkins.services import CHECKIN_MEMBER
from app.clock import seoul_today
from app.extensions import db
from tests.checkins.factories import MEETING_PLACE, make_group, make_member
from tests.factories import field_error, login, make_area, make_user, reload
from tests.roles import LOGIN, assert_status, expect

PEOPLE = ("anonymous", "resident", "host", "staff_here", "staff_elsewhere", "admin")
SIGNED_OUT = {"anonymous": LOGIN}


@dataclass
class World:
    people: dict[str, User | None]
    dong: Area
    group: CheckinGroup
    member: CheckinMember


@pytest.fixture
def world() -> World:
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 127.00, 37.58))
    dong = make_area(parent=gu, bounds=(126.97, 37.56, 126.98, 37.57), name_en="Checkin-dong")
    other_gu = make_area(level=AreaLevel.GU, bounds=(127.10, 37.50, 127.20, 37.60))
    staff_here = make_user(Role.STAFF)
    staff_here.staff_areas = [gu]
    staff_elsewhere = make_user(Role.STAFF)
    staff_elsewhere.staff_areas = [other_gu]
    host = make_user(email="host@example.org")
    group = make_group(dong, host=host)
    member = make_member(group, name="MARKER-NAME 박말순", phone="010-9999-0000")
    people: dict[str, User | None] = {
        "anonymous": None,
        "resident": make_user(),
        "host": host,
        "staff_here": staff_here,
        "staff_elsewhere": staff_elsewhere,
        "admin": make_user(Role.ADMIN),
    }
    return World(people, dong, group, member)


@pytest.fixture
def client(english_client):
    return english_client


STAFF = expect(PEOPLE, 403, staff_here=200, staff_elsewhere=200, admin=200, **SIGNED_OUT)
RECORDERS = expect(PEOPLE, 404, host=200, staff_here=200, **SIGNED_OUT)
ROUTES = {
    "staff list": ("GET", "/staff/checkins", STAFF),
    "new group form": ("GET", "/staff/checkins/new", STAFF),
    "new group (empty)": ("POST", "/staff/checkins/new", STAFF),
    "new member form": (
        "GET",
        "/staff/checkins/{group}/members/new",
        expect(PEOPLE, 404, host=403, staff_here=200, **SIGNED_OUT),
    ),
    "new member (empty)": (
        "POST",
        "/staff/checkins/{group}/members/new",
        expect(PEOPLE, 404, host=403, staff_here=200, **SIGNED_OUT),
    ),
    "member record": (
        "GET",
        "/staff/checkins/members/{member}",
        expect(PEOPLE, 404, staff_here=200, **SIGNED_OUT),
    ),
    "member left": (
        "POST",
        "/staff/checkins/members/{member}/leave",
        expect(PEOPLE, 404, staff_here=302, **SIGNED_OUT),
    ),
    "my groups": ("GET", "/checkins", expect(PEOPLE, 200, **SIGNED_OUT)),
    "check-in page": ("GET", "/checkins/{group}", RECORDERS),
    "record (empty)": ("POST", "/checkins/{group}", RECORDERS),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    path = template.format(group=world.group.id, member=world.member.id)
    assert_status(client.open(path, method=method), expected[who])


def test_staff_set_up_a_group_with_messages_at_the_fields(client, world):
    login(client, world.people["staff_here"])
    page = client.post("/staff/checkins/new", data={"cadence": "weekly"}).get_data(as_text=True)
    assert field_error(page, "name") == "Name the group."
    assert field_error(page, "dong") == "Choose the dong."
    form = {
        "name": "Zelkova tree group",
        "dong": str(world.dong.id),
        "longitude": "127.15",  # outside the dong
        "latitude": str(MEETING_PLACE[1]),
        "cadence": "weekly",
        "missed_limit": "2",
    }
    page = client.post("/staff/checkins/new", data=form).get_data(as_text=True)
    assert html.unescape(field_error(page, "longitude") or "") == (
        "The meeting place must lie inside the group's neighbourhood."
    )
    form["longitude"] = str(MEETING_PLACE[0])
    page = client.post("/staff/checkins/new", data=form).get_data(as_text=True)
    assert field_error(page, "weekdays") == "Choose at least one weekday for a weekly group."
    form["weekdays"] = ["0", "3"]
    response = client.post("/staff/checkins/new", data=form)
    assert response.status_code == 302
    created = db.session.scalars(
        select(CheckinGroup).where(CheckinGroup.name == "Zelkova tree group")
    ).one()
    assert created.weekdays == 0b1001


def test_a_member_joins_only_with_their_consent(client, world):
    login(client, world.people["staff_here"])
    path = f"/staff/checkins/{world.group.id}/members/new"
    data = {"label": "Member 2", "name": "Lee", "consent_method": "signed_paper"}
    page = client.post(path, data=data).get_data(as_text=True)
    assert field_error(page, "consent") == "A member joins only with their consent."
    assert client.post(path, data={**data, "consent": "y"}).status_code == 302
    labels = [m.label for m in db.session.scalars(select(CheckinMember))]
    assert "Member 2" in labels


def test_the_host_records_a_day_and_sees_labels_only(client, world):
    login(client, world.people["host"])
    page = client.get(f"/checkins/{world.group.id}").get_data(as_text=True)
    assert world.member.label in page
    assert "MARKER-NAME" not in page and "010-9999-0000" not in page
    yesterday = (seoul_today() - timedelta(days=1)).isoformat()
    response = client.post(
        f"/checkins/{world.group.id}",
        data={"day": yesterday, f"seen-{world.member.id}": "yes"},
    )
    assert response.status_code == 302
    checkin = db.session.scalars(select(Checkin)).one()
    assert (checkin.member_id, checkin.day.isoformat(), checkin.seen) == (
        world.member.id,
        yesterday,
        True,
    )
    tomorrow = (seoul_today() + timedelta(days=1)).isoformat()
    page = client.post(
        f"/checkins/{world.group.id}", data={"day": tomorrow, f"seen-{world.member.id}": "no"}
    ).get_data(as_text=True)
    assert field_error(page, "day") == (
        "A check-in cannot be recorded for a day that has not come yet."
    )


def test_each_view_of_a_members_record_is_logged_once(client, world):
    login(client, world.people["staff_here"])
    page = client.get(f"/staff/checkins/members/{world.member.id}").get_data(as_text=True)
    assert "MARKER-NAME" in page
    entries = db.session.scalars(
        select(AccessLogEntry).where(
            AccessLogEntry.subject_kind == CHECKIN_MEMBER,
            AccessLogEntry.subject_id == world.member.id,
        )
    ).all()
    assert [(e.action, e.actor_id) for e in entries] == [
        (AccessAction.VIEW, world.people["staff_here"].id)
    ]


def test_a_member_who_left_is_no_longer_expected(client, world):
    login(client, world.people["staff_here"])
    assert client.post(f"/staff/checkins/members/{world.member.id}/leave").status_code == 302
    assert reload(world.member).left_on == seoul_today()
    page = client.get(f"/checkins/{world.group.id}").get_data(as_text=True)
    assert world.member.label not in page
    client.post(f"/staff/checkins/members/{world.member.id}/leave")
    assert "This member has already left the group." in client.get("/checkins").get_data(
        as_text=True
    )
