"""Fill an empty database with the demo set. Flushes; the CLI commits."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from shapely.geometry import MultiPolygon, box
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.accounts.services import register_user
from app.areas.models import Area, AreaLevel
from app.categories.models import Category, CategoryKind
from app.clock import utcnow
from app.demo import data
from app.extensions import db
from app.geo import to_db_geometry
from app.organisations.models import (
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationStatus,
    OrganisationType,
)

DEMO_EMAIL_DOMAIN = "demo.hopemap.example"


@dataclass
class DemoAccounts:
    passwords: dict[str, str] = field(default_factory=dict)  # email -> password


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count(User.id)))


def load_demo() -> DemoAccounts:
    categories_by_slug = _load_categories()
    gu_by_code = _ensure_demo_gu()
    accounts = DemoAccounts()
    users = _load_users(accounts, gu_by_code)
    organisations = _load_organisations(users, gu_by_code)
    db.session.flush()
    _load_pins(categories_by_slug, users, organisations)
    _load_contests(users, organisations, gu_by_code)
    from app.demo.stories import load_demo_stories  # after the matches and contests it links to

    load_demo_stories(users, categories_by_slug, gu_by_code)
    from app.demo.ideas import load_demo_ideas  # after the pins, whose neighbours author ideas

    load_demo_ideas(users, categories_by_slug, gu_by_code)
    from app.demo.didimdol import load_demo_didimdol

    load_demo_didimdol(users, organisations, categories_by_slug, gu_by_code)
    from app.demo.welfare import load_demo_welfare

    load_demo_welfare(users, gu_by_code, DEMO_EMAIL_DOMAIN)
    return accounts


def _load_contests(users, organisations, gu_by_code) -> None:
    from app.demo.contests import load_demo_contests

    load_demo_contests(users, organisations, gu_by_code)


def _load_pins(categories, users: dict[str, User], organisations: list[Organisation]) -> None:
    from app.demo.pins import load_demo_pins

    residents = _demo_neighbours(users)
    givers = []
    for organisation in organisations:
        if organisation.status == OrganisationStatus.VERIFIED:
            representative = organisation.representative()
            assert representative is not None  # each verified demo organisation has one (data)
            givers.append((organisation, representative))
    load_demo_pins(categories, residents, givers)


def _demo_neighbours(users: dict[str, User]) -> list[User]:
    """The two demo residents, and a few dozen neighbours without a printed password (they
    only author demo pins; nobody logs in as them)."""
    from app.accounts.models import new_session_token

    neighbours = [users["resident"], users["resident.en"]]
    locked = "!" + new_session_token()  # not an Argon2 hash: no password can match it
    for n in range(1, 41):
        neighbour = User(
            email=f"neighbour{n:02d}@{DEMO_EMAIL_DOMAIN}",
            display_name=f"이웃{n:02d}" if n % 4 else f"Neighbour {n:02d}",
            password_hash=locked,
            preferred_language="ko" if n % 4 else "en",
        )
        db.session.add(neighbour)
        neighbours.append(neighbour)
    db.session.flush()
    return neighbours


def _load_categories() -> dict[str, Category]:
    existing = {c.slug: c for c in db.session.scalars(select(Category))}
    for position, (slug, name_ko, name_en, kind) in enumerate(data.CATEGORIES):
        if slug not in existing:
            existing[slug] = Category(
                slug=slug,
                name_ko=name_ko,
                name_en=name_en,
                kind=CategoryKind(kind),
                position=position,
            )
            db.session.add(existing[slug])
    return existing


def _ensure_demo_gu() -> dict[str, Area]:
    areas = {a.code: a for a in db.session.scalars(select(Area).where(Area.level == AreaLevel.GU))}
    for code, name_ko, name_en, bounds in data.DEMO_GU:
        if code not in areas:
            areas[code] = Area(
                code=code,
                level=AreaLevel.GU,
                name_ko=name_ko,
                name_en=name_en,
                geom=to_db_geometry(MultiPolygon([box(*bounds)])),
            )
            db.session.add(areas[code])
            dong_code, dong_ko, dong_en = data.DEMO_DONG[code]
            db.session.add(
                Area(
                    code=dong_code,
                    level=AreaLevel.DONG,
                    name_ko=dong_ko,
                    name_en=dong_en,
                    parent=areas[code],
                    geom=to_db_geometry(MultiPolygon([box(*bounds)])),
                )
            )
    db.session.flush()
    return areas


def _load_users(accounts: DemoAccounts, gu_by_code: dict[str, Area]) -> dict[str, User]:
    users = {}
    for local_part, name, role, language in data.USERS:
        email = f"{local_part}@{DEMO_EMAIL_DOMAIN}"
        password = "-".join(secrets.token_hex(3) for _ in range(4))  # 27 characters
        users[local_part] = register_user(email, name, password, language, role=Role(role))
        accounts.passwords[email] = password
    for local_part, codes in data.STAFF_AREAS.items():
        users[local_part].staff_areas = [gu_by_code[c] for c in codes if c in gu_by_code]
    return users


def _load_organisations(users: dict[str, User], gu_by_code: dict[str, Area]) -> list[Organisation]:
    organisations = []
    for name_ko, name_en, type_, gu, phone, status in data.ORGANISATIONS:
        organisation = Organisation(
            name_ko=name_ko,
            name_en=name_en,
            type=OrganisationType(type_),
            status=OrganisationStatus(status),
            area=gu_by_code.get(gu),
            contact_phone=phone,
            description=None,
        )
        if organisation.status == OrganisationStatus.VERIFIED:
            organisation.reviewed_by = users["admin"]
            organisation.reviewed_at = utcnow()
        db.session.add(organisation)
        organisations.append(organisation)
    for local_part, indexes in data.REPRESENTATIVES.items():
        for index in indexes:
            organisations[index].created_by = users[local_part]
            organisations[index].memberships.append(
                Membership(
                    user=users[local_part],
                    status=MembershipStatus.APPROVED,
                    is_representative=True,
                    decided_at=utcnow(),
                )
            )
    # A resident asks to join the volunteers: the representative has a request to answer.
    organisations[2].memberships.append(
        Membership(
            user=users["resident"],
            status=MembershipStatus.PENDING,
            message="주말 봉사에 함께하고 싶습니다.",
        )
    )
    return organisations
