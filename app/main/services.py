from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from app.accounts.models import User
from app.cache import cache
from app.clock import utcnow
from app.extensions import db
from app.geo import spatial_version
from app.matching.services import count_fulfilled_matches
from app.organisations.models import Organisation, OrganisationStatus
from app.outage import schema_answers
from app.pins.models import ACTIVE_STATUSES, Pin


@dataclass(frozen=True)
class HomeFigures:
    organisations: int
    people: int
    dongs: int  # dongs the network is active in (covered_dongs)
    help_given: int  # fulfilled matches


HOME_FIGURES_KEY = "home:figures"


def kept_home_figures() -> HomeFigures:
    """`home_figures()`, kept in the shared cache (app.cache) for HOME_FIGURES_CACHE_SECONDS:
    the front page is the most visited one, and its figures took four counts, one of them over
    every active pin (90 ms at 100,000 pins on PostGIS)."""
    seconds = int(current_app.config["HOME_FIGURES_CACHE_SECONDS"])
    if seconds <= 0:
        return home_figures()
    figures = cache().get(HOME_FIGURES_KEY)
    if figures is None:
        figures = home_figures()
        cache().set(HOME_FIGURES_KEY, figures, seconds)
    return figures


def home_figures() -> HomeFigures:
    count = db.session.scalar
    return HomeFigures(
        organisations=count(
            select(func.count(Organisation.id)).where(
                Organisation.status == OrganisationStatus.VERIFIED
            )
        )
        or 0,
        people=count(select(func.count(User.id))) or 0,
        dongs=covered_dongs(),
        help_given=count_fulfilled_matches(),
    )


def covered_dongs() -> int:
    """Dongs with at least one need or offer open or matched today.

    Not the dongs imported: every dong boundary of Seoul is loaded at set-up, so that count
    said over 400 before a single pin was posted. Counted by the pins' public dong, the one
    everyone is told (app.pins.privacy), and without the overdue needs the map leaves out.
    """
    statement = select(func.count(func.distinct(Pin.public_dong_id))).where(
        Pin.listed.is_(True),
        Pin.status.in_(ACTIVE_STATUSES),
        Pin.public_dong_id.is_not(None),
        ~Pin.is_overdue(utcnow()),
    )
    return db.session.scalar(statement) or 0


def database_status() -> dict[str, str]:
    """What /health reports: raises unless the site's own database answers."""
    schema_answers()
    bind = db.session.get_bind()
    return {"dialect": bind.dialect.name, "spatial": spatial_version(db.session)}
