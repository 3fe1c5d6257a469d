"""/figures and its CSV files: discoveries counted in SQL by Seoul month, published only
through suppression. Whatever is seeded, no page cell or CSV value shows a count from 1 to 4,
and the oracle of test_suppression finds another table for every hidden value."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import from_seoul, seoul_today
from app.extensions import db
from app.figures.discoveries import by_dong, by_reporter
from app.figures.suppression import PublishedTable
from app.reports.models import ReportAbout, ReportChannel
from tests.factories import login, make_area, make_user
from tests.figures.factories import make_report
from tests.figures.test_suppression import another_table_exists, hidden_entries
from tests.roles import assert_status, expect

YEAR = seoul_today().year
PEOPLE = ("anonymous", "resident", "staff", "admin")


@pytest.fixture
def gu():
    return make_area(level=AreaLevel.GU, name_en="Figures-gu")


def seoul(month: int, day: int = 10, year: int = YEAR) -> datetime:
    return from_seoul(datetime(year, month, day, 12))


@pytest.fixture
def seeded(gu):
    """Dong A: 3 in March (sensitive), 7 in April; dong B: 10 in March, 6 in April; dong C: 2
    in May. Reporters vary so that the reporter table has small cells too."""
    dongs = [make_area(parent=gu, name_en=f"{n}-dong", name_ko=f"{n}동") for n in "ABC"]
    plan = {(0, 3): 3, (0, 4): 7, (1, 3): 10, (1, 4): 6, (2, 5): 2}
    counts: dict[tuple[int, int], int] = {}
    n = 0
    for (dong, month), how_many in plan.items():
        for _ in range(how_many):
            n += 1
            make_report(
                dongs[dong],
                seoul(month, 1 + n % 27),
                about=ReportAbout.SELF if n % 3 == 0 else ReportAbout.NEIGHBOUR,
                channel=ReportChannel.OPEN311 if n % 11 == 0 else ReportChannel.WEB,
            )
        counts[(dong, month)] = how_many
    return gu, dongs, counts


FIGURE_ROUTES = {
    "page": ("GET", "/figures", expect(PEOPLE, 200)),
    "csv of a table": ("GET", "/figures/{slug}.csv", expect(PEOPLE, 200)),
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", FIGURE_ROUTES)
def test_who_gets_what(app, client, gu, route, who):
    make_area(parent=gu)
    role = {"resident": Role.RESIDENT, "staff": Role.STAFF, "admin": Role.ADMIN}.get(who)
    if role is not None:
        login(client, make_user(role))
    method, path, expected = FIGURE_ROUTES[route]
    assert_status(client.get(path.format(slug="discoveries-by-dong")), expected[who])


def test_an_unknown_table_is_not_found(client):
    assert client.get("/figures/nothing.csv").status_code == 404


def test_months_are_seoul_months(gu):
    dong = make_area(parent=gu)
    make_report(dong, datetime(YEAR, 3, 31, 16, 0, tzinfo=UTC))  # 1 April, 01:00 in Seoul
    make_report(dong, datetime(YEAR - 1, 12, 31, 15, 30, tzinfo=UTC))  # New Year in Seoul
    make_report(dong, datetime(YEAR, 12, 31, 15, 30, tzinfo=UTC))  # next year in Seoul
    counts = by_dong(gu, YEAR).counts
    assert counts == {(str(dong.id), "4"): 1, (str(dong.id), "1"): 1}


def test_reporter_types_come_from_channel_neighbour_and_about(gu):
    dong = make_area(parent=gu)
    make_report(dong, seoul(2), channel=ReportChannel.CHECKIN)
    make_report(dong, seoul(2), channel=ReportChannel.OPEN311)
    make_report(dong, seoul(2), from_sharing_neighbour=True)
    make_report(dong, seoul(2), about=ReportAbout.SELF)
    make_report(dong, seoul(2), about=ReportAbout.NEIGHBOUR)
    make_report(dong, seoul(2), about=ReportAbout.NEIGHBOUR)
    assert by_reporter(gu, YEAR).counts == {
        ("missed_checkin", "2"): 1,
        ("partner", "2"): 1,
        ("sharing_neighbour", "2"): 1,
        ("resident_self", "2"): 1,
        ("resident_neighbour", "2"): 2,
    }


def test_only_the_chosen_gu_and_year_are_counted(gu):
    dong = make_area(parent=gu)
    other_gu = make_area(level=AreaLevel.GU)
    make_report(make_area(parent=other_gu), seoul(6))
    make_report(dong, seoul(6, year=YEAR - 1))
    make_report(dong, seoul(6))
    assert by_dong(gu, YEAR).counts == {(str(dong.id), "6"): 1}


def published_from_csv(body: str) -> tuple[list[str], PublishedTable]:
    lines = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    rows = lines[1:-1]

    def value(text: str) -> int | None:
        return None if text == "—" else int(text)

    cells = tuple(tuple(value(v) for v in row[1:-1]) for row in rows)
    return [row[0] for row in rows], PublishedTable(
        cells,
        tuple(value(row[-1]) for row in rows),
        tuple(value(v) for v in lines[-1][1:-1]),
        value(lines[-1][-1]),
    )


def test_the_csv_hides_small_counts_and_nothing_hidden_can_be_worked_out(client, seeded):
    gu, dongs, planned = seeded
    response = client.get(f"/figures/discoveries-by-dong.csv?gu={gu.code}&year={YEAR}&lang=en")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("public")
    labels, published = published_from_csv(response.get_data(as_text=True))
    assert labels == ["A-dong", "B-dong", "C-dong"]
    truth = [[planned.get((d, m), 0) for m in range(1, 13)] for d in range(3)]
    shown = [v for row in published.cells for v in row]
    shown += [*published.row_totals, *published.column_totals, published.grand_total]
    assert not [v for v in shown if v is not None and 0 < v < 5]
    assert published.cells[0][2] is None  # A-dong's 3 in March
    assert published.row_totals[1] == 16  # what no rule hides is published as it is
    assert published.grand_total is None  # else C-dong's 2 = the total less A's and B's
    for target in hidden_entries(published):
        assert another_table_exists(truth, published, target), target
    # The reporter table counts the same reports: alone it would publish the grand total (28)
    # and so C-dong's 2; it hides what the dong table hides.
    response = client.get(f"/figures/discoveries-by-reporter.csv?gu={gu.code}&year={YEAR}")
    _labels, by_reporter = published_from_csv(response.get_data(as_text=True))
    assert by_reporter.grand_total is None
    assert by_reporter.column_totals == published.column_totals


def test_the_page_shows_both_tables_without_a_small_count(client, seeded):
    gu, _dongs, _planned = seeded
    response = client.get(f"/figures?gu={gu.code}&year={YEAR}&lang=en")
    html = response.get_data(as_text=True)
    assert "Discoveries by dong and month" in html
    assert "Discoveries by reporter and month" in html
    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert cells, "the tables are drawn"
    numbers = [int(c.replace(",", "")) for c in cells if c.strip().isdigit()]
    assert not [n for n in numbers if 0 < n < 5]
    assert "not published" in html
    assert response.headers["Cache-Control"].startswith("public")


def test_a_signed_in_page_is_not_kept_by_shared_caches(client, seeded):
    login(client, make_user())
    response = client.get("/figures")
    assert "public" not in response.headers["Cache-Control"]


def test_the_footer_links_the_figures(client):
    assert 'href="/figures"' in client.get("/help").get_data(as_text=True)


def test_both_tables_count_the_same_reports(gu):
    dong = make_area(parent=gu)
    make_report(dong, seoul(7))
    without_dong = make_report(dong, seoul(7))
    without_dong.dong_id = None  # its dong was deleted (ON DELETE SET NULL)
    db.session.flush()
    assert sum(by_dong(gu, YEAR).counts.values()) == 1
    assert sum(by_reporter(gu, YEAR).counts.values()) == 1
