"""The staff's CSV export of ideas: what each row holds, Seoul days, the formula guard and the
byte-order mark, the inbox's filters, headers in the reader's language, and what is never in it
(internal notes, history, emails)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import seoul_today
from app.csv_files import BOM
from app.ideas.inbox import export
from app.ideas.labels import STATUS_LABELS
from app.ideas.models import IdeaOutcome, IdeaStatus
from tests.factories import login, make_area, make_category, make_user
from tests.ideas.factories import add_note, make_department, make_idea, support

NOTE_MARKER = "NOTE-MARKER-csv-Zq1"


def rows_of(response) -> list[list[str]]:
    text = response.get_data().decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :])))


@pytest.fixture
def staff():
    return make_user(Role.STAFF, display_name="Staff Kim")


@pytest.fixture
def client(english_client, staff):
    login(english_client, staff)
    return english_client


def test_the_file_and_its_rows(client, staff):
    category = make_category(name_en="Housing")
    gu = make_area(level=AreaLevel.GU, name_en="Mapo-gu")
    dong = make_area(parent=gu, name_en="Hapjeong-dong")
    desk = make_department(name_en="Housing Desk")
    holder = make_user(Role.STAFF, display_name="Lee Holder", email="lee.secret@city.example")
    # Received at 16:30 UTC on 31 January: 1 February in Seoul.
    received = datetime(2026, 1, 31, 16, 30, tzinfo=UTC)
    answered = make_idea(
        title="Ramps for the market",
        status=IdeaStatus.ANSWERED,
        category=category,
        area=dong,
        received_at=received,
        due_on=datetime(2026, 2, 15).date(),
        outcome=IdeaOutcome.PARTLY_ADOPTED,
        answered_at=datetime(2026, 2, 16, 3, 0, tzinfo=UTC),  # 16 February in Seoul: late
        department=desk,
        assignee=holder,
        answering_department=desk,
    )
    support(answered)
    support(answered)
    overdue = make_idea(title="Benches", category=category, due_on=seoul_today() - timedelta(1))
    add_note(answered, NOTE_MARKER)

    response = client.get("/staff/ideas.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="ideas-{seoul_today().isoformat()}.csv"'

    header, *rows = rows_of(response)
    assert header == [
        "ID",
        "Received (Seoul)",
        "Title",
        "Category",
        "Area",
        "Status",
        "Outcome",
        "Answer due",
        "Overdue",
        "Department",
        "Assignee",
        "Supports",
        "Answered (Seoul)",
        "Answered on time",
    ]
    by_title = {row[2]: row for row in rows}
    assert by_title["Ramps for the market"] == [
        str(answered.id),
        "2026-02-01",
        "Ramps for the market",
        "Housing",
        "Mapo-gu Hapjeong-dong",
        "Answered",
        "Partly adopted",
        "2026-02-15",
        "no",
        "Housing Desk",
        "Lee Holder",
        "2",
        "2026-02-16",
        "no",
    ]
    benches = by_title["Benches"]
    assert benches[0] == str(overdue.id)
    assert benches[5:] == ["Received", "", benches[7], "yes", "", "", "0", "", ""]

    text = response.get_data(as_text=True)
    assert NOTE_MARKER not in text
    assert "lee.secret@city.example" not in text and "@example.org" not in text


def test_typed_text_cannot_run_as_a_formula(client):
    make_idea(
        title='=HYPERLINK("http://evil.example","x")',
        assignee=make_user(Role.STAFF, display_name="+SUM(A1)"),
    )
    header, row = rows_of(client.get("/staff/ideas.csv"))
    assert row[header.index("Title")] == '\'=HYPERLINK("http://evil.example","x")'
    assert row[header.index("Assignee")] == "'+SUM(A1)"


def test_the_inbox_filters_apply(client, staff):
    desk = make_department()
    yesterday = seoul_today() - timedelta(days=1)
    make_idea(title="Mine, overdue", department=desk, assignee=staff, due_on=yesterday)
    make_idea(title="Mine, due today", department=desk, assignee=staff, due_on=seoul_today())
    make_idea(title="Elsewhere, overdue", due_on=yesterday)
    make_idea(title="Mine, answered", status=IdeaStatus.ANSWERED, assignee=staff, due_on=yesterday)

    def titles(query: str) -> list[str]:
        _, *rows = rows_of(client.get(f"/staff/ideas.csv?{query}"))
        return sorted(row[2] for row in rows)

    assert titles("assignee=me&overdue=1") == ["Mine, overdue"]
    assert titles(f"department={desk.id}") == ["Mine, due today", "Mine, overdue"]
    assert titles("status=answered") == ["Mine, answered"]
    assert titles("assignee=none") == ["Elsewhere, overdue"]
    assert len(titles("")) == 4


def test_the_export_link_carries_the_filters(client):
    page = client.get("/staff/ideas?status=received&overdue=1").get_data(as_text=True)
    assert 'href="/staff/ideas.csv?status=received&amp;overdue=1"' in page


def test_korean_headers_for_a_korean_reader(app, staff):
    korean = app.test_client()
    korean.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ko"
    login(korean, staff)
    make_idea(due_on=seoul_today() - timedelta(days=1))
    header, row = rows_of(korean.get("/staff/ideas.csv"))
    with force_locale("ko"):
        assert header == export.header()
        overdue = export._yes_no(True)
        received = str(STATUS_LABELS[IdeaStatus.RECEIVED])
    assert "상태" in header and "제목" in header  # already in the Korean catalog
    assert row[header.index("상태")] == received
    assert row[8] == overdue


def test_only_staff_may_download(english_client):
    login(english_client, make_user(Role.MODERATOR))
    assert english_client.get("/staff/ideas.csv").status_code == 403
