"""Outreach visits by outcome on /figures: counted by the visit's day, only once recorded, only
in the chosen gu and year, and published with the small counts hidden like every table."""

from __future__ import annotations

import csv
import io
from datetime import date

from app.areas.models import AreaLevel
from app.clock import seoul_today
from app.extensions import db
from app.figures.visits import by_outcome
from app.visits.models import VisitOutcome
from tests.factories import make_area
from tests.visits.world import make_report, make_visit

YEAR = seoul_today().year - 1  # a whole past year: every visit in it is recorded already


def visit(dong, day: date, **fields):
    return make_visit(dong, day, report=make_report(dong), **fields)


def test_recorded_visits_count_by_outcome_and_month_of_their_day_in_the_chosen_gu_and_year():
    gu = make_area(level=AreaLevel.GU)
    dong = make_area(parent=gu)
    elsewhere = make_area(parent=make_area(level=AreaLevel.GU))
    for _ in range(6):
        visit(dong, date(YEAR, 3, 31), outcome=VisitOutcome.NOT_HOME)
    visit(dong, date(YEAR, 4, 1), outcome=VisitOutcome.MET_AND_ASSESSED)
    visit(dong, date(YEAR, 4, 2))  # planned, never recorded
    visit(dong, date(YEAR + 1, 1, 1), outcome=VisitOutcome.NOT_HOME)  # the next year
    visit(elsewhere, date(YEAR, 3, 2), outcome=VisitOutcome.NOT_HOME)  # another gu
    db.session.flush()

    table = by_outcome(gu, YEAR)

    assert table.counts == {("not_home", "3"): 6, ("met_and_assessed", "4"): 1}
    assert [key for key, _ in table.rows] == [outcome.value for outcome in VisitOutcome]


def test_the_visits_csv_publishes_six_and_hides_the_lone_visit(client):
    gu = make_area(level=AreaLevel.GU)
    dong = make_area(parent=gu)
    for _ in range(6):
        visit(dong, date(YEAR, 3, 31), outcome=VisitOutcome.NOT_HOME)
    visit(dong, date(YEAR, 4, 1), outcome=VisitOutcome.MET_AND_ASSESSED)
    db.session.commit()

    response = client.get(f"/figures/visits-by-outcome.csv?gu={gu.id}&year={YEAR}")

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row[1:]]
    assert "6" in cells and "1" not in cells
    page = client.get(f"/figures?gu={gu.id}&year={YEAR}").get_data(as_text=True)
    assert "visits-by-outcome" in page
