"""No public output gives a report away: a unique marker typed into every text field (and the
photo's file name) is found on no page, API answer, export or feed, for anyone but the dong's
staff; nor in plain text in a raw dump of the database."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select, text
from werkzeug.routing import IntegerConverter

from app import create_app
from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.extensions import db
from app.reports.models import Report
from app.reports.tracking import normalise_code
from tests.conftest import _test_database_url, reset_and_migrate
from tests.factories import login, make_area, make_user

AT = (126.97537, 37.56521)
MARKERS = {
    "what_was_seen": "Seen-Secret-R1 the lady in 302",
    "person_name": "김비밀 Name-Secret-R2",
    "person_phone": "010-4242-7777",
    "reporter_contact": "Contact-Secret-R3@example.org",
}
PHOTO_NAME = "Photo-Name-Secret-R4.jpg"
NOTE = "Note-Secret-R5 visited"
POINT_SPELLINGS = ("126.97537", "37.56521", "126.9754", "37.5652")


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def report_data() -> dict:
    return {
        "about": "neighbour",
        "crisis_types": ["heating", "debt"],
        "urgency": "today",
        "longitude": str(AT[0]),
        "latitude": str(AT[1]),
        **MARKERS,
        "photo": (io.BytesIO(jpeg()), PHOTO_NAME),
    }


@pytest.fixture
def reported(app):
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 127.00, 37.58))
    dong = make_area(parent=gu, bounds=(126.97, 37.56, 126.98, 37.57))
    reporter = make_user()
    client = app.test_client()
    login(client, reporter)
    response = client.post("/reports/new", data=report_data(), content_type="multipart/form-data")
    assert response.status_code == 200
    report = db.session.scalars(select(Report)).one()
    staff = app.test_client()
    login(staff, make_user(Role.STAFF, staff_areas=[dong]))
    staff.post(f"/staff/reports/{report.id}/status", data={"status": "in_review", "note": NOTE})
    return {"report": report, "dong": dong, "gu": gu, "reporter": reporter}


def every_get_url(app, world) -> list[str]:
    ints = sorted({world["report"].id, world["dong"].id, world["gu"].id, 1})
    strings = [world["dong"].code, world["gu"].code]
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
    box = "126.9,37.5,127.1,37.6"
    urls += [f"/api/pins?bbox={box}&zoom={z}" for z in (10, 14, 18)]
    urls += [f"/search?q={word}" for word in ("Secret", "302", "4242")]
    return urls


def test_no_public_output_gives_a_report_away(app, reported):
    visitors = {"anonymous": app.test_client(), "resident": app.test_client()}
    login(visitors["resident"], make_user())
    secrets = (*MARKERS.values(), PHOTO_NAME, NOTE, *POINT_SPELLINGS)
    leaks, server_errors, fetched = [], [], 0
    for who, client in visitors.items():
        for url in every_get_url(app, reported):
            response = client.get(url, buffered=True)
            fetched += 1
            if response.status_code >= 500:
                server_errors.append(f"{url}: {response.status_code}")
            body = response.get_data(as_text=True) + str(response.headers)
            leaks += [f"{secret} in {url} ({who})" for secret in secrets if secret in body]
    assert fetched > 100 and not server_errors, server_errors
    assert not leaks, "\n".join(leaks[:20])


def test_the_reporter_sees_only_the_status_of_their_own_report(app, reported):
    client = app.test_client()
    login(client, reported["reporter"])
    page = client.get("/my").get_data(as_text=True)
    assert "my-reports" in page
    for secret in (*MARKERS.values(), PHOTO_NAME, NOTE, *POINT_SPELLINGS):
        assert secret not in page


@pytest.mark.own_app
def test_a_dump_of_the_database_holds_no_report_field_in_plain_text(tmp_dir):
    """Committed for real in a database of its own: on SQLite the file's bytes (and its
    write-ahead log), on PostgreSQL the raw columns. The area's name, not sealed, is found."""
    url = _test_database_url(tmp_dir, "_reports_dump")
    dump_app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url})
    reset_and_migrate(dump_app)
    with dump_app.app_context():
        make_area(parent=None, bounds=(126.97, 37.56, 126.98, 37.57), name_en="Dump-Area-Plain")
        db.session.commit()
        response = dump_app.test_client().post(
            "/reports/new", data=report_data(), content_type="multipart/form-data"
        )
        assert response.status_code == 200
        code = normalise_code(
            response.get_data(as_text=True).split("data-tracking-code>")[1].split("<")[0]
        )
        secrets = [*MARKERS.values(), PHOTO_NAME, code]
        if db.engine.dialect.name == "sqlite":
            path = Path(db.engine.url.database)
            dump = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
            assert b"Dump-Area-Plain" in dump  # the dump does show plain text
            found = [s for s in secrets if s.encode() in dump]
        else:
            rows = db.session.execute(
                text(
                    "SELECT what_was_seen, person_name, person_phone, reporter_contact, "
                    "encode(photo, 'escape'), tracking_hash FROM reports"
                )
            ).all()
            stored = "\n".join(str(value) for row in rows for value in row)
            found = [s for s in secrets if s in stored]
        assert not found
        assert "4242" not in str(db.session.scalar(text("SELECT person_phone FROM reports")))
        db.session.remove()
        db.engine.dispose()
