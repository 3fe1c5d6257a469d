"""Needs and offers as pages: who may do what, the forms' rules, photos, the list, privacy."""

from __future__ import annotations

import html as html_module
import io
import re
import struct
import zlib
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from PIL import Image
from sqlalchemy import func, select

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.categories.models import CategoryKind
from app.clock import utcnow
from app.contact_details import EMAIL_PATTERN, PHONE_PATTERN
from app.extensions import db
from app.i18n import format_day
from app.organisations.models import MembershipStatus, OrganisationStatus
from app.photos import PhotoError, prepare_photo, save_photo
from app.pins.labels import PIN_KIND_LABELS, PIN_STATUS_LABELS
from app.pins.models import Pin, PinKind, PinStatus
from app.pins.privacy import Grid
from app.pins.services import PinFilters, parse_pin_filters
from tests.factories import (
    add_member,
    field_error,
    login,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
    reload,
)
from tests.roles import LOGIN, assert_status, expect

# An exact point that is not its grid cell's centre, written as the pages write coordinates.
EXACT = (126.97791, 37.56634)
EXACT_TEXT = ("126.97791", "37.56634")
AUTHOR_NAME = "Kim Secret-Author"


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    """Photos go to a folder of this test's own; the setting is restored afterwards."""
    folder = tmp_path / "uploads"
    saved = {key: app.config[key] for key in ("UPLOAD_FOLDER", "PHOTO_MAX_PIXELS")}
    app.config["UPLOAD_FOLDER"] = str(folder)
    yield folder
    app.config.update(saved)


def stored_files(folder) -> list:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def pin_count() -> int:
    return db.session.scalar(select(func.count(Pin.id)))


