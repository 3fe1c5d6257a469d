"""Retention of visits: past the period, notes, amendments and households' identifying fields
go; the visits and their outcomes stay, so the counts do not change."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.clock import utcnow
from app.extensions import db
from app.retention import apply_rule, retention_rules
from app.visits.models import Visit, VisitAmendment, VisitOutcome
from tests.factories import reload
from tests.visits.world import build_world


def test_identifying_fields_go_when_due_and_counts_stay(app):
    world = build_world()
    visit = world.household_visit
    visit.notes, visit.outcome = "메모", VisitOutcome.MOVED
    db.session.add(
        VisitAmendment(visit_id=visit.id, field="notes", old_value="", new_value="메모", reason="r")
    )
    db.session.flush()
    rules = {rule.kind: rule for rule in retention_rules()}
    for kind in ("visit_notes", "visit_amendments", "sweep_households"):
        apply_rule(rules[kind], utcnow())  # not due yet: nothing changes
    assert reload(visit).notes == "메모" and reload(world.household).name == "김이웃"
    later = utcnow() + timedelta(days=366 * 3 + 40)
    for kind in ("visit_notes", "visit_amendments", "sweep_households"):
        apply_rule(rules[kind], later)
    db.session.expire_all()
    household = reload(world.household)
    assert (household.name, household.phone, household.address_text) == ("", "", "")
    assert household.address_index is None and household.phone_index is None
    assert reload(visit).notes == "" and reload(visit).outcome == VisitOutcome.MOVED
    assert db.session.scalar(select(func.count(VisitAmendment.id))) == 0
    assert db.session.scalar(select(func.count(Visit.id))) == 2
