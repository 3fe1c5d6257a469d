"""Factories: build real rows in the test database, and log people in."""

from __future__ import annotations

import itertools
import re

import pytest
from shapely.geometry import MultiPolygon, box

from app.accounts.models import Role, User
from app.accounts.services import register_user
from app.areas.models import Area, AreaLevel
from app.categories.models import Category, CategoryKind
from app.extensions import db
from app.geo import to_db_geometry
from app.organisations.models import (
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationStatus,
    OrganisationType,
)

PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


def make_user(role: Role = Role.RESIDENT, email: str | None = None, **fields) -> User:
    n = next(_sequence)
    user = register_user(
        email or f"user{n}@example.org",
        fields.pop("display_name", f"User {n}"),
        fields.pop("password", PASSWORD),
        fields.pop("preferred_language", None),
        role=role,
    )
    for key, value in fields.items():
        setattr(user, key, value)
    db.session.flush()
    return user


def make_area(
    code: str | None = None,
    level: AreaLevel = AreaLevel.DONG,
    bounds: tuple[float, float, float, float] = (126.97, 37.56, 126.98, 37.57),
    parent: Area | None = None,
    name_ko: str | None = None,
    name_en: str | None = None,
) -> Area:
    n = next(_sequence)
    area = Area(
        code=code or f"T{n:06d}",
        level=level,
        name_ko=name_ko or f"시험{n}동",
        name_en=name_en or f"Test{n}-dong",
        parent=parent,
        geom=to_db_geometry(MultiPolygon([box(*bounds)])),
    )
    db.session.add(area)
    db.session.flush()
    return area


def make_category(kind: CategoryKind = CategoryKind.BOTH, **fields) -> Category:
    n = next(_sequence)
    category = Category(
        slug=fields.pop("slug", f"category-{n}"),
        name_ko=fields.pop("name_ko", f"분류{n}"),
        name_en=fields.pop("name_en", f"Category {n}"),
        kind=kind,
        **fields,
    )
    db.session.add(category)
    db.session.flush()
    return category


def make_organisation(
    representative: User | None = None,
    status: OrganisationStatus = OrganisationStatus.VERIFIED,
    type: OrganisationType = OrganisationType.CIVIC_GROUP,
    **fields,
) -> Organisation:
    n = next(_sequence)
    organisation = Organisation(
        name_ko=fields.pop("name_ko", f"희망단체{n}"),
        name_en=fields.pop("name_en", f"Hope Group {n}"),
        type=type,
        status=status,
        created_by=representative,
        **fields,
    )
    db.session.add(organisation)
    if representative is not None:
        organisation.memberships.append(
            Membership(
                user=representative,
                status=MembershipStatus.APPROVED,
                is_representative=True,
            )
        )
    db.session.flush()
    return organisation


def add_member(
    organisation: Organisation, user: User, status: MembershipStatus = MembershipStatus.APPROVED
) -> Membership:
    membership = Membership(organisation=organisation, user=user, status=status)
    db.session.add(membership)
    db.session.flush()
    return membership


def login(client, user: User, password: str = PASSWORD):
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def field_error(html: str, field_id: str) -> str | None:
    """The message shown at a field (the `field` macro's error paragraph), or None."""
    match = re.search(rf'<p class="error" id="{field_id}-error">(.*?)</p>', html, re.S)
    return match.group(1).strip() if match else None


def reload(obj):
    """The row as the database has it now (requests run in sessions of their own)."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


@pytest.fixture
def english_client(app):
    """Pages in English, so assertions read in the source language."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def user_factory():
    return make_user


@pytest.fixture
def resident():
    return make_user(Role.RESIDENT)


@pytest.fixture
def admin_user():
    return make_user(Role.ADMIN)


def served_dong_at(lon: float, lat: float) -> Area:
    """The dong covering the point, made (a small square around it) when none does: a pin
    must lie in an imported dong (app.pins.services._place)."""
    from app.areas.services import area_at

    found = area_at(lon, lat, AreaLevel.DONG)
    if found is not None:
        return found
    return make_area(bounds=(lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002))


def make_pin(
    author: User | None = None,
    kind=None,
    category: Category | None = None,
    lon: float = 126.9779,
    lat: float = 37.5663,
    organisation: Organisation | None = None,
    **fields,
):
    """A need (by default) or an offer, created through the service as a user would.

    Its author agrees to show a need's words to everyone (`text_shared`) unless a test says
    otherwise: most tests read titles in pages about other things than app.pins.privacy's
    need-text rule, which tests/pins/test_need_text.py and the privacy scan hold with it off.
    """
    from app.pins.models import PinKind
    from app.pins.services import PinDetails, create_pin

    fields.setdefault("text_shared", (kind or PinKind.NEED) == PinKind.NEED)
    served_dong_at(lon, lat)
    details = PinDetails(
        kind=kind or PinKind.NEED,
        category=category or make_category(),
        title=fields.pop("title", "연탄이 필요합니다"),
        description=fields.pop("description", "겨울을 날 연탄 200장이 필요합니다."),
        lon=lon,
        lat=lat,
        organisation=organisation,
        **fields,
    )
    return create_pin(author or make_user(), details)