def jpeg_with_gps(size=(400, 200), orientation: int | None = None) -> bytes:
    """A JPEG whose EXIF holds a GPS position, a camera name and (optionally) an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 58.8), 3: "E", 4: (126.0, 58.0, 40.5)}  # GPS IFD
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    Image.new("RGB", size, (180, 60, 20)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_with_alpha(size=(60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 120, 200, 128)).save(out, "PNG")
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>x()</script></svg>'


def test_every_kind_and_status_has_a_label():
    assert set(PIN_KIND_LABELS) == {k.value for k in PinKind}
    assert set(PIN_STATUS_LABELS) == {s.value for s in PinStatus}


# --- the world: two districts, people of every role, pins in every state -----------------------

PEOPLE = [
    "anonymous",
    "author",
    "resident",
    "org_member",
    "staff_here",
    "staff_elsewhere",
    "admin",
    "admin_here",
]


@pytest.fixture
def world():
    gu = make_area(level=AreaLevel.GU, bounds=(126.90, 37.50, 127.05, 37.60), name_en="Jongno-gu")
    dong = make_area(parent=gu, bounds=(126.95, 37.55, 127.00, 37.58), name_en="Sajik-dong")
    other_gu = make_area(
        level=AreaLevel.GU, bounds=(127.10, 37.45, 127.20, 37.50), name_en="Gangdong-gu"
    )
    other_dong = make_area(
        parent=other_gu, bounds=(127.12, 37.46, 127.15, 37.49), name_en="Cheonho-dong"
    )
    author = make_user(display_name=AUTHOR_NAME)
    representative = make_user(Role.ORG_MEMBER)
    organisation = make_organisation(representative=representative)
    org_member = make_user(Role.ORG_MEMBER)
    add_member(organisation, org_member)
    staff_here = make_user(Role.STAFF)
    staff_here.staff_areas = [gu]
    staff_elsewhere = make_user(Role.STAFF)
    staff_elsewhere.staff_areas = [other_gu]
    category = make_category(CategoryKind.BOTH)
    need = make_pin(author, category=category, lon=EXACT[0], lat=EXACT[1])
    withdrawn = make_pin(author, category=category, lon=EXACT[0], lat=EXACT[1])
    withdrawn.status = PinStatus.WITHDRAWN
    offer = make_pin(
        author,
        kind=PinKind.OFFER,
        category=category,
        lon=126.98,
        lat=37.57,
        title="Free haircuts on Saturdays",
    )
    photo = save_photo(prepare_photo(io.BytesIO(jpeg_with_gps())))
    need.photo = photo
    withdrawn.photo = save_photo(prepare_photo(io.BytesIO(jpeg_with_gps())))
    db.session.flush()
    people = {
        "author": author,
        "resident": make_user(Role.RESIDENT),
        "org_member": org_member,
        "staff_here": staff_here,
        "staff_elsewhere": staff_elsewhere,
        "admin": make_user(Role.ADMIN),  # no staff area: sees what the public sees
        "admin_here": make_user(Role.ADMIN, staff_areas=[gu]),
    }
    return SimpleNamespace(
        gu=gu,
        dong=dong,
        other_gu=other_gu,
        other_dong=other_dong,
        category=category,
        organisation=organisation,
        representative=representative,
        need=need,
        withdrawn=withdrawn,
        offer=offer,
        people=people,
    )


# --- who may do what: the role x route table ---------------------------------------------------


def _expect(default, **exceptions):
    return expect(PEOPLE, default, **exceptions)


SIGNED_IN = {"anonymous": LOGIN}
WHO_SEES_HIDDEN = {"author": 200, "staff_here": 200, "admin_here": 200}

ROUTES = {
    "list": ("GET", "/pins", _expect(200)),
    "new": ("GET", "/pins/new", _expect(200, **SIGNED_IN)),
    "new need": ("GET", "/pins/new?kind=need", _expect(200, **SIGNED_IN)),
    "new offer": ("GET", "/pins/new?kind=offer", _expect(200, **SIGNED_IN)),
    "create need": ("POST", "/pins/new?kind=need", _expect(200, **SIGNED_IN)),  # form errors
    "show need": ("GET", "/pins/{need}", _expect(200)),
    "show offer": ("GET", "/pins/{offer}", _expect(200)),
    "show withdrawn": ("GET", "/pins/{withdrawn}", _expect(404, **WHO_SEES_HIDDEN)),
    "photo": ("GET", "/pins/{need}/photo", _expect(200)),
    "photo withdrawn": ("GET", "/pins/{withdrawn}/photo", _expect(404, **WHO_SEES_HIDDEN)),
    "photo of a pin without one": ("GET", "/pins/{offer}/photo", _expect(404)),
    "edit": ("GET", "/pins/{need}/edit", _expect(403, author=200, **SIGNED_IN)),
    "save edit": ("POST", "/pins/{need}/edit", _expect(403, author=200, **SIGNED_IN)),
    "edit withdrawn": (
        "GET",
        "/pins/{withdrawn}/edit",
        _expect(404, author=302, staff_here=403, admin_here=403, **SIGNED_IN),
    ),
    "withdraw": ("POST", "/pins/{need}/withdraw", _expect(403, author=302, **SIGNED_IN)),
    "withdraw offer": ("POST", "/pins/{offer}/withdraw", _expect(403, author=302, **SIGNED_IN)),
    "renew": ("POST", "/pins/{need}/renew", _expect(403, author=302, **SIGNED_IN)),
    "renew an offer": ("POST", "/pins/{offer}/renew", _expect(403, **SIGNED_IN)),
    "renew withdrawn": (
        "POST",
        "/pins/{withdrawn}/renew",
        _expect(404, author=302, staff_here=403, admin_here=403, **SIGNED_IN),
    ),
    "missing pin": ("GET", "/pins/999999", _expect(404)),
}


def _path(template: str, world) -> str:
    return template.format(need=world.need.id, offer=world.offer.id, withdrawn=world.withdrawn.id)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("route", list(ROUTES))
def test_role_route_table(client, world, route, who):
    method, template, expected = ROUTES[route]
    if who != "anonymous":
        login(client, world.people[who])
    response = client.open(_path(template, world), method=method)
    assert_status(response, expected[who])


def test_refused_actions_change_nothing(client, world):
    before = (world.need.status, world.need.expires_at, world.need.title)
    login(client, world.people["staff_here"])
    client.post(f"/pins/{world.need.id}/withdraw")
    client.post(f"/pins/{world.need.id}/renew")
    client.post(f"/pins/{world.need.id}/edit", data={"title": "Changed by staff"})
    need = reload(world.need)
    assert (need.status, need.expires_at, need.title) == before


def test_state_changes_need_a_csrf_token(client, world, request):
    login(client, world.people["author"])
    request.getfixturevalue("csrf_on")
    for action in ("withdraw", "renew"):
        assert client.post(f"/pins/{world.need.id}/{action}").status_code == 400
    assert reload(world.need).status == PinStatus.OPEN
    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", page, re.S)
    assert len(forms) >= 3  # renew, withdraw (and the language switch)
    assert all('name="csrf_token"' in form for form in forms)


# --- creating -----------------------------------------------------------------------------------


def future(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def valid_need(category) -> dict:
    return {
        "category": str(category.id),
        "title": "연탄이 필요합니다",
        "description": "겨울을 날 연탄 200장이 필요합니다.\n2025-12-01까지요.",
        "longitude": EXACT_TEXT[0],
        "latitude": EXACT_TEXT[1],
        "quantity": "200",
        "available_from": future(1),
        "available_until": future(30),
        "for_whom": "me",
    }


def test_the_form_says_plainly_what_is_public(client):
    login(client, make_user())
    page = client.get("/pins/new?kind=need").get_data(as_text=True)
    assert "approximate place, somewhere within about 300 m" in page
    assert "Your name is never shown with it." in page
    assert "Do not write your name, phone number or address in the text." in page
    # The place: a fieldset with a legend, two labelled inputs that work alone, a hidden map.
    assert re.search(r"<fieldset class=\"location\">\s*<legend>Place</legend>", page)
    assert '<label for="longitude">Longitude</label>' in page
    assert re.search(
        r'<input[^>]*id="longitude"[^>]*type="number"|type="number"[^>]*id="longitude"', page
    )
    assert "data-location-picker" in page and "hidden" in page
    assert "/static/vendor/leaflet/leaflet.js" in page and "/static/js/pin-form.js" in page
    # The CSP allows no inline script or style.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert " style=" not in page


def test_the_pages_work_in_korean(app, world):
    korean = app.test_client()
    login(korean, world.people["author"])
    for path in ("/pins", f"/pins/{world.need.id}", "/pins/new?kind=need", "/pins/new"):
        response = korean.get(path)
        assert response.status_code == 200, path
        assert '<html lang="ko">' in response.get_data(as_text=True)


def test_without_a_kind_the_form_asks_which(client):
    login(client, make_user())
    page = client.get("/pins/new").get_data(as_text=True)
    assert 'href="/pins/new?kind=need"' in page and 'href="/pins/new?kind=offer"' in page


def test_a_resident_posts_a_need(client, world, uploads):
    login(client, world.people["resident"])
    data = valid_need(world.category) | {"photo": (io.BytesIO(jpeg_with_gps()), "winter.jpg")}
    response = client.post("/pins/new?kind=need", data=data)
    assert response.status_code == 302
    pin = db.session.scalars(select(Pin).order_by(Pin.id.desc())).first()
    assert response.headers["Location"] == f"/pins/{pin.id}"
    assert (pin.kind, pin.status, pin.author_id) == (
        PinKind.NEED,
        PinStatus.OPEN,
        world.people["resident"].id,
    )
    assert pin.title == "연탄이 필요합니다" and pin.quantity == 200
    assert pin.available_until == date.today() + timedelta(days=30)
    assert (pin.dong_id, pin.gu_id) == (world.dong.id, world.gu.id)
    assert pin.location_is_coarse and pin.expires_at is not None
    assert pin.photo in stored_files(uploads)
    page = client.get(f"/pins/{pin.id}").get_data(as_text=True)
    assert "Your need is on the map, at an approximate place." in page


def test_a_member_offers_for_the_organisation(client, world):
    login(client, world.people["org_member"])
    form = client.get("/pins/new?kind=offer").get_data(as_text=True)
    name = world.organisation.name_en  # the page is in English
    assert f'<option value="{world.organisation.id}">{name}</option>' in form
    data = valid_need(world.category) | {
        "title": "토요일 무료 이발",
        "description": "문의: 02-123-4567",  # an offer may give the organisation's phone
        "organisation": str(world.organisation.id),
    }
    response = client.post("/pins/new?kind=offer", data=data)
    assert response.status_code == 302, field_error(response.get_data(as_text=True), "title")
    offer = db.session.scalars(select(Pin).order_by(Pin.id.desc())).first()
    assert offer.kind == PinKind.OFFER and offer.organisation_id == world.organisation.id
    assert not offer.location_is_coarse
    anonymous = client.application.test_client()
    anonymous.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = anonymous.get(f"/pins/{offer.id}").get_data(as_text=True)
    assert f'href="/organisations/{world.organisation.id}">{name}</a>' in page


def test_a_person_without_organisations_sees_no_organisation_choice(client, world):
    login(client, world.people["resident"])
    page = client.get("/pins/new?kind=offer").get_data(as_text=True)
    assert 'id="organisation"' not in page
    assert 'id="organisation"' not in client.get("/pins/new?kind=need").get_data(as_text=True)


def _invalid_cases():
    """(kind, changes to a valid form, field, words of the message)."""
    long_title = "가" * 121
    return {
        "missing title": ("need", {"title": "  "}, "title", "Enter a title."),
        "title too long": ("need", {"title": long_title}, "title", "at most 120 characters"),
        "no category": ("need", {"category": ""}, "category", "Choose a category."),
        "longitude not a number": ("need", {"longitude": "abc"}, "longitude", "decimal degrees"),
        "longitude nan": ("need", {"longitude": "nan"}, "longitude", "decimal degrees"),
        "latitude missing": ("need", {"latitude": ""}, "latitude", "enter its latitude"),
        "longitude off the Earth": (
            "need",
            {"longitude": "226.5"},
            "longitude",
            "Enter a longitude between -180.0 and 180.0.",
        ),
        "latitude off the Earth": (
            "offer",
            {"latitude": "-91"},
            "latitude",
            "Enter a latitude between -90.0 and 90.0.",
        ),
        "coordinates swapped": (
            "need",
            {"longitude": "37.56", "latitude": "126.97"},
            "latitude",
            "Enter a latitude between",
        ),
        "until before from": (
            "offer",
            {"available_from": future(10), "available_until": future(5)},
            "available_until",
            "cannot be before the first day",
        ),
        "until in the past": (
            "need",
            {"available_from": "", "available_until": future(-3)},
            "available_until",
            "cannot be in the past",
        ),
        "date not a date": (
            "need",
            {"available_from": "next week"},
            "available_from",
            "year-month-day",
        ),
        "quantity zero": ("need", {"quantity": "0"}, "quantity", "from 1 to 100,000"),
        "quantity too big": ("offer", {"quantity": "100001"}, "quantity", "from 1 to 100,000"),
        "quantity not a number": ("need", {"quantity": "many"}, "quantity", "whole number"),
        "mobile phone in the title": (
            "need",
            {"title": "연락 주세요 010-1234-5678"},
            "title",
            "Remove the phone number",
        ),
        "Seoul phone in the description": (
            "need",
            {"description": "집 전화 02-123-4567 입니다"},
            "description",
            "Remove the phone number",
        ),
        "international phone": (
            "need",
            {"description": "+82 10 1234 5678로 연락"},
            "description",
            "Remove the phone number",
        ),
        "eleven digits": (
            "need",
            {"description": "번호는 01012345678입니다"},
            "description",
            "Remove the phone number",
        ),
        "email in the description": (
            "need",
            {"description": "메일: kim.neighbour@example.org"},
            "description",
            "Remove the email address",
        ),
        "offer category for a need": (
            "need",
            {"category": "{offer_only}"},
            "category",
            "listed categories",
        ),
        "need category for an offer": (
            "offer",
            {"category": "{need_only}"},
            "category",
            "listed categories",
        ),
        "inactive category": ("need", {"category": "{inactive}"}, "category", "listed categories"),
        "not a member of the organisation": (
            "offer",
            {"organisation": "{foreign}"},
            "organisation",
            "one of your organisations",
        ),
        "organisation not verified": (
            "offer",
            {"organisation": "{pending}"},
            "organisation",
            "one of your organisations",
        ),
        "a text file named .jpg": (
            "need",
            {"photo": (b"just some text, not a photo", "photo.jpg")},
            "photo",
            "not a JPEG, PNG or WebP photo",
        ),
        "an SVG": (
            "need",
            {"photo": (SVG, "drawing.svg")},
            "photo",
            "not a JPEG, PNG or WebP photo",
        ),
        "a cut-off JPEG": (
            "need",
            {"photo": (jpeg_with_gps()[:300], "cut.jpg")},
            "photo",
            "not a JPEG, PNG or WebP photo",
        ),
    }


INVALID = _invalid_cases()


@pytest.mark.parametrize("case", list(INVALID))
def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(client, world, uploads, case):
    kind, changes, field_id, words = INVALID[case]
    need_only = make_category(CategoryKind.NEED)
    offer_only = make_category(CategoryKind.OFFER)
    inactive = make_category(active=False)
    foreign = make_organisation(representative=make_user())
    pending = make_organisation(
        representative=world.people["org_member"], status=OrganisationStatus.PENDING
    )
    ids = {
        "{need_only}": need_only.id,
        "{offer_only}": offer_only.id,
        "{inactive}": inactive.id,
        "{foreign}": foreign.id,
        "{pending}": pending.id,
    }
    data = valid_need(world.category)
    for name, value in changes.items():
        data[name] = str(ids[value]) if value in ids else value
    if "photo" in data:
        content, filename = data["photo"]
        data["photo"] = (io.BytesIO(content), filename)
    else:  # a good photo with every bad form: it must not be written either
        data["photo"] = (io.BytesIO(jpeg_with_gps()), "good.jpg")
    login(client, world.people["org_member"])
    files_before, pins_before = stored_files(uploads), pin_count()

    response = client.post(f"/pins/new?kind={kind}", data=data)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    message = field_error(html, field_id)
    assert message is not None and words in message, (case, message)
    assert "Please correct the marked fields." in html
    assert pin_count() == pins_before
    assert stored_files(uploads) == files_before


def test_a_photo_too_large_is_refused(client, world, app, uploads):
    app.config["PHOTO_MAX_BYTES"] = 1000
    try:
        login(client, world.people["resident"])
        data = valid_need(world.category) | {"photo": (io.BytesIO(jpeg_with_gps()), "big.jpg")}
        html = client.post("/pins/new?kind=need", data=data).get_data(as_text=True)
    finally:
        app.config["PHOTO_MAX_BYTES"] = 5 * 1024 * 1024
    assert "too large" in field_error(html, "photo")


@pytest.mark.parametrize(
    "text",
    [
        "010-1234-5678",
        "010 1234 5678",
        "010.1234.5678",
        "(02) 123-4567",
        "02-1234-5678",
        "031-123-4567",
        "+82-10-1234-5678",
        "+82 2 123 4567",
        "+821012345678",
        "연락처01012345678로",
        "12345678901",
        "010–1234–5678",  # en dashes
    ],
)
def test_phone_numbers_are_recognised(text):
    assert PHONE_PATTERN.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "연탄 200장",
        "2025-12-01까지",
        "3층, 101호",
        "2인 가구, 월 30만원",
        "오전 10:30-12:00",
        "1004번 버스",
    ],
)
def test_ordinary_numbers_are_not_taken_for_phones(text):
    assert not PHONE_PATTERN.search(text) and not EMAIL_PATTERN.search(text)


# --- photos -------------------------------------------------------------------------------------


def test_a_photo_is_served_upright_small_and_without_exif(client, world, app, uploads):
    app.config["PHOTO_MAX_PIXELS"] = 100
    original = jpeg_with_gps(size=(400, 200), orientation=6)  # 6: turn 90° clockwise
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # GPS is really there
    login(client, world.people["resident"])
    data = valid_need(world.category) | {"photo": (io.BytesIO(original), "IMG_0001.JPG")}
    assert client.post("/pins/new?kind=need", data=data).status_code == 302
    pin = db.session.scalars(select(Pin).order_by(Pin.id.desc())).first()
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}\.jpg", pin.photo)  # random, not the upload's name

    response = client.get(f"/pins/{pin.id}/photo")

    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    served = Image.open(io.BytesIO(response.data))
    assert served.format == "JPEG"
    assert served.size == (50, 100)  # turned upright, then the longest side made 100
    assert len(served.getexif()) == 0 and "exif" not in served.info
    assert b"Exif" not in response.data and b"SecretCamera" not in response.data


def test_a_transparent_png_becomes_webp(app):
    prepared = prepare_photo(io.BytesIO(png_with_alpha()))
    assert prepared.extension == ".webp" and prepared.content_type == "image/webp"
    image = Image.open(io.BytesIO(prepared.data))
    assert image.format == "WEBP" and image.mode == "RGBA"


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image: what a decompression bomb looks like
    before it is decoded."""
    out = io.BytesIO()
    Image.new("L", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = 8  # after the signature: length (4), b"IHDR" (4), width, height, ...
    assert data[ihdr + 4 : ihdr + 8] == b"IHDR"
    data[ihdr + 8 : ihdr + 16] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr + 4 : ihdr + 8 + 13]))
    data[ihdr + 8 + 13 : ihdr + 8 + 17] = struct.pack(">I", crc)
    return bytes(data)


