"""No query per row: each main page runs as many SQL statements with 2N rows to show as with N.

A page that loads a related row one by one (a proposal's decision, a card's area) grows by a
statement per row, which at city scale is a page of hundreds of round trips. Each test fills
the page with N rows, counts the statements of one request, adds N more rows and counts again.
The rows differ in what a page would load per row (their own category, area, organisation),
so a lazy load cannot hide behind a shared object.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from sqlalchemy import event

from app.accounts.models import Role
from app.areas.models import Area, AreaLevel
from app.cache import cache
from app.contests.states import ContestPhase, ProposalStatus
from app.extensions import db
from app.main.services import HOME_FIGURES_KEY
from app.pins.models import PinKind
from tests.contests.factories import decide, make_contest, make_proposal, set_phase
from tests.factories import (
    add_member,
    login,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
)
from tests.ideas.factories import make_idea, support
from tests.notifications.test_notifications import make_notification
from tests.stories.factories import add_photo, make_story

N = 3
# Inside the gu's box: pins placed here are served (tests.factories.served_dong_at).
LON, LAT = 126.975, 37.565


class StatementCounter:
    """Counts the statements sent to the database while it is open."""

    def __init__(self) -> None:
        self.count = 0

    def _seen(self, *args) -> None:
        self.count += 1

    def __enter__(self) -> StatementCounter:
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(db.engine, "before_cursor_execute", self._seen)


def statements_of(client, path: str) -> int:
    with StatementCounter() as counter:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return counter.count


def assert_flat(client, path: str | Callable[[], str], add_rows: Callable[[int], object]) -> None:
    """The statements of `path` with N rows equal those with 2N rows."""
    add_rows(N)
    where = path if isinstance(path, str) else path()
    client.get(where)  # caches of the process (labels, areas) are warm for both counts
    few = statements_of(client, where)
    add_rows(N)
    client.get(where)  # new areas change the kept filter choices' version: warm them again
    many = statements_of(client, where)
    assert many == few, f"{where}: {few} statements with {N} rows, {many} with {2 * N}"


@pytest.fixture
def gu() -> Area:
    return make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 126.99, 37.58))


def _pins(gu: Area) -> Callable[[int], None]:
    def add(count: int) -> None:
        for n in range(count):
            make_area(parent=gu, bounds=(126.96, 37.55, 126.99, 37.58))
            organisation = make_organisation()
            author = make_user(Role.ORG_MEMBER)
            add_member(organisation, author)
            make_pin(author=author, category=make_category(), lon=LON, lat=LAT)
            make_pin(
                author=author,
                kind=PinKind.OFFER,
                category=make_category(),
                organisation=organisation,
                lon=LON + 0.001 * n,
                lat=LAT,
            )

    return add


def _stories(gu: Area) -> Callable[[int], None]:
    def add(count: int) -> None:
        for _ in range(count):
            story = make_story(area=make_area(parent=gu), category=make_category(), featured=True)
            add_photo(story, alt_text="A photo")

    return add


def _ideas(count: int) -> None:
    for _ in range(count):
        idea = make_idea(category=make_category())
        support(idea)


# --- public pages --------------------------------------------------------------------------------


def test_home(client, gu):
    def add(count: int) -> None:
        _pins(gu)(count)
        _stories(gu)(count)
        _ideas(count)

    assert_flat(client, "/", add)


def test_the_pin_list(client, gu):
    assert_flat(client, "/pins", _pins(gu))


def test_the_pin_list_filtered_and_sorted(client, gu):
    assert_flat(client, "/pins?status=active&sort=expiring", _pins(gu))


def test_a_pin_page(client, gu):
    pin = make_pin(lon=LON, lat=LAT)
    assert_flat(client, f"/pins/{pin.id}", _pins(gu))


def test_the_ideas(client):
    assert_flat(client, "/ideas", _ideas)


def test_the_stories_and_their_feed(client, gu):
    assert_flat(client, "/stories", _stories(gu))
    assert_flat(client, "/stories/feed.atom", _stories(gu))


def test_the_areas_and_a_gu_page(client, gu):
    def add(count: int) -> None:
        _pins(gu)(count)
        _stories(gu)(count)

    assert_flat(client, "/areas", add)
    assert_flat(client, f"/areas/{gu.code}", add)


def test_the_contests(client):
    def add(count: int) -> None:
        for _ in range(count):
            make_contest(ContestPhase.OPEN, target_areas=[make_area()])

    assert_flat(client, "/contests", add)


def _funded_projects(contest) -> Callable[[int], None]:
    def add(count: int) -> None:
        for _ in range(count):
            gu = make_area(level=AreaLevel.GU)
            proposal = make_proposal(
                contest,
                status=ProposalStatus.SUBMITTED,
                target_areas=[make_area(parent=gu), make_area(parent=gu)],
            )
            decide(proposal, True, 1_000_000)
            turned_down = make_proposal(contest, status=ProposalStatus.SUBMITTED)
            decide(turned_down, False)

    return add


def test_the_results_of_a_contest_and_their_map(client):
    contest = make_contest(ContestPhase.REVIEW)
    set_phase(contest, ContestPhase.RESULTS)
    assert_flat(client, f"/contests/{contest.id}/results", _funded_projects(contest))
    assert_flat(client, f"/api/contests/{contest.id}/funded-areas", _funded_projects(contest))


def test_the_staff_preview_of_results(client):
    contest = make_contest(ContestPhase.REVIEW)
    login(client, make_user(Role.ADMIN))
    assert_flat(client, f"/contests/{contest.id}/results", _funded_projects(contest))


# --- signed-in pages -----------------------------------------------------------------------------


def test_the_notifications(client):
    person = make_user()
    login(client, person)

    def add(count: int) -> None:
        for _ in range(count):
            make_notification(person)

    assert_flat(client, "/notifications", add)


def test_the_staff_inbox(client, gu):
    dong = make_area(parent=gu, bounds=(126.96, 37.55, 126.99, 37.58))
    login(client, make_user(Role.STAFF, staff_areas=[gu]))

    def add(count: int) -> None:
        for _ in range(count):
            make_pin(category=make_category(), lon=LON, lat=LAT)
        _reports(dong, count)

    assert_flat(client, "/staff/inbox", add)


def _reports(dong: Area, count: int) -> None:
    from app.clock import utcnow
    from tests.figures.factories import make_report

    for _ in range(count):
        make_report(dong, utcnow())


def test_the_didimdol_donor_directory(client, gu):
    from tests.didimdol.world import make_enrolment, make_pledge

    def add(count: int) -> None:
        for _ in range(count):
            enrolment = make_enrolment(make_user(Role.ORG_MEMBER))
            make_pledge(enrolment, make_category(), make_area(parent=gu))

    assert_flat(client, "/didimdol/donors", add)


# --- what a page keeps instead of reading again ---------------------------------------------


class RecordedStatements(StatementCounter):
    """StatementCounter that keeps each statement's text."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def _seen(self, conn, cursor, statement, *args) -> None:
        super()._seen()
        self.texts.append(" ".join(statement.split()).lower())


