"""The home page's figures: 'neighbourhoods covered' counts the dongs the network is active in,
not the dongs whose boundaries happen to be imported."""

from __future__ import annotations

import re
from datetime import timedelta

from app.clock import utcnow
from app.extensions import db
from app.main.services import covered_dongs
from app.pins.models import PinKind
from app.pins.services import withdraw_pin
from tests.factories import make_area, make_pin


def shown_dongs(client) -> int:
    html = client.get("/").get_data(as_text=True)
    match = re.search(r'<dd id="figure-dongs">([\d,]+)</dd>', html)
    assert match, html[:500]
    return int(match.group(1).replace(",", ""))


def test_an_imported_dong_without_pins_is_not_covered(english_client):
    before = shown_dongs(english_client)
    make_area(bounds=(127.10, 37.60, 127.11, 37.61))
    make_area(bounds=(127.12, 37.60, 127.13, 37.61))
    assert shown_dongs(english_client) == before


def test_a_dong_counts_once_while_a_need_or_offer_is_active_there(english_client):
    dong = make_area(bounds=(126.97, 37.56, 126.98, 37.57))
    before = covered_dongs()
    need = make_pin(lon=126.975, lat=37.565)
    offer = make_pin(kind=PinKind.OFFER, lon=126.976, lat=37.566)
    assert need.public_dong_id == dong.id == offer.public_dong_id
    assert shown_dongs(english_client) == before + 1

    withdraw_pin(need)
    withdraw_pin(offer)
    db.session.flush()
    assert covered_dongs() == before


def test_an_overdue_need_no_longer_covers_its_dong(app):
    make_area(bounds=(126.97, 37.56, 126.98, 37.57))
    before = covered_dongs()
    need = make_pin(lon=126.975, lat=37.565)
    assert covered_dongs() == before + 1
    need.expires_at = utcnow() - timedelta(days=1)
    db.session.flush()
    assert covered_dongs() == before