@pytest.mark.parametrize("size", [(10_000, 10_000), (50_000, 50_000), (7_000, 6_000)])
def test_a_decompression_bomb_is_refused(app, size):
    from flask_babel import force_locale

    with (
        app.test_request_context(),
        force_locale("en"),
        pytest.raises(PhotoError, match="too many pixels"),
    ):
        prepare_photo(io.BytesIO(png_claiming_size(*size)))


def test_replacing_and_removing_a_photo_deletes_the_old_file(client, world, uploads):
    old = world.need.photo
    login(client, world.people["author"])
    data = valid_need(world.category) | {"photo": (io.BytesIO(png_with_alpha()), "new.png")}
    assert client.post(f"/pins/{world.need.id}/edit", data=data).status_code == 302
    new = reload(world.need).photo
    assert new != old and new.endswith(".webp")
    assert old not in stored_files(uploads) and new in stored_files(uploads)
    assert client.get(f"/pins/{world.need.id}/photo").mimetype == "image/webp"

    edit = client.get(f"/pins/{world.need.id}/edit").get_data(as_text=True)
    assert 'id="remove_photo"' in edit
    data = valid_need(world.category) | {"remove_photo": "y"}
    assert client.post(f"/pins/{world.need.id}/edit", data=data).status_code == 302
    assert reload(world.need).photo is None
    assert new not in stored_files(uploads)


