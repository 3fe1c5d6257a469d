"""Sweeps: create one, import its households (each with one planned visit). Flush only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.access_log import AccessAction, record_access
from app.accounts.models import User
from app.areas.models import Area
from app.extensions import db
from app.vault import blind_index
from app.visits.household_csv import HouseholdLine
from app.visits.models import Sweep, SweepHousehold, Visit, VisitKind
from app.visits.services import HOUSEHOLD


def create_sweep(name: str, starts_on: date, ends_on: date, dongs: list[Area], by: User) -> Sweep:
    sweep = Sweep(name=name, starts_on=starts_on, ends_on=ends_on, dongs=dongs, created_by_id=by.id)
    db.session.add(sweep)
    db.session.flush()
    return sweep


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_there: int


def import_households(sweep: Sweep, lines: list[HouseholdLine], planned_on: date) -> ImportResult:
    """A household the sweep already holds (same address, or same phone) is skipped, so the same
    list sent again adds nothing. Each new one gets a planned home visit on `planned_on`."""
    known_addresses = set(
        db.session.scalars(
            select(SweepHousehold.address_index).where(SweepHousehold.sweep_id == sweep.id)
        )
    )
    known_phones = set(
        db.session.scalars(
            select(SweepHousehold.phone_index).where(
                SweepHousehold.sweep_id == sweep.id, SweepHousehold.phone_index.is_not(None)
            )
        )
    )
    added: list[SweepHousehold] = []
    skipped = 0
    for line in lines:
        address_index = blind_index("address", line.address)
        phone_index = blind_index("phone", line.phone) if line.phone else None
        if address_index in known_addresses or (phone_index and phone_index in known_phones):
            skipped += 1
            continue
        household = SweepHousehold(
            sweep_id=sweep.id,
            dong=line.dong,
            name=line.name,
            phone=line.phone,
            phone_index=phone_index,
            address_text=line.address,
            address_index=address_index,
            notes=line.notes,
        )
        db.session.add(household)
        db.session.add(
            Visit(dong=line.dong, household=household, planned_on=planned_on, kind=VisitKind.HOME)
        )
        known_addresses.add(address_index)
        if phone_index:
            known_phones.add(phone_index)
        added.append(household)
    db.session.flush()
    for household in added:  # each record written is an edit in the access log
        record_access(HOUSEHOLD, household.id, AccessAction.EDIT)
    return ImportResult(len(added), skipped)
