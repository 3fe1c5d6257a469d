"""The one module that says who may do what."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.organisations.models import MembershipStatus, OrganisationStatus
from app.organisations.rules import (
    may_decide_memberships,
    may_edit_organisation,
    may_view_organisation,
)
from app.permissions import ROLE_POWERS, Power, has_power, is_staff_for_area
from tests.factories import add_member, make_area, make_organisation, make_user

EXPECTED = {
    Power.MANAGE_USERS: {Role.ADMIN},
    Power.MANAGE_CATEGORIES: {Role.ADMIN},
    Power.MANAGE_AREAS: {Role.ADMIN},
    Power.VERIFY_ORGANISATIONS: {Role.ADMIN},
    Power.MODERATE_CONTENT: {Role.MODERATOR, Role.ADMIN},
    Power.STAFF_WORK: {Role.STAFF, Role.ADMIN},
    Power.CREATE_ORGANISATION: set(Role),
    Power.JOIN_ORGANISATION: set(Role),
    Power.MANAGE_CONTESTS: {Role.STAFF, Role.ADMIN},
    Power.MANAGE_DEPARTMENTS: {Role.ADMIN},
    Power.REVIEW_ACCESS_LOG: {Role.PRIVACY_OFFICER},
    Power.OUTREACH_VISITS: {Role.OUTREACH_VISITOR, Role.STAFF, Role.ADMIN},
    Power.RUN_DIDIMDOL: {Role.PROGRAMME_OFFICER},
}


def test_every_power_is_in_the_table():
    assert set(ROLE_POWERS) == set(Power) == set(EXPECTED)


@pytest.mark.parametrize("power", list(Power))
@pytest.mark.parametrize("role", list(Role))
def test_role_powers(power, role):
    user = make_user(role)
    assert has_power(user, power) is (role in EXPECTED[power])


@pytest.mark.parametrize("power", list(Power))
def test_anonymous_has_no_power(app, power):
    assert has_power(AnonymousUserMixin(), power) is False


def test_staff_act_on_their_gu_and_its_dong_only():
    gu = make_area(level=AreaLevel.GU)
    dong = make_area(parent=gu)
    other_gu = make_area(level=AreaLevel.GU)
    other_dong = make_area(parent=other_gu)
    staff = make_user(Role.STAFF)
    staff.staff_areas = [gu]
    assert is_staff_for_area(staff, gu) and is_staff_for_area(staff, dong)
    assert not is_staff_for_area(staff, other_gu)
    assert not is_staff_for_area(staff, other_dong)
    assert not is_staff_for_area(staff, None)
    # Only a staff role makes assigned areas count.
    resident = make_user(Role.RESIDENT)
    resident.staff_areas = [gu]
    assert not is_staff_for_area(resident, dong)


def test_administrators_act_on_the_areas_they_are_assigned_only():
    """Administering accounts opens no welfare data: an administrator without an area is not
    staff of any area, and one assigned a gu is staff of it (and its dongs) like staff."""
    gu = make_area(level=AreaLevel.GU)
    dong = make_area(parent=gu)
    other_dong = make_area(parent=make_area(level=AreaLevel.GU))
    admin = make_user(Role.ADMIN)
    assert not is_staff_for_area(admin, dong) and not is_staff_for_area(admin, gu)
    admin.staff_areas = [gu]
    assert is_staff_for_area(admin, gu) and is_staff_for_area(admin, dong)
    assert not is_staff_for_area(admin, other_dong)


def test_organisation_powers_follow_membership():
    representative = make_user()
    organisation = make_organisation(
        representative=representative, status=OrganisationStatus.PENDING
    )
    member = make_user()
    add_member(organisation, member)
    applicant = make_user()
    add_member(organisation, applicant, MembershipStatus.PENDING)
    stranger = make_user()
    admin = make_user(Role.ADMIN)

    assert may_edit_organisation(representative, organisation)
    assert may_decide_memberships(representative, organisation)
    assert may_edit_organisation(admin, organisation)
    for person in (member, applicant, stranger):
        assert not may_edit_organisation(person, organisation)
        assert not may_decide_memberships(person, organisation)
    # A pending organisation is seen by its members and admins, not by others.
    assert may_view_organisation(member, organisation)
    assert may_view_organisation(admin, organisation)
    assert not may_view_organisation(applicant, organisation)
    assert not may_view_organisation(stranger, organisation)
    assert not may_view_organisation(AnonymousUserMixin(), organisation)
    organisation.status = OrganisationStatus.VERIFIED
    assert may_view_organisation(AnonymousUserMixin(), organisation)
