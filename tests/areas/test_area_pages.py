"""A gu's and a dong's page: needs and offers by category (open and fulfilled, public pins of
the area only, small need counts withheld), the area's ideas, stories and organisations, and
its outline on a map, read in a fixed number of statements."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from shapely.geometry import shape
from sqlalchemy import event

from app.areas.models import Area, AreaLevel
from app.extensions import db
from app.ideas.models import IdeaStatus
from app.organisations.models import OrganisationStatus
from app.pins.area_figures import Count, area_figures
from app.pins.models import PinKind, PinStatus
from app.stories.models import StoryStatus
from tests.areas.test_areas import GU_FILE, GU_OPTIONS, write_geojson
from tests.factories import make_area, make_category, make_organisation, make_pin, make_user
from tests.ideas.factories import make_idea, support
from tests.stories.factories import make_story

# Small squares east of Seoul's centre, far from the other tests' areas: gu 1 with dong A
# and B side by side, gu 2 with dong C. Each dong is ~1.8 km wide, so a pin in its middle
# has its public grid cell (300 m) inside it too.
GU_1 = (127.00, 37.50, 127.04, 37.52)
DONG_A = (127.00, 37.50, 127.02, 37.52)
DONG_B = (127.02, 37.50, 127.04, 37.52)
GU_2 = (127.10, 37.50, 127.12, 37.52)
DONG_C = (127.10, 37.50, 127.12, 37.52)
IN_A = (127.01, 37.51)
IN_B = (127.03, 37.51)
IN_C = (127.11, 37.51)


@dataclass
class Places:
    gu: Area
    dong_a: Area
    dong_b: Area
    other_gu: Area
    dong_c: Area


@pytest.fixture
def places() -> Places:
    gu = make_area(level=AreaLevel.GU, bounds=GU_1, name_en="First-gu")
    other_gu = make_area(level=AreaLevel.GU, bounds=GU_2, name_en="Second-gu")
    return Places(
        gu=gu,
        dong_a=make_area(bounds=DONG_A, parent=gu, name_en="A-dong"),
        dong_b=make_area(bounds=DONG_B, parent=gu, name_en="B-dong"),
        other_gu=other_gu,
        dong_c=make_area(bounds=DONG_C, parent=other_gu, name_en="C-dong"),
    )


def pin_at(point, kind=PinKind.NEED, status=PinStatus.OPEN, category=None, **fields):
    pin = make_pin(kind=kind, category=category, lon=point[0], lat=point[1], **fields)
    pin.status = status
    db.session.flush()
    return pin


def counts(rows) -> dict[str, tuple[int, int]]:
    return {row.category.slug: (row.open.value, row.fulfilled.value) for row in rows}


@pytest.fixture
def exact_counts(app, monkeypatch):
    """No withholding (k = 1): the tests of what is counted read every number."""
    monkeypatch.setitem(app.config, "NEED_TEXT_MIN_NEIGHBOURS", 1)


def test_figures_count_open_and_fulfilled_needs_and_offers_per_category(app, places, exact_counts):
    food, heating = make_category(slug="food"), make_category(slug="heating")
    for status in (PinStatus.OPEN, PinStatus.OPEN, PinStatus.MATCHED, PinStatus.FULFILLED):
        pin_at(IN_A, status=status, category=food)
    pin_at(IN_A, category=heating, status=PinStatus.FULFILLED)
    pin_at(IN_A, kind=PinKind.OFFER, category=food)
    pin_at(IN_A, kind=PinKind.OFFER, category=food, status=PinStatus.FULFILLED)
    pin_at(IN_A, kind=PinKind.OFFER, category=food, status=PinStatus.FULFILLED)

    figures = area_figures(places.dong_a)

    assert counts(figures.needs) == {"food": (3, 1), "heating": (0, 1)}
    assert counts(figures.offers) == {"food": (1, 2)}


def test_figures_count_only_public_pins_of_the_area(app, places, exact_counts):
    food = make_category(slug="food")
    pin_at(IN_A, category=food)  # the one that counts for dong A
    pin_at(IN_B, category=food)  # the gu's other dong
    pin_at(IN_C, category=food)  # another gu
    pin_at(IN_A, category=food, status=PinStatus.WITHDRAWN)
    pin_at(IN_A, category=food, status=PinStatus.EXPIRED)
    overdue = pin_at(IN_A, category=food)
    overdue.expires_at = overdue.created_at.replace(year=2000)
    unlisted = pin_at(IN_A, kind=PinKind.OFFER, category=food)
    unlisted.listed = False  # an "I can help" offer
    db.session.flush()

    assert counts(area_figures(places.dong_a).needs) == {"food": (1, 0)}
    assert area_figures(places.dong_a).offers == []
    assert counts(area_figures(places.dong_b).needs) == {"food": (1, 0)}
    assert counts(area_figures(places.gu).needs) == {"food": (2, 0)}  # both its dong
    assert counts(area_figures(places.other_gu).needs) == {"food": (1, 0)}


def test_a_need_counts_in_the_area_of_its_public_cell_not_of_its_exact_point(app, exact_counts):
    """The cell's centre decides, as everywhere in public: counting by the exact point would
    tell on which side of a boundary a need in a straddling cell is."""
    food = make_category(slug="food")
    west = make_area(bounds=(127.00, 37.50, 127.02, 37.52))
    east = make_area(bounds=(127.02, 37.50, 127.04, 37.52))
    need = pin_at((127.0201, 37.51), category=food)  # exact point just inside the east dong
    assert need.dong_id == east.id
    public_dong = west if need.public_lon < 127.02 else east

    assert counts(area_figures(public_dong).needs) == {"food": (1, 0)}
    other = east if public_dong is west else west
    assert area_figures(other).needs == []


def test_small_need_counts_are_withheld_and_offers_are_exact(app, places):
    assert app.config["NEED_TEXT_MIN_NEIGHBOURS"] == 3
    food, heating = make_category(slug="food"), make_category(slug="heating")
    pin_at(IN_A, category=food, status=PinStatus.FULFILLED)
    for _ in range(3):
        pin_at(IN_A, category=heating)
    pin_at(IN_A, kind=PinKind.OFFER, category=food)

    figures = area_figures(places.dong_a)

    by_slug = {row.category.slug: row for row in figures.needs}
    assert by_slug["food"].fulfilled == Count(1, withheld=True)
    assert by_slug["food"].open == Count(0)  # none is no one
    assert by_slug["heating"].open == Count(3)
    assert figures.offers[0].open == Count(1)


def page(client, area: Area) -> str:
    response = client.get(f"/areas/{area.code}?lang=en")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def table_rows(html: str, table_id: str) -> dict[str, list[str]]:
    table = re.search(rf'<table id="{table_id}".*?</table>', html, re.S)
    assert table, f"no table {table_id}"
    rows = re.findall(r'<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>', table.group(0), re.S)
    return {name: re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S) for name, cells in rows}


def test_the_dong_page_shows_the_tables_with_a_caption_and_withheld_counts(client, places):
    food = make_category(slug="food", name_en="Food")
    pin_at(IN_A, category=food, status=PinStatus.FULFILLED)
    for _ in range(4):
        pin_at(IN_A, category=food)
    pin_at(IN_A, kind=PinKind.OFFER, category=food, status=PinStatus.FULFILLED)
    pin_at(IN_B, category=food)  # the neighbouring dong's

    html = page(client, places.dong_a)

    assert table_rows(html, "area-needs") == {"Food": ["4", "fewer than 3"]}
    assert table_rows(html, "area-offers") == {"Food": ["0", "1"]}
    assert "<caption>Needs in this area by category: open and fulfilled</caption>" in html
    assert "without the map" in html  # the map's description names its list alternative


def test_the_gu_page_lists_ideas_stories_and_organisations_of_its_dong(client, places):
    near = make_idea(title="Heated shelter in A-dong", area=places.dong_a)
    make_idea(title="Gu-wide idea", area=places.gu, status=IdeaStatus.UNDER_REVIEW)
    make_idea(title="Idea of another gu", area=places.dong_c)
    support(near)
    make_story(title="Winter help in B-dong", area=places.dong_b)
    make_story(title="Hidden story", area=places.dong_b, status=StoryStatus.HIDDEN)
    make_story(title="Story of another gu", area=places.dong_c)
    based = make_organisation(name_en="Based in A", area=places.dong_a)
    giver = make_user()
    serving = make_organisation(giver, name_en="Serves B")  # based nowhere, offers help in B
    make_pin(giver, kind=PinKind.OFFER, organisation=serving, lon=IN_B[0], lat=IN_B[1])
    make_organisation(name_en="Not verified", area=places.dong_a, status=OrganisationStatus.PENDING)
    make_organisation(name_en="Elsewhere", area=places.dong_c)
    db.session.flush()

    html = page(client, places.gu)

    ideas = html.split('id="area-ideas-heading"')[1].split("</section>")[0]
    assert "Heated shelter in A-dong" in ideas and "Gu-wide idea" in ideas
    assert "Idea of another gu" not in html
    assert "1 support" in ideas
    counts_list = re.search(r'<dl class="facts" id="area-idea-counts">(.*?)</dl>', html, re.S)
    assert re.findall(r"<dd>(.*?)</dd>", counts_list.group(1)) == ["2", "1", "1", "0"]
    stories = html.split('id="area-stories-heading"')[1].split("</section>")[0]
    assert "Winter help in B-dong" in stories
    assert "Hidden story" not in html and "Story of another gu" not in html
    organisations = html.split('id="area-organisations"')[1].split("</ul>")[0]
    assert "Based in A" in organisations and "based here" in organisations
    assert "Serves B" in organisations and "offers help here" in organisations
    assert "Not verified" not in html and "Elsewhere" not in html
    assert based.name_en in organisations


def test_a_dong_page_leaves_out_its_neighbours(client, places):
    make_idea(title="Idea of B-dong", area=places.dong_b)
    make_story(title="Story of B-dong", area=places.dong_b)
    make_organisation(name_en="Based in B", area=places.dong_b)

    html = page(client, places.dong_a)

    assert "Idea of B-dong" not in html and "Story of B-dong" not in html
    assert "Based in B" not in html
    assert "No ideas from this area yet." in html
    assert "No needs in this area yet." in html


def outline_of(html: str) -> dict:
    config = re.search(
        r'<script type="application/json" id="area-map-config"[^>]*>(.*?)</script>', html, re.S
    )
    assert config, "no map configuration"
    return json.loads(config.group(1))


def test_the_page_draws_the_outline_and_puts_no_pin_in_the_page(client, places):
    secret = pin_at(IN_A, title="Secret title of a need")
    html = page(client, places.dong_a)

    config = outline_of(html)
    outline = shape(config["outline"]["geometry"])
    assert outline.equals(
        shape(
            {
                "type": "Polygon",
                "coordinates": [
                    [
                        [DONG_A[0], DONG_A[1]],
                        [DONG_A[2], DONG_A[1]],
                        [DONG_A[2], DONG_A[3]],
                        [DONG_A[0], DONG_A[3]],
                        [DONG_A[0], DONG_A[1]],
                    ]
                ],
            }
        )
    )
    assert config["outline"]["properties"]["name"] == "A-dong"
    assert "Secret title of a need" not in html
    for value in (secret.public_lon, secret.public_lat):
        assert str(value) not in html
    assert "leaflet/leaflet.js" in html  # our own copy of Leaflet, from no CDN
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html


def statements_of(client, path: str) -> int:
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def add_some_of_everything(places: Places) -> None:
    category = make_category()
    for kind in PinKind:
        pin_at(IN_A, kind=kind, category=category)
        pin_at(IN_B, kind=kind, category=category, status=PinStatus.FULFILLED)
    make_idea(area=places.dong_a, category=category)
    make_story(area=places.dong_b, category=category)
    make_organisation(area=places.dong_a)


@pytest.mark.parametrize("level", ["gu", "dong"])
def test_the_page_reads_the_same_number_of_statements_however_many_categories(
    client, places, level
):
    area = places.gu if level == "gu" else places.dong_a
    add_some_of_everything(places)
    db.session.flush()
    few = statements_of(client, f"/areas/{area.code}")
    for _ in range(5):
        add_some_of_everything(places)
    db.session.flush()

    assert statements_of(client, f"/areas/{area.code}") == few


@pytest.mark.seoul_data
def test_a_real_gu_page_draws_its_real_outline(app, client, seoul_data, tmp_path):
    gu_features = json.loads((seoul_data / GU_FILE).read_text(encoding="utf-8"))["features"]
    jongno = next(f for f in gu_features if f["properties"]["SIG_CD"] == "11110")
    one_gu = write_geojson(tmp_path, [jongno], "jongno.geojson")
    arguments = ["areas", "import", str(one_gu), *GU_OPTIONS.split()]
    result = app.test_cli_runner().invoke(args=arguments)
    assert result.exit_code == 0, result.output

    html = client.get("/areas/11110?lang=en").get_data(as_text=True)

    drawn = shape(outline_of(html)["outline"]["geometry"])
    real = shape(jongno["geometry"])
    # Simplified to ~10 m: the same place, nearly the same area.
    assert drawn.symmetric_difference(real).area < 0.01 * real.area
    assert "Jongno-gu" in html
