from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.accounts.models import User
from app.areas.models import Area, AreaLevel
from app.extensions import db
from app.geo import spatial_version
from app.matching.services import count_fulfilled_matches
from app.organisations.models import Organisation, OrganisationStatus
from app.outage import schema_answers


@dataclass(frozen=True)
class HomeFigures:
    organisations: int
    people: int
    dongs: int
    help_given: int  # fulfilled matches


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
        dongs=count(select(func.count(Area.id)).where(Area.level == AreaLevel.DONG)) or 0,
        help_given=count_fulfilled_matches(),
    )


def database_status() -> dict[str, str]:
    """What /health reports: raises unless the site's own database answers."""
    schema_answers()
    bind = db.session.get_bind()
    return {"dialect": bind.dialect.name, "spatial": spatial_version(db.session)}
