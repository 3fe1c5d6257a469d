"""A unique marker typed into every private field of a visit, an amendment and a sweep's
household (through the real forms and the CSV import) is on no public page, and never in plain
text in a raw dump of the database."""

from __future__ import annotations

import io
import itertools
from datetime import timedelta

import pytest
from werkzeug.routing import IntegerConverter

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import seoul_today
from app.extensions import db
from app.visits.models import Sweep, SweepHousehold, Visit
from tests.conftest import RequestIsolatingClient
from tests.factories import login, make_area, make_user
from tests.raw_dump import database_of_its_own, raw_dump

MARKERS = {
    "name": "Household-Name-V1",
    "phone": "010-4242-9191",
    "address": "Address-Secret-V3 눈길로",
    "notes": "List-Note-V4",
    "visit_notes": "Visit-Note-V5",
    "amended": "Amended-Note-V6",
    "reason": "Amend-Reason-V7",
}


def fill_everything(app) -> dict:
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 127.00, 37.58))
    dong = make_area(parent=gu, bounds=(126.97, 37.56, 126.98, 37.57))
    staff = make_user(Role.STAFF, staff_areas=[dong])
    visitor = make_user(Role.OUTREACH_VISITOR, staff_areas=[dong])
    today = seoul_today()
    sweep = Sweep(name="Sweep-Plain", starts_on=today, ends_on=today + timedelta(30))
    sweep.dongs = [dong]
    db.session.add(sweep)
    db.session.commit()
    client = app.test_client()
    login(client, staff)
    m = MARKERS
    line = ",".join([m["name"], m["phone"], m["address"], dong.code, m["notes"]])
    csv_file = f"name,phone,address,dong,notes\n{line}\n"
    yesterday = (today - timedelta(days=1)).isoformat()
    response = client.post(
        f"/staff/sweeps/{sweep.id}/import",
        data={"csv_file": (io.BytesIO(csv_file.encode()), "l.csv"), "planned_on": yesterday},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    visit = db.session.scalars(db.select(Visit)).one()
    visit.visitors = [visitor]
    visit.notes = m["visit_notes"]  # as recorded yesterday
    db.session.commit()
    response = client.post(
        f"/visits/{visit.id}/amend",
        data={"field": "notes", "new_value": m["amended"], "reason": m["reason"]},
    )
    assert response.status_code == 302
    return {"dong": dong, "gu": gu, "sweep": sweep, "visit": visit, "staff": staff}


def get_urls(app, world) -> list[str]:
    ints = sorted({world["visit"].id, world["dong"].id, world["sweep"].id, world["gu"].id, 1})
    strings = [world["dong"].code]
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.rule.startswith("/_"):
            continue
        names = sorted(rule.arguments)
        choices = [
            ints if isinstance(rule._converters[name], IntegerConverter) else strings
            for name in names
        ]
        for values in itertools.product(*choices):
            urls.append(rule.build(dict(zip(names, values, strict=True)), append_unknown=False)[1])
    return urls + [f"/search?q={word}" for word in ("Secret", "4242", "Household")]


@pytest.mark.own_app
def test_no_public_page_and_no_raw_dump_shows_a_private_field(tmp_dir):
    with database_of_its_own(tmp_dir, "_visits_privacy") as app:
        # Each request in an app context of its own, as the suite's app does: a login's user
        # cached in the shared `g` would otherwise follow the next, signed-out client.
        app.test_client_class = RequestIsolatingClient
        world = fill_everything(app)
        db.session.expire_all()  # read what the requests committed
        visit = db.session.get(Visit, world["visit"].id)
        household = db.session.get(SweepHousehold, visit.household_id)
        assert household.name == MARKERS["name"] and visit.notes == MARKERS["amended"]
        db.session.commit()
        dump = raw_dump()
        assert "Sweep-Plain" in dump  # the dump does show plain text
        assert not dump.holding([*MARKERS.values(), "01042429191"])
        people = {"anonymous": app.test_client(), "resident": app.test_client()}
        resident = make_user()
        db.session.commit()
        login(people["resident"], resident)
        leaks, errors, fetched = [], [], 0
        for who, client in people.items():
            for url in get_urls(app, world):
                response = client.get(url, buffered=True)
                fetched += 1
                if response.status_code >= 500:
                    errors.append(f"{url}: {response.status_code}")
                body = response.get_data(as_text=True) + str(response.headers)
                leaks += [f"{s} in {url} ({who})" for s in MARKERS.values() if s in body]
        assert fetched > 100 and not errors, errors
        assert not leaks, "\n".join(leaks[:20])
        # The staff of the dong do see it: the markers were really there to find.
        staff = app.test_client()
        login(staff, world["staff"])
        assert MARKERS["reason"] in staff.get(f"/visits/{visit.id}").get_data(as_text=True)
