"""The demo command fills an empty database with a believable bilingual set, once."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.accounts.services import authenticate
from app.categories.models import Category
from app.demo.data import CATEGORIES, USERS
from app.extensions import db
from app.map.clusters import CLUSTER_ZOOMS
from app.map.models import PinCell
from app.matching.models import Match, MatchStatus
from app.organisations.models import Organisation, OrganisationStatus, OrganisationType
from app.pins.models import Pin, PinKind, PinStatus


def test_demo_load_fills_an_empty_database(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    roles = set(db.session.scalars(select(User.role)))
    assert roles == set(Role)
    types = set(db.session.scalars(select(Organisation.type)))
    assert types == set(OrganisationType)
    assert OrganisationStatus.PENDING in set(db.session.scalars(select(Organisation.status)))
    slugs = set(db.session.scalars(select(Category.slug)))
    assert slugs == {slug for slug, *_ in CATEGORIES}
    assert all(c.name_ko and c.name_en for c in db.session.scalars(select(Category)))
    # Every password printed works, and is printed only in this output.
    printed = re.findall(r"^\s+(\S+@\S+)\s+(\S+)$", result.output, re.MULTILINE)
    assert len(printed) == len(USERS)
    for email, password in printed:
        assert authenticate(email, password) is not None
        assert len(password) >= 12


def test_demo_load_if_empty_leaves_a_used_database_alone(app):
    from tests.factories import make_user

    make_user()
    before = db.session.scalar(select(func.count(User.id)))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0
    assert "left as it is" in result.output
    assert db.session.scalar(select(func.count(User.id))) == before
    refused = runner.invoke(args=["demo", "load"])
    assert refused.exit_code != 0


def test_demo_needs_and_offers_are_believable_and_consistent(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    pins = db.session.scalars(select(Pin)).all()
    assert len(pins) >= 300
    assert {p.kind for p in pins} == set(PinKind)
    assert {p.status for p in pins} == set(PinStatus)
    assert len({p.category_id for p in pins}) >= 8
    assert any(p.organisation_id for p in pins) and any(p.location_is_coarse for p in pins)
    # Every pin is counted once at each cluster zoom.
    assert db.session.scalar(select(func.sum(PinCell.pins))) == len(pins) * len(CLUSTER_ZOOMS)
    # Matches and pins agree.
    for match in db.session.scalars(select(Match)):
        if match.status == MatchStatus.FULFILLED:
            assert match.need.status == match.offer.status == PinStatus.FULFILLED
        if match.status == MatchStatus.ACCEPTED:
            assert match.need.status == match.offer.status == PinStatus.MATCHED
    # Nobody can log in as the neighbours who only author demo pins.
    from app.accounts.services import authenticate

    assert authenticate("neighbour01@demo.hopemap.example", "") is None


def test_demo_has_a_finished_contest_with_results_and_an_open_one(app):
    from app.contests.models import Contest
    from app.contests.phases import phase_of
    from app.contests.states import ContestPhase, ProposalStatus

    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    contests = {phase_of(c): c for c in db.session.scalars(select(Contest))}
    assert set(contests) == {ContestPhase.RESULTS, ContestPhase.OPEN}
    finished = contests[ContestPhase.RESULTS]
    submitted = [p for p in finished.proposals if p.status == ProposalStatus.SUBMITTED]
    assert len(submitted) == 3 and all(p.decision for p in submitted)
    assert sum(p.decision.amount_awarded for p in submitted) <= finished.total_budget
    for proposal in submitted:
        assert len(proposal.consortium()) >= finished.min_organisations
        assert proposal.requested_amount <= finished.max_per_proposal
        assert proposal.decision.amount_awarded <= proposal.requested_amount
        # Two reviewers scored every criterion.
        assert len(proposal.scores) == 2 * len(finished.criteria)
    assert sum(c.weight for c in finished.criteria) == 100
    forming = contests[ContestPhase.OPEN].proposals[0]
    assert forming.status == ProposalStatus.DRAFT
    assert {p.status.value for p in forming.partners} == {"invited", "accepted"}


def test_demo_load_asks_for_the_open_data_snapshots_at_once(app, jobs):
    """Issue 16: a bulk load of pins is a bulk change; the whole-city files would otherwise
    list none of them until the nightly rebuild."""
    from app.snapshots import build_snapshots

    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert build_snapshots.name in jobs.names()
