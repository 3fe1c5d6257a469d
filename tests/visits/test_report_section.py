"""A report's staff page lists its visits (linked, with day, kind and outcome) and offers to plan
one in its dong's round, where the report is then chosen already."""

from __future__ import annotations

from app.extensions import db
from app.visits.models import VisitOutcome
from tests.factories import login
from tests.visits.world import build_world


def test_the_report_page_lists_its_visits_and_plans_one_with_the_report_chosen(app):
    world = build_world()
    world.visit.outcome = VisitOutcome.NOT_HOME
    db.session.commit()
    client = app.test_client()
    login(client, world.people["staff_here"])

    page = client.get(f"/staff/reports/{world.report.id}?lang=en").get_data(as_text=True)

    section = page.split("<h2>Visits</h2>", 1)[1].split("<h2>", 1)[0]
    assert f'href="/visits/{world.visit.id}"' in section
    assert "Not at home" in section and world.today.isoformat() in section
    assert f'href="/visits/{world.household_visit.id}"' not in section  # a sweep's, not this one's
    plan = f"/staff/visits/rounds/{world.dong.id}?report={world.report.id}"
    assert plan in section

    round_page = client.get(plan).get_data(as_text=True)
    assert f'<option selected value="{world.report.id}">' in round_page
