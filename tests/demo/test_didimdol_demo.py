"""The demo's Didimdol, past its first steps: rice given through vouchers, a signboard, the
donee's year-end documents, the give-back, and the public pages that show them."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from app.clock import seoul_today
from app.didimdol.giveback_models import Volunteering
from app.didimdol.receipts_models import DonationDocument, DonationDocumentKind, Signboard
from app.didimdol.signboards import is_active
from app.extensions import db
from app.organisations.models import Organisation


def _load(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output


def test_the_demo_has_a_signboard_year_end_documents_and_volunteering(app):
    _load(app)
    (signboard,) = db.session.scalars(select(Signboard)).all()
    assert is_active(signboard)
    documents = db.session.scalars(select(DonationDocument)).all()
    assert {d.kind for d in documents} == set(DonationDocumentKind)
    assert all(d.year == seoul_today().year and d.amount > 0 for d in documents)
    (receipt,) = [d for d in documents if d.kind == DonationDocumentKind.RECEIPT]
    assert receipt.amount == 20 * 32_000  # the rice: goods, the kind receipted by default
    assert db.session.scalar(select(func.count(Volunteering.id))) == 2


def test_flask_demo_donee_names_the_demo_s_donee_and_its_documents_are_current(app, client):
    _load(app)
    printed = app.test_cli_runner().invoke(args=["demo", "donee"]).output.strip()
    donee = db.session.get(Organisation, int(printed))
    assert donee.name_en == "Community Chest of Korea, Seoul"
    assert {d.donee_id for d in db.session.scalars(select(DonationDocument))} == {donee.id}


def test_flask_demo_donee_prints_nothing_without_the_demo(app):
    from tests.factories import make_organisation

    make_organisation(name_en="Community Chest of Korea, Seoul")
    db.session.commit()
    assert app.test_cli_runner().invoke(args=["demo", "donee"]).output == ""


def _gu_row(client, slug: str, gu: str) -> list[str]:
    text = client.get(f"/didimdol/ledger/{slug}.csv?lang=en").text.lstrip("\ufeff")
    (row,) = [row for row in csv.reader(io.StringIO(text)) if row[0] == gu]
    return row


def test_the_public_pages_show_the_demo_s_giving(app, client):
    _load(app)
    assert client.get("/didimdol/ledger?lang=en").status_code == 200
    # The shop's gu this month: 20 bags of rice and a haircut, above the suppression threshold.
    counts = _gu_row(client, "redemptions", "Seongdong-gu")
    values = _gu_row(client, "redemption-values", "Seongdong-gu")
    month = seoul_today().month
    assert (counts[month], counts[-1]) == ("21", "21")
    assert values[month] == str(20 * 32_000 + 12_000)
    (signboard,) = db.session.scalars(select(Signboard)).all()
    page = client.get(f"/signboards/{signboard.number}?lang=en")
    assert page.status_code == 200
    assert "not active" not in page.text.lower()
