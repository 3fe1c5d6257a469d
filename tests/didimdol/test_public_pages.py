"""Didimdol's public pages: open to everyone (the role x route table); the ledger's counts and
values by gu and month are published only through suppression, on the page and in the CSV;
the directory and the ledger name no beneficiary and no facility."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from math import gcd

import pytest

from app.areas.models import AreaLevel
from app.clock import from_seoul, seoul_today
from app.didimdol.models import DonationRecord, PledgeKind
from app.didimdol.public_ledger import redemptions
from app.didimdol.redemption import redeem
from app.extensions import db
from app.figures.suppression import PublishedTable
from app.geo import from_db_geometry
from tests.didimdol.world import (
    FACILITY_MARKER,
    NAME_MARKER,
    PHONE_MARKER,
    build_world,
    issue,
    make_enrolment,
    make_pledge,
)
from tests.factories import login, make_area
from tests.figures.test_suppression import another_table_exists, hidden_entries
from tests.roles import assert_status, expect

YEAR = seoul_today().year
PEOPLE = (
    "anonymous",
    "resident",
    "admin",
    "staff",
    "programme_officer",
    "donor_rep",
    "facility_officer",
)
PUBLIC = expect(PEOPLE, 200)

ROUTES = {
    "directory": ("GET", "/didimdol/donors", PUBLIC),
    "join": ("GET", "/didimdol/join", PUBLIC),
    "ledger": ("GET", "/didimdol/ledger", PUBLIC),
    "ledger csv": ("GET", "/didimdol/ledger/{slug}.csv", PUBLIC),
    "donor places (map layer)": ("GET", "/didimdol/donors.geojson", PUBLIC),
}


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def client(english_client):
    return english_client


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    path = template.format(slug="redemptions")
    assert_status(client.open(path, method=method), expected[who])


def test_an_unknown_ledger_table_is_not_found(client):
    assert client.get("/didimdol/ledger/nothing.csv").status_code == 404


def test_the_directory_shows_published_pledges_with_what_is_left_and_no_one_in_need(client, world):
    redeemed = issue(world)
    redeem(redeemed.code, "", world.enrolment, world.people["donor_staff"])
    issue(world)
    db.session.commit()
    pages = [client.get(p).get_data(as_text=True) for p in ("/didimdol/donors", "/didimdol/ledger")]
    pages += [
        client.get(f"/didimdol/ledger/{s}.csv").get_data(as_text=True)
        for s in ("redemptions", "redemption-values")
    ]
    directory = pages[0]
    assert world.enrolment.organisation.name_en in directory
    assert world.dong.name_en in directory
    assert "this month: 8 of 10 left" in directory
    for page in pages:
        for marker in (NAME_MARKER, PHONE_MARKER, FACILITY_MARKER, world.enrolment.business_number):
            assert marker not in page


def test_a_donor_with_nothing_published_or_not_approved_is_not_listed(client, world):
    from app.didimdol.models import EnrolmentStatus

    world.enrolment.status = EnrolmentStatus.SUSPENDED
    db.session.commit()
    assert world.enrolment.organisation.name_en not in client.get("/didimdol/donors").get_data(
        as_text=True
    )


# --- the ledger's suppression ------------------------------------------------------------------

# (gu, month) -> redemptions, as in the figures page's seed: small cells in a row, a column and
# a total of their own.
PLAN = {(0, 3): 3, (0, 4): 7, (1, 3): 10, (1, 4): 6, (2, 5): 2}
UNIT_VALUES = (10_000, 15_000)


@pytest.fixture
def seeded(world):
    gus = [make_area(level=AreaLevel.GU, name_en=f"Ledger-{n}-gu") for n in "ABC"]
    voucher = issue(world).voucher
    counts: dict[tuple[int, int], int] = {}
    values: dict[tuple[int, int], int] = {}
    for g, gu in enumerate(gus):
        dong = make_area(parent=gu)
        enrolment = make_enrolment(None, area=dong)
        pledges = [
            make_pledge(enrolment, world.category, dong, unit_value=v, kind=PledgeKind.GOODS)
            for v in UNIT_VALUES
        ]
        for (row, month), how_many in PLAN.items():
            if row != g:
                continue
            for n in range(how_many):
                pledge = pledges[n % 2]
                db.session.add(
                    DonationRecord(
                        at=from_seoul(datetime(YEAR, month, 1 + n, 12)),
                        enrolment_id=enrolment.id,
                        pledge_id=pledge.id,
                        voucher_id=voucher.id,
                        kind=pledge.kind,
                        units=1,
                        unit_value=pledge.unit_value,
                        value=pledge.unit_value,
                    )
                )
                values[(g, month)] = values.get((g, month), 0) + pledge.unit_value
            counts[(g, month)] = how_many
    db.session.commit()
    return gus, counts, values


def _from_csv(text: str, row_names: list[str]) -> tuple[PublishedTable, list[list[str]]]:
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    body = {line[0]: line[1:] for line in lines[1:]}

    def value(cell: str) -> int | None:
        return None if cell == "—" else int(cell)

    rows = [body[name] for name in row_names]
    totals = lines[-1][1:]
    return (
        PublishedTable(
            cells=tuple(tuple(value(c) for c in row[:-1]) for row in rows),
            row_totals=tuple(value(row[-1]) for row in rows),
            column_totals=tuple(value(c) for c in totals[:-1]),
            grand_total=value(totals[-1]),
        ),
        lines,
    )


def _true_table(gus, found, names, all_names) -> list[list[int]]:
    index = {gu.name_en: g for g, gu in enumerate(gus)}
    return [
        [found.get((index[name], m), 0) if name in index else 0 for m in range(1, 13)]
        for name in all_names
    ]


def test_the_ledger_page_and_csv_hide_small_counts_and_nothing_hidden_can_be_worked_out(
    client, seeded
):
    gus, counts, values = seeded
    names = [gu.name_en for gu in gus]
    count_csv = client.get(f"/didimdol/ledger/redemptions.csv?year={YEAR}").get_data(as_text=True)
    value_csv = client.get(f"/didimdol/ledger/redemption-values.csv?year={YEAR}").get_data(
        as_text=True
    )
    all_names = [line[0] for line in list(csv.reader(io.StringIO(count_csv)))[1:-1]]
    published_counts, lines = _from_csv(count_csv, all_names)
    published_values, _ = _from_csv(value_csv, all_names)

    shown = [v for line in lines[1:] for v in line[1:] if v != "—"]
    assert not [v for v in shown if 0 < int(v) < 5]
    assert published_counts.cells[all_names.index(names[0])][2] is None  # the 3 in March
    assert published_counts.has_suppressed
    # The values are hidden exactly where the counts are.
    for count_row, value_row in zip(published_counts.cells, published_values.cells, strict=True):
        assert [c is None for c in count_row] == [v is None for v in value_row]
    assert [t is None for t in published_counts.row_totals] == [
        t is None for t in published_values.row_totals
    ]
    assert [t is None for t in published_counts.column_totals] == [
        t is None for t in published_values.column_totals
    ]

    true_counts = _true_table(gus, counts, names, all_names)
    for target in hidden_entries(published_counts):
        assert another_table_exists(true_counts, published_counts, target), target
    # Values in steps of the units' greatest common divisor: any other integer table of those
    # steps is another possible set of values.
    step = gcd(*UNIT_VALUES)
    true_values = [[v // step for v in row] for row in _true_table(gus, values, names, all_names)]
    scaled = _scaled(published_values, step)
    for target in hidden_entries(scaled):
        assert another_table_exists(true_values, scaled, target), target

    page = client.get(f"/didimdol/ledger?year={YEAR}").get_data(as_text=True)
    section = page.split('id="ledger-redemptions"')[1].split("</section>")[0]
    cells = re.findall(r"<td>([\d,]+)</td>", section)
    assert cells and not [c for c in cells if 0 < int(c.replace(",", "")) < 5]
    assert section.count("not published") == sum(
        1 for row in published_counts.cells for v in row if v is None
    ) + sum(1 for v in published_counts.row_totals if v is None) + sum(
        1 for v in published_counts.column_totals if v is None
    ) + (published_counts.grand_total is None)


def _scaled(table: PublishedTable, step: int) -> PublishedTable:
    def s(v: int | None) -> int | None:
        return None if v is None else v // step

    return PublishedTable(
        cells=tuple(tuple(s(v) for v in row) for row in table.cells),
        row_totals=tuple(s(v) for v in table.row_totals),
        column_totals=tuple(s(v) for v in table.column_totals),
        grand_total=s(table.grand_total),
    )


def test_a_reversed_redemption_is_not_counted(world):
    from app.didimdol.redemption import reverse

    world.enrolment.organisation.area = world.dong  # the barber's shop is in the world's gu
    done = [issue(world) for _ in range(5)]
    for issued in done:
        redeem(issued.code, "", world.enrolment, world.people["donor_staff"])
    db.session.commit()

    def this_month() -> int | None:
        table = redemptions(YEAR)
        row = [code for code, _name in table.rows].index(world.dong.parent.code)
        return table.counts.cells[row][seoul_today().month - 1]

    assert this_month() == 5
    reverse(done[0].voucher, "the wrong service", world.enrolment, world.people["donor_staff"])
    db.session.commit()
    assert this_month() is None  # 4: too few to publish


def test_the_map_layer_places_donors_at_their_area_and_names_no_one_in_need(client, world):
    from shapely.geometry import Point

    from app.geo import from_db_geometry

    world.enrolment.organisation.area = world.dong
    issue(world)
    db.session.commit()
    answer = client.get("/didimdol/donors.geojson")
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    (feature,) = answer.get_json()["features"]  # the other donor has no pledge published
    assert feature["properties"]["name"] == world.enrolment.organisation.name_en
    assert "A haircut" in feature["properties"]["lines"]
    point = Point(*feature["geometry"]["coordinates"])
    assert from_db_geometry(world.dong.geom).buffer(1e-4).contains(point)
    for marker in (NAME_MARKER, PHONE_MARKER, FACILITY_MARKER, world.enrolment.business_number):
        assert marker not in text

    page = client.get("/map").get_data(as_text=True)
    assert "/didimdol/donors.geojson" in page  # the layer, in the map's script settings
    assert 'href="/didimdol/donors"' in page  # and its list, for those not using the map


def test_a_donor_with_its_own_place_is_drawn_there_like_its_pledge_pins(client, world):
    from app.didimdol.pin_models import DonorPlace

    world.enrolment.organisation.area = world.dong
    issue(world)
    minx, miny, maxx, maxy = from_db_geometry(world.dong.geom).bounds
    shop = [round(minx + (maxx - minx) * 0.1, 5), round(miny + (maxy - miny) * 0.1, 5)]
    db.session.add(DonorPlace(enrolment_id=world.enrolment.id, lon=shop[0], lat=shop[1]))
    db.session.commit()
    (feature,) = client.get("/didimdol/donors.geojson").get_json()["features"]
    assert feature["geometry"]["coordinates"] == shop  # not the area's inner point


def test_the_directory_shows_a_standing_signboard_s_number_and_not_a_revoked_one(client, world):
    from app.clock import utcnow
    from app.didimdol.receipts_models import Signboard

    issue(world)
    signboard = Signboard(number=77, enrolment_id=world.enrolment.id)
    db.session.add(signboard)
    db.session.commit()
    directory = client.get("/didimdol/donors?lang=en").get_data(as_text=True)
    assert "Didimdol sharing shop No. 77" in directory
    signboard.revoked_at = utcnow()
    db.session.commit()
    directory = client.get("/didimdol/donors?lang=en").get_data(as_text=True)
    assert "No. 77" not in directory