# --- editing, withdrawing, renewing -------------------------------------------------------------


def test_the_author_edits_a_need(client, world):
    login(client, world.people["author"])
    form = client.get(f"/pins/{world.need.id}/edit").get_data(as_text=True)
    assert f'value="{EXACT_TEXT[0]}"' in form and f'value="{EXACT_TEXT[1]}"' in form
    assert "What everyone will see" in form
    data = valid_need(world.category) | {
        "title": "Briquettes, still needed",
        "longitude": "127.13",
        "latitude": "37.47",
    }
    response = client.post(f"/pins/{world.need.id}/edit", data=data, follow_redirects=True)
    assert "Your changes were saved." in response.get_data(as_text=True)
    need = reload(world.need)
    assert need.title == "Briquettes, still needed"
    assert (need.dong_id, need.gu_id) == (world.other_dong.id, world.other_gu.id)
    assert (need.public_lon, need.public_lat) == Grid(300).cell_centre(127.13, 37.47)


def test_a_withdrawn_pin_cannot_be_edited(client, world):
    login(client, world.people["author"])
    response = client.get(f"/pins/{world.withdrawn.id}/edit", follow_redirects=True)
    assert "This can no longer be changed." in response.get_data(as_text=True)


def test_the_author_withdraws_a_need(client, world):
    login(client, world.people["author"])
    response = client.post(f"/pins/{world.need.id}/withdraw", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Your need was withdrawn: it no longer shows on the map." in page
    assert "Only its author and the city staff for the area see this page." in page
    assert reload(world.need).status == PinStatus.WITHDRAWN
    again = client.post(f"/pins/{world.need.id}/withdraw", follow_redirects=True)
    assert "This can no longer be withdrawn." in again.get_data(as_text=True)


def test_renewing_shows_the_new_expiry_date(client, world, app):
    world.need.expires_at = utcnow() + timedelta(days=2)
    db.session.flush()
    login(client, world.people["author"])
    response = client.post(f"/pins/{world.need.id}/renew", follow_redirects=True)
    need = reload(world.need)
    assert need.expires_at > utcnow() + timedelta(days=29)
    with app.test_request_context(), force_locale("en"):
        expected = format_day(need.expires_at)
    assert f"Your need stays on the map until {expected}." in response.get_data(as_text=True)


def test_an_expired_need_is_renewed_back_to_open(client, world):
    world.need.status = PinStatus.EXPIRED
    db.session.flush()
    login(client, world.people["author"])
    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    assert "Renew it to show it again." in page and "/renew" in page
    assert f"/pins/{world.need.id}/edit" not in page  # only active pins are edited
    client.post(f"/pins/{world.need.id}/renew")
    assert reload(world.need).status == PinStatus.OPEN


def test_the_author_sees_the_actions_and_the_expiry_date(client, world, app):
    login(client, world.people["author"])
    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    with app.test_request_context(), force_locale("en"):
        expires = format_day(world.need.expires_at)
    assert f"It stays on the map until {expires} unless you renew it." in page
    for action in ("edit", "withdraw", "renew"):
        assert f"/pins/{world.need.id}/{action}" in page
    someone_else = app.test_client()
    login(someone_else, world.people["resident"])
    page = someone_else.get(f"/pins/{world.need.id}").get_data(as_text=True)
    assert not any(f"/pins/{world.need.id}/{a}" in page for a in ("edit", "withdraw", "renew"))


# --- privacy ------------------------------------------------------------------------------------


def _exact_location_shown(html: str) -> bool:
    return EXACT_TEXT[0] in html or EXACT_TEXT[1] in html


@pytest.mark.parametrize("who", ["anonymous", "resident", "org_member", "staff_elsewhere", "admin"])
def test_the_public_never_sees_a_needs_exact_place_or_author(client, world, who):
    # An offer names its giver: here the need's author gives nothing, so no page names them.
    world.offer.author = make_user()
    db.session.flush()
    if who != "anonymous":
        login(client, world.people[who])
    for path in (
        f"/pins/{world.need.id}",
        "/pins",
        f"/pins?area={world.dong.code}",
        "/pins?status=active",
    ):
        html = client.get(path).get_data(as_text=True)
        assert world.need.title in html, path
        assert not _exact_location_shown(html), path
        assert AUTHOR_NAME not in html, path
    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    assert "Approximate area in Sajik-dong, Jongno-gu" in page
    centre = Grid(300).cell_centre(*EXACT)
    assert f'data-lon="{centre[0]:.5f}"' in page and 'data-coarse="true"' in page
    assert "Private:" not in page


@pytest.mark.parametrize("who", ["author", "staff_here", "admin_here"])
def test_the_author_and_the_areas_staff_see_the_exact_place(client, world, who):
    login(client, world.people[who])
    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    private = page[page.index("Private: only the author and the city staff") :]
    assert f"longitude {EXACT_TEXT[0]}, latitude {EXACT_TEXT[1]}" in private
    assert AUTHOR_NAME in private
    # The list stays public even for them: it never carries exact places.
    assert not _exact_location_shown(client.get("/pins").get_data(as_text=True))


@pytest.mark.parametrize("who", ["anonymous", "resident", "org_member", "admin"])
def test_a_private_persons_offer_is_approximate_and_names_nobody(client, world, who):
    """A private giver is a neighbour: their name with their offer's area narrows them down.
    (The area's staff see the author with the exact point, as for a need.)"""
    if who != "anonymous":
        login(client, world.people[who])
    for path in (f"/pins/{world.offer.id}", "/pins?kind=offer", f"/api/pins/{world.offer.id}"):
        html = client.get(path).get_data(as_text=True)
        assert world.offer.title in html, path
        assert AUTHOR_NAME not in html, path
    html = client.get(f"/pins/{world.offer.id}").get_data(as_text=True)
    assert "126.98000" not in html and 'data-coarse="true"' in html


# --- the list -----------------------------------------------------------------------------------


def titles(client, query: str = "") -> list[str]:
    html = client.get("/pins" + query).get_data(as_text=True)
    return re.findall(r'<h3><a href="/pins/\d+">(.*?)</a></h3>', html)


@pytest.fixture
def listing(world):
    """Pins of both kinds, two categories, both districts, every state."""
    food = make_category(CategoryKind.NEED, name_en="Food")
    repair = make_category(CategoryKind.BOTH, name_en="Housing repair")
    here = {"lon": 126.97, "lat": 37.565}
    there = {"lon": 127.13, "lat": 37.47}
    made = {
        "need food here": make_pin(kind=PinKind.NEED, category=food, **here),
        "need repair there": make_pin(kind=PinKind.NEED, category=repair, **there),
        "offer repair here": make_pin(kind=PinKind.OFFER, category=repair, **here),
        "offer repair there": make_pin(kind=PinKind.OFFER, category=repair, **there),
        "matched need": make_pin(kind=PinKind.NEED, category=food, **here),
        "fulfilled offer": make_pin(kind=PinKind.OFFER, category=repair, **there),
        "expired need": make_pin(kind=PinKind.NEED, category=food, **here),
        "withdrawn offer": make_pin(kind=PinKind.OFFER, category=repair, **here),
        "overdue need": make_pin(kind=PinKind.NEED, category=food, **here),
    }
    for title, pin in made.items():
        pin.title = title
    made["matched need"].status = PinStatus.MATCHED
    made["fulfilled offer"].status = PinStatus.FULFILLED
    made["expired need"].status = PinStatus.EXPIRED
    made["withdrawn offer"].status = PinStatus.WITHDRAWN
    made["overdue need"].expires_at = utcnow() - timedelta(hours=1)
    for pin in (world.need, world.offer):  # the world's own open pins stay out of the way
        pin.status = PinStatus.FULFILLED
    db.session.flush()
    return SimpleNamespace(food=food, repair=repair, pins=made, **vars(world))


OPEN_ONES = {"need food here", "need repair there", "offer repair here", "offer repair there"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", OPEN_ONES),
        ("?kind=need", {"need food here", "need repair there"}),
        ("?kind=offer", {"offer repair here", "offer repair there"}),
        ("?category={food}", {"need food here"}),
        ("?category={repair}&kind=offer", {"offer repair here", "offer repair there"}),
        ("?status=matched", {"matched need"}),
        ("?status=fulfilled", {"fulfilled offer", "WORLD"}),
        ("?status=active", OPEN_ONES | {"matched need"}),
        ("?area={gu}", {"need food here", "offer repair here"}),
        ("?area={dong}", {"need food here", "offer repair here"}),
        ("?area={other_gu}&kind=need", {"need repair there"}),
        ("?area={other_dong}&status=fulfilled", {"fulfilled offer"}),
        # Values that mean nothing are ignored, never an error.
        ("?kind=giraffe&status=withdrawn&category=abc&area=NOWHERE", OPEN_ONES),
        ("?status=expired", OPEN_ONES),
        ("?category=99999999", OPEN_ONES),
    ],
)
def test_list_filters(client, listing, query, expected):
    query = query.format(
        food=listing.food.id,
        repair=listing.repair.id,
        gu=listing.gu.code,
        dong=listing.dong.code,
        other_gu=listing.other_gu.code,
        other_dong=listing.other_dong.code,
    )
    if "WORLD" in expected:
        expected = (expected - {"WORLD"}) | {listing.need.title, listing.offer.title}
    found = titles(client, query)
    assert set(found) == expected
    assert len(found) == len(expected)


