"""A Sharing Neighbour's own page lists their reports with the three status words only
(app.reports.neighbour_list fills app.neighbours.reports_hook)."""

from __future__ import annotations

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.reports.models import CrisisType, ReportAbout, ReportStatus, Urgency
from app.reports.services import ReportDetails, change_status, receive_report
from tests.factories import login, make_area, make_user
from tests.neighbours.test_neighbour_pages import make_appointment

WORDS = "Neighbour-List-Marker the man in 401"


def test_a_neighbour_s_page_lists_their_reports_by_status_word(english_client):
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 126.99, 37.58))
    dong = make_area(parent=gu)  # 126.97–126.98, 37.56–37.57
    neighbour = make_user(display_name="Park Postal")
    make_appointment(neighbour, dong)
    staff = make_user(Role.STAFF)
    staff.staff_areas = [gu]
    details = ReportDetails(
        about=ReportAbout.NEIGHBOUR,
        crisis_types=[CrisisType.ISOLATION],
        urgency=Urgency.TODAY,
        what_was_seen=WORDS,
        lon=126.975,
        lat=37.565,
    )
    first = receive_report(details, neighbour).report
    receive_report(details, neighbour)
    change_status(first, staff, ReportStatus.CLOSED, "Visited: fine")

    login(english_client, neighbour)
    page = english_client.get("/neighbours/me").get_data(as_text=True)
    assert page.count("Received") >= 1 and "Closed" in page
    assert WORDS not in page and "Visited" not in page
