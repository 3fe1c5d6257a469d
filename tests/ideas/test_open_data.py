"""The ideas' open-data file (/ideas/export.csv): anyone may download it; each row is what the
idea's public page shows, with fixed column names; the list's filters and order; and nothing
of the people or the staff's work (author, assignee, the department of an unanswered idea,
internal notes, hidden comments)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import utcnow
from app.csv_files import BOM
from app.extensions import db
from app.ideas.citizens.open_data import COLUMNS
from app.ideas.models import IdeaOutcome, IdeaStatus
from tests.factories import make_area, make_category, make_user
from tests.ideas.factories import add_note, comment_on, make_department, make_idea, support

SECRET_NOTE = "NOTE-OPEN-DATA-Hq4"
ASSIGNEE = "Assignee Opendata-K2"
AUTHOR = ("Author Opendata-W7", "author.w7@private.example")


def records(client, query: str = "") -> list[dict[str, str]]:
    response = client.get(f"/ideas/export.csv{query}", buffered=True)  # streamed
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data().decode("utf-8")
    assert text.startswith(BOM)
    reader = csv.DictReader(io.StringIO(text[len(BOM) :]))
    assert tuple(reader.fieldnames) == COLUMNS
    return list(reader)


@pytest.fixture
def world():
    gu = make_area(level=AreaLevel.GU, code="11110", name_ko="종로구", name_en="Jongno-gu")
    dong = make_area(parent=gu, code="1111053000", name_ko="사직동", name_en="Sajik-dong")
    other_gu = make_area(level=AreaLevel.GU, code="11650", name_en="Seocho-gu")
    heating = make_category(name_en="Heating", name_ko="난방", slug="heating")
    author = make_user(display_name=AUTHOR[0], email=AUTHOR[1])
    answering = make_department(name_ko="복지정책과", name_en="Welfare Policy Division")
    holding = make_department(name_ko="미배정검토과-Z", name_en="Holding Desk Z")
    assignee = make_user(Role.STAFF, display_name=ASSIGNEE)
    received_at = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)  # 3 November in Seoul
    answered = make_idea(
        author,
        IdeaStatus.ANSWERED,
        title="경로당 난방비 지원",
        category=heating,
        area=dong,
        received_at=received_at,
        outcome=IdeaOutcome.PARTLY_ADOPTED,
        response="=SUM(A1) 내년 예산에 일부 반영합니다.",
        answered_at=received_at + timedelta(days=20),  # after the 14 days
        department=answering,
        assignee=assignee,
        answering_department=answering,
    )
    held = make_idea(
        author,
        IdeaStatus.UNDER_REVIEW,
        title="주말 상담 창구",
        area=other_gu,
        department=holding,
        assignee=assignee,
    )
    plain = make_idea(title="공원 벤치", area=gu)
    for idea in (answered, held, plain):
        add_note(idea, SECRET_NOTE, author=assignee)
    support(answered)
    support(answered)
    comment_on(answered)
    hidden = comment_on(answered)
    hidden.hidden_at, hidden.hidden_reason = utcnow(), "개인정보가 있어 숨깁니다"
    db.session.flush()
    return {"gu": gu, "dong": dong, "answered": answered, "held": held, "plain": plain}


def test_anyone_downloads_what_the_idea_pages_show(client, world):
    rows = {int(row["id"]): row for row in records(client)}
    answered = rows[world["answered"].id]
    assert answered == {
        "id": str(world["answered"].id),
        "url": f"http://127.0.0.1:8000/ideas/{world['answered'].id}",  # SITE_URL
        "received_on": "2026-11-03",
        "title": "경로당 난방비 지원",
        "body": "경로당에 겨울 난방비를 지원해 주세요.",
        "category": "heating",
        "category_name_ko": "난방",
        "category_name_en": "Heating",
        "gu_code": "11110",
        "gu_name_ko": "종로구",
        "gu_name_en": "Jongno-gu",
        "dong_code": "1111053000",
        "dong_name_ko": "사직동",
        "dong_name_en": "Sajik-dong",
        "status": "answered",
        "outcome": "partly_adopted",
        "due_on": world["answered"].due_on.isoformat(),
        "answered_on": "2026-11-23",
        "answered_on_time": "false",
        "answering_department_ko": "복지정책과",
        "answering_department_en": "Welfare Policy Division",
        "response": "'=SUM(A1) 내년 예산에 일부 반영합니다.",  # a formula is shown as text
        "supports": "2",
        "comments": "1",  # the hidden comment is not counted
    }
    held = rows[world["held"].id]
    assert (held["status"], held["outcome"], held["response"]) == ("under_review", "", "")
    assert held["answering_department_ko"] == held["answering_department_en"] == ""
    assert (held["gu_code"], held["dong_code"]) == ("11650", "")


def test_nothing_of_the_people_or_the_staffs_work_is_in_it(client, world):
    text = client.get("/ideas/export.csv", buffered=True).get_data(as_text=True)
    for secret in (SECRET_NOTE, ASSIGNEE, *AUTHOR, "미배정검토과-Z", "Holding Desk Z"):
        assert secret not in text, secret


def test_the_lists_filters_and_order(client, world):
    ids = [int(row["id"]) for row in records(client)]
    assert ids == [world["plain"].id, world["held"].id, world["answered"].id]  # newest first
    assert [int(r["id"]) for r in records(client, "?status=answered")] == [world["answered"].id]
    # A gu takes in its dongs, as on /ideas.
    in_gu = {int(r["id"]) for r in records(client, "?area=11110")}
    assert in_gu == {world["answered"].id, world["plain"].id}
    answered_first = [int(r["id"]) for r in records(client, "?sort=answered")]
    assert answered_first[0] == world["answered"].id
    # Filters that name nothing are ignored, as on the list.
    assert len(records(client, "?status=nonsense&category=abc&area=%27")) == 3


def test_an_empty_selection_is_a_file_with_its_header(client):
    assert records(client) == []


def test_the_list_and_the_accountability_page_link_to_it(client, world):
    assert 'href="/ideas/export.csv?status=answered"' in client.get(
        "/ideas?status=answered"
    ).get_data(as_text=True)
    assert 'href="/ideas/export.csv"' in client.get("/ideas/accountability").get_data(as_text=True)


def test_the_addresses_are_the_sites_whatever_host_was_asked(app, client, world):
    """Like the feed: SITE_URL, not a Host header a proxy or a forger chose."""
    response = client.get("/ideas/export.csv", buffered=True, base_url="http://forged.example")
    text = response.get_data().decode("utf-8")
    assert "forged.example" not in text
    assert f"{app.config['SITE_URL']}/ideas/{world['answered'].id}" in text
