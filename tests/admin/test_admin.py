"""Administration: accounts and roles, staff areas, the verification queue, categories."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, StaffAreaChange
from app.areas.models import AreaLevel
from app.categories.models import Category, CategoryKind
from app.extensions import db
from app.job_failures import record_failure
from app.organisations.models import OrganisationStatus
from tests.factories import (
    PASSWORD,
    field_error,
    login,
    make_area,
    make_category,
    make_organisation,
    make_user,
    reload,
)


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def admin(client):
    user = make_user(Role.ADMIN)
    login(client, user)
    return user


# --- who may do what: the role x route table ---------------------------------------------------

PEOPLE = ["anonymous", *[r.value for r in Role]]


@pytest.fixture
def world():
    people = {role.value: make_user(role) for role in Role}
    return SimpleNamespace(
        people=people,
        target=make_user(Role.RESIDENT),
        pending=make_organisation(representative=make_user(), status=OrganisationStatus.PENDING),
        category=make_category(),
        failed_job=record_failure("app.notifications.tasks.deliver_emails", [[]], None),
    )


ROUTES = [
    ("GET", "/admin/"),
    ("GET", "/admin/users"),
    ("GET", "/admin/users/{target}"),
    ("POST", "/admin/users/{target}"),
    ("POST", "/admin/users/{target}/deactivate"),
    ("POST", "/admin/users/{target}/activate"),
    ("GET", "/admin/organisations"),
    ("POST", "/admin/organisations/{pending}/verify"),
    ("GET", "/admin/organisations/{pending}/reject"),
    ("POST", "/admin/organisations/{pending}/reject"),
    ("GET", "/admin/categories"),
    ("GET", "/admin/categories/new"),
    ("POST", "/admin/categories/new"),
    ("GET", "/admin/categories/{category}/edit"),
    ("POST", "/admin/categories/{category}/edit"),
    ("POST", "/admin/categories/{category}/deactivate"),
    ("POST", "/admin/categories/{category}/activate"),
    ("GET", "/admin/jobs"),
    ("POST", "/admin/jobs/{failed_job}/retry"),
]


def _path(template: str, world) -> str:
    return template.format(
        target=world.target.id,
        pending=world.pending.id,
        category=world.category.id,
        failed_job=world.failed_job.id,
    )


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(("method", "template"), ROUTES)
def test_role_route_table(client, world, method, template, who):
    if who != "anonymous":
        login(client, world.people[who])
    response = client.open(_path(template, world), method=method)
    if who == "anonymous":
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    elif who == Role.ADMIN.value:
        # A form sent empty comes back with its messages (200); actions redirect (302).
        assert response.status_code in ((200,) if method == "GET" else (200, 302))
    else:
        assert response.status_code == 403
    if who != Role.ADMIN.value:
        assert reload(world.failed_job).retried_at is None
        assert reload(world.pending).status == OrganisationStatus.PENDING
        assert reload(world.target).role == Role.RESIDENT
        assert reload(world.target).is_active_account


@pytest.mark.parametrize(
    "path",
    ["/admin/users/999999", "/admin/categories/999999/edit", "/admin/organisations/999999/reject"],
)
def test_missing_objects_are_not_found(client, admin, path):
    assert client.get(path).status_code == 404


def test_retrying_a_missing_failed_job_is_not_found(client, admin):
    assert client.post("/admin/jobs/999999/retry").status_code == 404


POST_ROUTES = [template for method, template in ROUTES if method == "POST"]


@pytest.mark.parametrize("template", POST_ROUTES)
def test_every_change_needs_a_csrf_token(client, world, request, template):
    login(client, world.people["admin"])
    request.getfixturevalue("csrf_on")
    data = {"role": "staff", "reason": "no", "slug": "x", "name_ko": "가", "name_en": "x"}
    response = client.post(_path(template, world), data=data)
    assert response.status_code == 400
    assert reload(world.pending).status == OrganisationStatus.PENDING
    assert reload(world.target).role == Role.RESIDENT
    assert reload(world.category).active
    assert reload(world.failed_job).retried_at is None


# --- dashboard and the account list ------------------------------------------------------------


def test_dashboard_counts_and_links(client, admin):
    make_organisation(representative=make_user(), status=OrganisationStatus.PENDING)
    make_organisation(representative=make_user(), status=OrganisationStatus.PENDING)
    page = client.get("/admin/").get_data(as_text=True)
    assert "2 organisations wait for verification" in page
    for link in ("/admin/users", "/admin/organisations", "/admin/categories"):
        assert f'href="{link}"' in page


def test_users_are_searched_by_email_or_name_and_filtered_by_role(client, admin):
    make_user(Role.STAFF, email="jongno.office@seoul.example", display_name="Park Staff")
    make_user(Role.RESIDENT, display_name="Choi Neighbour")
    page = client.get("/admin/users?q=jongno").get_data(as_text=True)
    assert "Park Staff" in page and "Choi Neighbour" not in page
    page = client.get("/admin/users?q=neighbour").get_data(as_text=True)
    assert "Choi Neighbour" in page and "Park Staff" not in page
    page = client.get("/admin/users?role=staff").get_data(as_text=True)
    assert "Park Staff" in page and "Choi Neighbour" not in page
    assert client.get("/admin/users?role=emperor").status_code == 200


def test_the_account_list_pages(client, admin):
    for _ in range(26):
        make_user()
    first = client.get("/admin/users?role=resident").get_data(as_text=True)
    assert "Page 1 of 2" in first and "role=resident" in first
    assert "Page 2 of 2" in client.get("/admin/users?role=resident&page=2").get_data(as_text=True)


# --- roles and staff areas ---------------------------------------------------------------------


def test_admin_makes_someone_staff_for_a_gu_and_a_dong(client, admin):
    gu = make_area(level=AreaLevel.GU, name_en="Mapo-gu")
    dong = make_area(parent=make_area(level=AreaLevel.GU), name_en="Seogyo-dong")
    person = make_user()
    form = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert "All of Mapo-gu" in form and "Seogyo-dong" in form
    response = client.post(
        f"/admin/users/{person.id}", data={"role": "staff", "areas": [gu.id, dong.id]}
    )
    assert response.status_code == 302
    person = reload(person)
    assert person.role == Role.STAFF
    assert {a.id for a in person.staff_areas} == {gu.id, dong.id}
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert f'value="{gu.id}" id="area-{gu.id}" checked' in page

    # Away from staff: the areas must be unticked too, then they are gone.
    response = client.post(f"/admin/users/{person.id}", data={"role": "resident"})
    assert response.status_code == 302
    person = reload(person)
    assert person.role == Role.RESIDENT and person.staff_areas == []


@pytest.mark.parametrize("role", ["resident", "org_member", "moderator"])
def test_areas_are_refused_for_anyone_but_staff_and_administrators(client, admin, role):
    area = make_area(level=AreaLevel.GU)
    person = make_user(Role.STAFF)
    person.staff_areas = [area]
    db.session.flush()
    response = client.post(f"/admin/users/{person.id}", data={"role": role, "areas": [area.id]})
    assert response.status_code == 200
    assert "Only city staff and administrators are assigned areas" in field_error(
        response.get_data(as_text=True), "areas"
    )
    person = reload(person)
    assert person.role == Role.STAFF and [a.id for a in person.staff_areas] == [area.id]


def test_an_administrator_gives_themselves_an_area_and_the_log_keeps_it(client, admin):
    """Administration is no licence to read welfare data: an administrator who needs an area's
    needs assigns it to themselves, and each grant and removal is recorded with who and when."""
    gu = make_area(level=AreaLevel.GU, name_en="Mapo-gu")
    dong = make_area(parent=gu, name_en="Seogyo-dong")
    assert client.get(f"/admin/users/{admin.id}").status_code == 200
    response = client.post(f"/admin/users/{admin.id}", data={"role": "admin", "areas": [gu.id]})
    assert response.status_code == 302
    assert [a.id for a in reload(admin).staff_areas] == [gu.id]
    client.post(f"/admin/users/{admin.id}", data={"role": "admin", "areas": [dong.id]})
    assert [a.id for a in reload(admin).staff_areas] == [dong.id]

    log = db.session.scalars(
        select(StaffAreaChange)
        .where(StaffAreaChange.user_id == admin.id)
        .order_by(StaffAreaChange.id)
    ).all()
    assert [(c.area_code, c.granted, c.changed_by_id) for c in log] == [
        (gu.code, True, admin.id),
        (gu.code, False, admin.id),  # one save's changes in the order of the areas' codes
        (dong.code, True, admin.id),
    ]
    assert all(c.changed_at is not None for c in log)
    page = client.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    log_html = page[page.index("Staff areas given and taken away") :]
    assert log_html.count("Taken away") == 1 and log_html.count("Given") == 2
    assert "Mapo-gu" in log_html and "Seogyo-dong" in log_html


def test_saving_the_same_areas_again_records_nothing(client, admin):
    area = make_area(level=AreaLevel.GU)
    person = make_user()
    for _ in range(2):
        client.post(f"/admin/users/{person.id}", data={"role": "staff", "areas": [area.id]})
    count = db.session.scalar(
        select(func.count(StaffAreaChange.id)).where(StaffAreaChange.user_id == person.id)
    )
    assert count == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": ""}, "role", "Choose one of the listed roles."),
        ({"role": "emperor"}, "role", "Choose one of the listed roles."),
        ({"role": "staff", "areas": ["999999"]}, "areas", "Choose from the listed areas."),
        ({"role": "staff", "areas": ["north"]}, "areas", "Choose from the listed areas."),
    ],
)
def test_bad_role_forms_are_refused_at_the_field(client, admin, data, field, message):
    person = make_user()
    response = client.post(f"/admin/users/{person.id}", data=data)
    assert message in (field_error(response.get_data(as_text=True), field) or "")
    assert reload(person).role == Role.RESIDENT


def test_an_admin_cannot_remove_their_own_admin_role(client, admin):
    response = client.post(f"/admin/users/{admin.id}", data={"role": "resident"})
    assert response.status_code == 200
    assert "cannot remove your own administrator role" in field_error(
        response.get_data(as_text=True), "role"
    )
    assert reload(admin).role == Role.ADMIN


def test_an_admin_may_demote_another_admin(client, admin):
    other = make_user(Role.ADMIN)
    client.post(f"/admin/users/{other.id}", data={"role": "moderator"})
    assert reload(other).role == Role.MODERATOR


def test_an_admin_cannot_deactivate_themselves(client, admin):
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    assert reload(admin).is_active_account


def test_deactivating_ends_the_persons_sessions_and_logins(client, admin, app):
    person = make_user()
    theirs = app.test_client()
    login(theirs, person)
    assert theirs.get("/account/organisations").status_code == 200

    token = person.session_token
    client.post(f"/admin/users/{person.id}/deactivate")
    assert reload(person).is_active_account is False
    assert reload(person).session_token != token  # open sessions end even if reactivated
    response = theirs.get("/account/organisations")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    refused = theirs.post("/login", data={"email": person.email, "password": PASSWORD})
    assert refused.status_code == 200  # the right password, and still no way in

    client.post(f"/admin/users/{person.id}/activate")
    assert reload(person).is_active_account
    login(theirs, person)


# --- the verification queue --------------------------------------------------------------------


def test_the_queue_shows_pending_organisations_first_and_filters_by_status(client, admin):
    make_organisation(
        representative=make_user(), status=OrganisationStatus.PENDING, name_en="Waiting Group"
    )
    make_organisation(name_en="Already Verified")
    make_organisation(status=OrganisationStatus.REJECTED, name_en="Turned Down")
    page = client.get("/admin/organisations").get_data(as_text=True)
    assert "Waiting Group" in page and "Already Verified" not in page
    page = client.get("/admin/organisations?status=rejected").get_data(as_text=True)
    assert "Turned Down" in page and "Waiting Group" not in page
    page = client.get("/admin/organisations?status=all").get_data(as_text=True)
    assert all(n in page for n in ("Waiting Group", "Already Verified", "Turned Down"))
    assert "Waiting Group" in client.get("/admin/organisations?status=bogus").get_data(as_text=True)


def test_verifying_twice_is_refused(client, admin):
    organisation = make_organisation()
    response = client.post(f"/admin/organisations/{organisation.id}/verify", follow_redirects=True)
    assert "already verified" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Say why, so the organisation can correct it."),
        ("   ", "Say why, so the organisation can correct it."),
        ("x" * 1001, "Use at most 1000 characters."),
    ],
)
def test_turning_down_needs_a_reason(client, admin, reason, message):
    organisation = make_organisation(representative=make_user(), status=OrganisationStatus.PENDING)
    response = client.post(
        f"/admin/organisations/{organisation.id}/reject", data={"reason": reason}
    )
    assert response.status_code == 200
    assert message in field_error(response.get_data(as_text=True), "reason")
    assert reload(organisation).status == OrganisationStatus.PENDING


def test_turning_down_keeps_the_reason_and_withdraws_the_member_role(client, admin):
    representative = make_user()
    organisation = make_organisation(representative=representative)
    representative.role = Role.ORG_MEMBER
    db.session.flush()
    response = client.post(
        f"/admin/organisations/{organisation.id}/reject?status=verified",
        data={"reason": "This is a private company's advert."},
    )
    assert response.headers["Location"].endswith("/admin/organisations?status=verified")
    organisation = reload(organisation)
    assert organisation.status == OrganisationStatus.REJECTED
    assert organisation.rejection_reason == "This is a private company's advert."
    # Who turned it down, and when, is kept.
    assert organisation.reviewed_by_id == admin.id and organisation.reviewed_at is not None
    assert reload(representative).role == Role.RESIDENT
    assert "private company" in client.get(f"/organisations/{organisation.id}").get_data(
        as_text=True
    )


# --- categories --------------------------------------------------------------------------------

VALID_CATEGORY = {
    "slug": "housing-repair",
    "name_ko": "집수리",
    "name_en": "Housing repair",
    "kind": "both",
    "position": "3",
    "active": "y",
}


def category_count() -> int:
    return db.session.scalar(select(func.count(Category.id)))


def test_admin_adds_a_category(client, admin):
    response = client.post("/admin/categories/new", data=VALID_CATEGORY)
    assert response.status_code == 302
    category = db.session.scalar(select(Category).where(Category.slug == "housing-repair"))
    assert (category.name_ko, category.name_en, category.kind) == (
        "집수리",
        "Housing repair",
        CategoryKind.BOTH,
    )
    assert category.position == 3 and category.active
    page = client.get("/admin/categories").get_data(as_text=True)
    assert "Housing repair" in page and "Needs and offers" in page


def test_the_slug_is_read_in_lower_case(client, admin):
    client.post("/admin/categories/new", data={**VALID_CATEGORY, "slug": " Food-Bank "})
    assert db.session.scalar(select(Category).where(Category.slug == "food-bank")) is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("slug", "", "Enter a short name."),
        ("slug", "housing repair", "Use lower-case Latin letters"),
        ("slug", "집수리", "Use lower-case Latin letters"),
        ("slug", "a" * 61, "Use at most 60 characters."),
        ("slug", "taken", "Another category already uses this short name."),
        ("name_ko", "", "Enter the Korean name."),
        ("name_en", " ", "Enter the English name."),
        ("name_en", "x" * 121, "Use at most 120 characters."),
        ("kind", "", "Choose what the category is used for."),
        ("kind", "gift", "Choose what the category is used for."),
        ("position", "", "Enter a whole number."),
        ("position", "first", "Enter a whole number."),
        ("position", "-1", "Enter a number from 0 to 9999."),
    ],
)
def test_bad_categories_are_refused_at_the_field(client, admin, field, value, message):
    make_category(slug="taken")
    before = category_count()
    response = client.post("/admin/categories/new", data={**VALID_CATEGORY, field: value})
    assert response.status_code == 200
    error = field_error(response.get_data(as_text=True), field) or ""
    assert message in error
    assert error.count(".") == 1  # one message, not a pile
    assert category_count() == before


def test_editing_a_category_and_keeping_its_own_slug(client, admin):
    category = make_category(slug="food", kind=CategoryKind.NEED)
    make_category(slug="heating")
    data = {**VALID_CATEGORY, "slug": "food", "name_en": "Food and meals", "kind": "offer"}
    assert client.post(f"/admin/categories/{category.id}/edit", data=data).status_code == 302
    category = reload(category)
    assert category.name_en == "Food and meals" and category.kind == CategoryKind.OFFER

    taken = client.post(f"/admin/categories/{category.id}/edit", data={**data, "slug": "heating"})
    assert "already uses" in field_error(taken.get_data(as_text=True), "slug")
    assert reload(category).slug == "food"


def test_categories_are_deactivated_never_deleted(client, admin):
    category = make_category()
    client.post(f"/admin/categories/{category.id}/deactivate")
    assert reload(category).active is False
    assert "Inactive" in client.get("/admin/categories").get_data(as_text=True)
    client.post(f"/admin/categories/{category.id}/activate")
    assert reload(category).active is True
    assert client.post(f"/admin/categories/{category.id}/delete").status_code in (404, 405)
    assert reload(category) is not None


def test_making_someone_staff_without_an_area_asks_for_confirmation(client, admin):
    person = make_user()
    response = client.post(f"/admin/users/{person.id}", data={"role": "staff"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Staff without an area see no exact place" in (field_error(html, "areas") or "")
    assert 'name="without_areas"' in html
    assert reload(person).role == Role.RESIDENT

    confirmed = {"role": "staff", "without_areas": "y"}
    assert client.post(f"/admin/users/{person.id}", data=confirmed).status_code == 302
    person = reload(person)
    assert person.role == Role.STAFF and person.staff_areas == []


def test_the_confirmation_is_not_asked_with_an_area_or_for_another_role(client, admin):
    area = make_area(level=AreaLevel.GU)
    person = make_user()
    page = client.get(f"/admin/users/{person.id}").get_data(as_text=True)
    assert 'name="without_areas"' not in page
    for data in ({"role": "staff", "areas": [area.id]}, {"role": "moderator"}):
        assert client.post(f"/admin/users/{person.id}", data=data).status_code == 302


def test_the_area_log_heads_its_moments_with_ilsi_in_korean(app, admin):
    """'When' of a history table is a moment (일시), not a period (기간) as on a pin's form."""
    korean = app.test_client()
    korean.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ko"
    login(korean, admin)
    korean.post(f"/admin/users/{admin.id}", data={"role": "admin", "areas": [make_area().id]})
    page = korean.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert '<th scope="col">일시</th>' in page
    assert "기간" not in page