def test_the_list_announces_its_count_and_describes_each_pin(client, listing):
    html = client.get("/pins?kind=need").get_data(as_text=True)
    assert '<h2 id="results-heading">2 needs and offers</h2>' in html
    item = html[html.index("need food here") :]
    item = item[: item.index("</li>")]
    for words in (
        "<dt>Kind</dt><dd>Need</dd>",
        "<dt>Category</dt><dd>Food</dd>",
        "<dt>Status</dt><dd>Open</dd>",
        "<dt>Area</dt><dd>Sajik-dong, Jongno-gu</dd>",
        "<dt>Posted</dt>",
    ):
        assert words in item
    assert "Offered by" not in item
    one = client.get("/pins?status=matched").get_data(as_text=True)
    assert '<h2 id="results-heading">1 need or offer</h2>' in one


def test_the_filter_form_shows_the_chosen_filters(client, listing):
    html = client.get(f"/pins?kind=offer&status=active&area={listing.dong.code}").get_data(
        as_text=True
    )
    assert '<option selected value="offer">' in html
    assert '<option selected value="active">' in html
    assert f'<option selected value="{listing.dong.code}">' in html
    assert '<form class="filters" method="get" action="/pins"' in html


def test_the_list_is_paginated_newest_first_keeping_the_filters(client, world):
    category = make_category()
    start = utcnow() - timedelta(days=1)
    for n in range(23):
        pin = make_pin(category=category, title=f"Need number {n:02d}")
        pin.created_at = start + timedelta(minutes=n)
    db.session.flush()
    first = client.get(f"/pins?category={category.id}").get_data(as_text=True)
    found = re.findall(r"Need number (\d\d)", first)
    assert found == [f"{n:02d}" for n in range(22, 2, -1)]
    assert "23 needs and offers" in first and "Page 1" in first
    # The next page is reached by the last pin's cursor; a bookmarked page number still works.
    following = re.search(r'rel="next" href="(/pins\?after=\d+_\d+&amp;category=\d+)"', first)
    assert following is not None, first
    second = client.get(html_module.unescape(following.group(1))).get_data(as_text=True)
    assert re.findall(r"Need number (\d\d)", second) == ["02", "01", "00"]
    bookmarked = client.get(f"/pins?category={category.id}&page=2").get_data(as_text=True)
    assert re.findall(r"Need number (\d\d)", bookmarked) == ["02", "01", "00"]