def statements_sent(client, path: str) -> list[str]:
    with RecordedStatements() as recorded:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return recorded.texts


def test_home_counts_its_figures_once_a_minute_not_per_visit(client, gu, monkeypatch):
    # At 100,000 pins the statements of home grew from 5 to 9, one of them a count over every
    # active pin (bench/README.md, issue 16): the figures are kept (app.main.services).
    monkeypatch.setitem(client.application.config, "HOME_FIGURES_CACHE_SECONDS", 60)
    cache().delete(HOME_FIGURES_KEY)
    _pins(gu)(N)
    client.get("/")
    counts = [s for s in statements_sent(client, "/") if "count(" in s]
    assert counts == []
    cache().delete(HOME_FIGURES_KEY)


@pytest.mark.parametrize("path", ["/pins", "/ideas", "/map"])
def test_the_filters_read_the_areas_version_not_every_area(client, gu, path):
    for _ in range(N):
        make_area(parent=gu)
    client.get(path)
    from_areas = [
        s
        for s in statements_sent(client, path)
        if " from areas" in s and "areas.geom" not in s  # the map's extent: one aggregate
    ]
    assert len(from_areas) == 1, from_areas  # count, max(id), max(updated_at)


def test_an_area_page_keeps_its_figures_for_a_minute(client, gu, monkeypatch):
    # At a million pins a gu's page took 246 ms, most of it four counts (by category, the
    # organisations, the ideas by stage): they are kept (app.cache.kept), the lists are not.
    monkeypatch.setitem(client.application.config, "AREA_FIGURES_CACHE_SECONDS", 60)
    keys = [f"area:{gu.id}:{name}" for name in ("pin-figures", "organisations", "idea-figures")]
    for key in keys:
        cache().delete(key)
    try:
        _pins(gu)(N)
        first = client.get(f"/areas/{gu.code}").get_data(as_text=True)
        grouped = [s for s in statements_sent(client, f"/areas/{gu.code}") if "group by" in s]
        second = client.get(f"/areas/{gu.code}").get_data(as_text=True)
    finally:
        for key in keys:
            cache().delete(key)
    assert grouped == []
    figures = re.compile(r'<section[^>]*aria-labelledby="area-figures-heading".*?</section>', re.S)
    assert figures.search(first) and figures.search(first).group() == figures.search(second).group()
