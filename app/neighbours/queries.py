"""Read-only queries for the pages: the staff member's dongs and their neighbours, a person's
own appointments, the public check by token."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.areas.models import Area, AreaLevel
from app.extensions import db
from app.neighbours.models import NeighbourAppointment


def staff_dongs(staff: User) -> list[Area]:
    """The dongs a staff member answers for: assigned ones, and every dong of an assigned gu."""
    assigned = [area.id for area in staff.staff_areas]
    if not assigned:
        return []
    query = (
        select(Area)
        .where(Area.level == AreaLevel.DONG)
        .where(Area.id.in_(assigned) | Area.parent_id.in_(assigned))
        .order_by(Area.name_ko)
    )
    return list(db.session.scalars(query))


def appointments_in(dongs: list[Area]) -> list[tuple[NeighbourAppointment, bool]]:
    """Each appointment, and whether it has a scanned pledge (without opening the scan)."""
    if not dongs:
        return []
    query = (
        select(NeighbourAppointment, NeighbourAppointment.pledge_scan.is_not(None))
        .where(NeighbourAppointment.dong_id.in_([d.id for d in dongs]))
        .options(joinedload(NeighbourAppointment.person), joinedload(NeighbourAppointment.dong))
        .order_by(NeighbourAppointment.term_ends_on.desc(), NeighbourAppointment.id.desc())
    )
    return [(appointment, bool(has_scan)) for appointment, has_scan in db.session.execute(query)]


def own_appointments(person: User) -> list[NeighbourAppointment]:
    query = (
        select(NeighbourAppointment)
        .where(NeighbourAppointment.person_id == person.id)
        .options(joinedload(NeighbourAppointment.dong))
        .order_by(NeighbourAppointment.term_starts_on.desc(), NeighbourAppointment.id.desc())
    )
    return list(db.session.scalars(query))


def by_token(token: str) -> NeighbourAppointment | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(NeighbourAppointment).where(NeighbourAppointment.verification_token == token)
    )
