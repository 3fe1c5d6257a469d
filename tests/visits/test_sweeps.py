"""Seasonal sweeps: a CSV list of households (UTF-8 with or without BOM, CP949) checked whole
before anything is saved, each mistake told with its line; the same list again adds nothing;
one planned visit per household; the board counts by outcome per dong."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.submissions import new_submission_key
from app.vault import blind_index
from app.visits.models import Sweep, SweepHousehold, Visit, VisitOutcome
from tests.factories import field_error, login
from tests.roles import LOGIN, assert_status, expect
from tests.visits.world import PEOPLE, build_world

SIGNED_OUT = {"anonymous": LOGIN}
STAFF = expect(PEOPLE, 403, staff_here=200, staff_elsewhere=200, admin=200, **SIGNED_OUT)
HERE = expect(PEOPLE, 403, staff_here=200, **SIGNED_OUT)
ROUTES = {
    "sweeps": ("GET", "/staff/sweeps", STAFF),
    "new sweep": ("GET", "/staff/sweeps/new", STAFF),
    "new sweep (empty)": ("POST", "/staff/sweeps/new", STAFF),
    "board": ("GET", "/staff/sweeps/{sweep}", HERE),
    "import form": ("GET", "/staff/sweeps/{sweep}/import", HERE),
    "import (empty)": ("POST", "/staff/sweeps/{sweep}/import", HERE),
}


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    path = template.format(sweep=world.sweep.id)
    response = client.get(path) if method == "GET" else client.post(path, data={})
    assert_status(response, expected[who])


@pytest.fixture
def staff(app, world):
    client = app.test_client()
    login(client, world.people["staff_here"])
    return client


def csv_text(world, rows: list[str]) -> str:
    return "\n".join(["이름,전화번호,주소,행정동,비고", *rows]) + "\n"


def upload(staff, world, content: bytes, *, lang: str = "ko", key: str = "", follow=False):
    return staff.post(
        f"/staff/sweeps/{world.sweep.id}/import",
        data={
            "csv_file": (io.BytesIO(content), "list.csv"),
            "planned_on": world.today.isoformat(),
            "submission_key": key,
        },
        content_type="multipart/form-data",
        headers={"Accept-Language": lang},
        follow_redirects=follow,
    )


def households() -> int:
    return db.session.scalar(select(func.count(SweepHousehold.id)))


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: "\ufeff".encode() + text.encode("utf-8"),
        lambda text: text.encode("cp949"),
    ],
    ids=["utf-8", "utf-8 with BOM", "cp949"],
)
def test_a_list_is_imported_with_one_visit_per_household(staff, world, encode):
    rows = [
        f"박할머니,010-1111-0001,서울 중구 눈길로 3,{world.dong.code},혼자 사심",
        f"최할아버지,,서울 중구 눈길로 5 101호,{world.dong.name_ko},",
    ]
    before = households()
    response = upload(staff, world, encode(csv_text(world, rows)))
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    assert households() == before + 2
    names = set(db.session.scalars(select(SweepHousehold.name)))
    assert {"박할머니", "최할아버지"} <= names
    visits = db.session.scalars(
        select(Visit)
        .join(SweepHousehold)
        .where(SweepHousehold.phone_index == blind_index("phone", "010-1111-0001"))
    ).all()
    assert len(visits) == 1 and visits[0].planned_on == world.today
    # The same list again (a replay, a second click on a new form): nothing doubles.
    assert upload(staff, world, encode(csv_text(world, rows))).status_code == 302
    assert households() == before + 2


def test_the_same_form_sent_twice_imports_once_and_says_so(staff, world):
    rows = [f"박할머니,010-1111-0007,서울 중구 눈길로 21,{world.dong.code},"]
    key, content = new_submission_key(), csv_text(world, rows).encode()
    first = upload(staff, world, content, lang="en", key=key, follow=True).get_data(as_text=True)
    assert "1 households were added; 0 were already in the sweep." in first
    again = upload(staff, world, content, lang="en", key=key, follow=True).get_data(as_text=True)
    assert "This list was already imported: its households are in the sweep." in again
    assert "0 households were added" not in again
    assert households() == 2  # the world's household and this one


def test_every_bad_line_is_told_and_nothing_is_saved(staff, world):
    rows = [
        f"좋은줄,010-1111-0002,서울 중구 눈길로 7,{world.dong.code},",
        f",010-1111-0003,서울 중구 눈길로 9,{world.dong.code},",
        f"전화틀림,12,서울 중구 눈길로 11,{world.dong.code},",
        f"다른동,010-1111-0004,서울 중구 눈길로 13,{world.other.code},",
        f"같은주소,010-1111-0005,서울 중구 눈길로 7,{world.dong.code},",
        f"주민번호,010-1111-0006,서울 중구 눈길로 15,{world.dong.code},800101-1234567",
    ]
    before = households()
    response = upload(staff, world, csv_text(world, rows).encode(), lang="en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and field_error(html, "csv_file")
    assert "Line 3: the name is missing" in html
    assert "Line 4: the phone number is not a Korean phone number" in html
    assert "Line 5:" in html and "is not one of this sweep" in html
    assert "Line 6: the same address as line 2" in html
    assert "Line 7: it holds a resident registration number" in html
    assert "Line 2:" not in html
    assert households() == before


def test_a_header_without_the_columns_is_refused(staff, world):
    html = upload(staff, world, b"a,b,c\n1,2,3\n", lang="en").get_data(as_text=True)
    assert "must name the columns" in html


def test_the_board_counts_by_outcome_per_dong(staff, world):
    world.household_visit.outcome = VisitOutcome.NOT_HOME
    db.session.flush()
    rows = [f"박할머니,010-1111-0001,서울 중구 눈길로 3,{world.dong.code},"]
    upload(staff, world, csv_text(world, rows).encode())
    html = staff.get(f"/staff/sweeps/{world.sweep.id}").get_data(as_text=True)
    row = html.split(f'data-dong="{world.dong.code}"')[1].split("</tr>")[0]
    assert 'data-count="planned">2<' in row
    assert 'data-count="not_yet">1<' in row
    assert 'data-count="not_home">1<' in row
    assert "박할머니" not in html  # counts only


def test_staff_create_a_sweep_over_their_dongs(staff, world):
    response = staff.post(
        "/staff/sweeps/new",
        data={
            "name": "2026 겨울 발굴",
            "starts_on": "2026-12-01",
            "ends_on": "2027-02-28",
            "dongs": [world.dong.id],
        },
    )
    assert response.status_code == 302
    sweep = db.session.scalars(select(Sweep).where(Sweep.name == "2026 겨울 발굴")).one()
    assert [d.id for d in sweep.dongs] == [world.dong.id]
    html = staff.post(
        "/staff/sweeps/new",
        data={
            "name": "x",
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-02",
            "dongs": [world.other.id],
        },
    ).get_data(as_text=True)
    assert field_error(html, "dongs") or 'id="dongs-error"' in html