# --- expiry -------------------------------------------------------------------------------------


def test_an_overdue_need_is_treated_as_expired_before_the_command_runs(client, world):
    world.need.expires_at = utcnow() - timedelta(minutes=5)
    db.session.flush()
    assert world.need.title not in titles(client)
    assert client.get(f"/pins/{world.need.id}").status_code == 404
    login(client, world.people["author"])
    page = client.get(f"/pins/{world.need.id}").get_data(as_text=True)
    assert "<dt>Status</dt><dd>Expired</dd>" in page
    assert f"/pins/{world.need.id}/renew" in page and f"/pins/{world.need.id}/edit" not in page
    refused = client.get(f"/pins/{world.need.id}/edit", follow_redirects=True)
    assert "This can no longer be changed." in refused.get_data(as_text=True)


def test_the_expire_command(app, world):
    world.need.expires_at = utcnow() - timedelta(minutes=5)
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["pins", "expire"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 need expired."
    assert reload(world.need).status == PinStatus.EXPIRED
    again = app.test_cli_runner().invoke(args=["pins", "expire"])
    assert again.output.strip() == "0 needs expired."


# --- the filters for the map --------------------------------------------------------------------


def test_parse_pin_filters(world):
    filters = parse_pin_filters(
        {
            "kind": "offer",
            "category": str(world.category.id),
            "status": "active",
            "area": world.gu.code,
        }
    )
    assert filters == PinFilters(
        kind=PinKind.OFFER,
        category_id=world.category.id,
        statuses=(PinStatus.OPEN, PinStatus.MATCHED),
        area=world.gu,
    )
    assert parse_pin_filters(filters.as_args()) == filters
    assert parse_pin_filters({}) == PinFilters()
    assert parse_pin_filters({}).statuses == (PinStatus.OPEN,)
    nonsense = {"kind": "x", "category": "-1", "status": "withdrawn", "area": "' OR 1=1"}
    assert parse_pin_filters(nonsense) == PinFilters()
    assert PinFilters().as_args() == {}


def test_pending_membership_does_not_allow_offering_for_an_organisation(client, world):
    waiting = make_user()
    add_member(world.organisation, waiting, MembershipStatus.PENDING)
    login(client, waiting)
    data = valid_need(world.category) | {"organisation": str(world.organisation.id)}
    html = client.post("/pins/new?kind=offer", data=data).get_data(as_text=True)
    assert "one of your organisations" in field_error(html, "organisation")


def test_the_create_form_preselects_a_category_from_the_link(client, world):
    login(client, world.people["author"])
    html = client.get(f"/pins/new?kind=offer&category={world.category.id}").get_data(True)
    assert re.search(rf'<option selected value="{world.category.id}"', html) or re.search(
        rf'<option value="{world.category.id}" selected', html
    )
    unknown = client.get("/pins/new?kind=offer&category=99999")
    assert unknown.status_code == 200
