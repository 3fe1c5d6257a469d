"""Staff running contests: the contest form's rules, Seoul time, what may change once open,
closing early and extending (with their record), and assigning reviewers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import from_seoul, to_seoul, utcnow
from app.contests.management import errors, services
from app.contests.models import Contest, ContestReviewer
from app.contests.phases import phase_of
from app.contests.states import ContestPhase, DateChangeKind, ProposalStatus, RecusalReason
from app.extensions import db
from app.notifications.models import Notification, NotificationKind
from tests.contests.factories import assign_reviewer, decide, make_contest, make_proposal, score_all
from tests.contests.test_pages import future_form_date, valid_contest_form
from tests.factories import add_member, field_error, login, make_area, make_user, reload


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def staff():
    return make_user(Role.STAFF, display_name="Park Staff")


@pytest.fixture
def staff_client(client, staff):
    login(client, staff)
    return client


def contest_count() -> int:
    return db.session.scalar(select(func.count(Contest.id)))


def seoul_input(moment: datetime) -> str:
    return to_seoul(moment).strftime("%Y-%m-%dT%H:%M")


# --- Seoul time -----------------------------------------------------------------------------------


def test_from_seoul_and_back():
    local = datetime(2026, 12, 1, 18, 0)
    assert from_seoul(local) == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert to_seoul(datetime(2026, 12, 1, 9, 0, tzinfo=UTC)) == local


def test_dates_typed_in_seoul_time_are_stored_in_utc(staff_client):
    year = utcnow().year + 1
    response = staff_client.post(
        "/contests/new",
        data=valid_contest_form(
            opens_at=f"{year}-12-01T18:00",
            closes_at=f"{year}-12-31T18:00",
            results_at=f"{year + 1}-01-15T00:30",
        ),
    )
    assert response.status_code == 302
    contest = db.session.scalar(select(Contest).order_by(Contest.id.desc()))
    assert contest.opens_at == datetime(year, 12, 1, 9, 0, tzinfo=UTC)
    assert contest.closes_at == datetime(year, 12, 31, 9, 0, tzinfo=UTC)
    # 00:30 on 15 January in Seoul is 15:30 on 14 January in UTC
    assert contest.results_at == datetime(year + 1, 1, 14, 15, 30, tzinfo=UTC)
    # The edit form shows them on the Seoul clock again.
    page = staff_client.get(f"/contests/{contest.id}/edit").get_data(as_text=True)
    assert f'value="{year}-12-01T18:00"' in page
    assert 'type="datetime-local"' in page


# --- creating: the form's rules ------------------------------------------------------------------


def test_staff_create_a_draft_contest(staff_client, staff):
    gu = make_area(level=AreaLevel.GU, name_en="Hope-gu")
    dong = make_area(parent=gu, name_en="Hope-dong")
    response = staff_client.post(
        "/contests/new",
        data=valid_contest_form(
            target_areas=[str(gu.id), str(dong.id)],
            **{"criteria-3-name_ko": "", "criteria-3-weight": ""},
        ),
    )
    assert response.status_code == 302
    contest = db.session.scalar(select(Contest).order_by(Contest.id.desc()))
    assert response.headers["Location"].endswith(f"/contests/{contest.id}")
    assert contest.title_ko == "2027 희망 컨소시엄 공모"
    assert contest.total_budget == 100_000_000
    assert contest.max_per_proposal == 30_000_000
    assert contest.min_organisations == 3
    assert {a.id for a in contest.target_areas} == {gu.id, dong.id}
    assert [(c.name_ko, c.name_en, c.weight) for c in contest.criteria] == [
        ("필요성", "Need", 60),
        ("실현 가능성", "Feasibility", 40),
    ]
    assert contest.created_by_id == staff.id
    assert phase_of(contest) == ContestPhase.DRAFT


def test_amounts_may_be_typed_with_commas(staff_client):
    data = valid_contest_form(total_budget="100,000,000", max_per_proposal="30,000,000")
    assert staff_client.post("/contests/new", data=data).status_code == 302


def _blank_criteria() -> dict:
    return {
        "criteria-0-name_ko": "",
        "criteria-0-name_en": "",
        "criteria-0-weight": "",
        "criteria-1-name_ko": "",
        "criteria-1-name_en": "",
        "criteria-1-weight": "",
    }


INVALID = {
    "no Korean title": ({"title_ko": "  "}, "title_ko", "Enter the contest's Korean title."),
    "title too long": ({"title_ko": "가" * 201}, "title_ko", "Use at most 200 characters."),
    "no budget": ({"total_budget": ""}, "total_budget", "Enter an amount in won."),
    "budget not a number": (
        {"total_budget": "a lot"},
        "total_budget",
        "Enter an amount in won, such as 50000000.",
    ),
    "budget zero": ({"total_budget": "0"}, "total_budget", "Enter an amount of at least 1 won."),
    "negative maximum": (
        {"max_per_proposal": "-5"},
        "max_per_proposal",
        "Enter an amount of at least 1 won.",
    ),
    "maximum above total": (
        {"max_per_proposal": "200000000"},
        "max_per_proposal",
        "The maximum per proposal cannot be more than the total budget.",
    ),
    "no minimum of organisations": (
        {"min_organisations": ""},
        "min_organisations",
        "Enter how many organisations a consortium needs.",
    ),
    "zero organisations": (
        {"min_organisations": "0"},
        "min_organisations",
        "Enter a number from 1 to 50.",
    ),
    "51 organisations": (
        {"min_organisations": "51"},
        "min_organisations",
        "Enter a number from 1 to 50.",
    ),
    "unknown area": ({"target_areas": "999999"}, "target_areas", "Choose from the listed areas."),
    "area not a number": ({"target_areas": "x"}, "target_areas", "Choose from the listed areas."),
    "no criteria": (_blank_criteria(), "criteria", "Give at least one criterion with its weight."),
    "weights add up to 90": (
        {"criteria-1-weight": "30"},
        "criteria",
        "The weights must add up to exactly 100. Now they add up to 90.",
    ),
    "weights add up to 110 with a third row": (
        {"criteria-2-name_ko": "협력", "criteria-2-weight": "10"},
        "criteria",
        "The weights must add up to exactly 100. Now they add up to 110.",
    ),
    "criterion without a name": (
        {"criteria-0-name_ko": ""},
        "criteria-0-name_ko",
        "Enter the criterion's Korean name.",
    ),
    "criterion with an English name only": (
        {"criteria-2-name_en": "Partnership"},
        "criteria-2-name_ko",
        "Enter the criterion's Korean name.",
    ),
    "criterion without a weight": (
        {"criteria-1-weight": ""},
        "criteria-1-weight",
        "Enter a weight from 1 to 100.",
    ),
    "weight zero": (
        {"criteria-0-weight": "0", "criteria-1-weight": "100"},
        "criteria-0-weight",
        "Enter a weight from 1 to 100.",
    ),
    "weight not a number": (
        {"criteria-0-weight": "sixty"},
        "criteria-0-weight",
        "Enter a whole number, such as 20.",
    ),
    "no opening date": ({"opens_at": ""}, "opens_at", "Enter when the contest opens."),
    "opening not a date": (
        {"opens_at": "next monday"},
        "opens_at",
        "Enter a date and time, such as 2026-12-01 18:00.",
    ),
    "no deadline": ({"closes_at": ""}, "closes_at", "Enter the deadline for proposals."),
    "no results date": ({"results_at": ""}, "results_at", "Enter when the results are public."),
    "deadline before opening": (
        {"opens_at": future_form_date(30), "closes_at": future_form_date(3)},
        "closes_at",
        "The deadline must be after the opening.",
    ),
    "deadline equal to opening": (
        {"closes_at": future_form_date(3)},
        "closes_at",
        "The deadline must be after the opening.",
    ),
    "deadline in the past": (
        {"opens_at": future_form_date(-10), "closes_at": future_form_date(-1)},
        "closes_at",
        "The deadline must be in the future.",
    ),
    "results before the deadline": (
        {"results_at": future_form_date(20)},
        "results_at",
        "The results cannot be published before the deadline.",
    ),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_invalid_contests_are_refused_with_the_message_at_the_field(staff_client, case):
    changes, field_id, message = INVALID[case]
    before = contest_count()
    response = staff_client.post("/contests/new", data=valid_contest_form(**changes))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error(html, field_id) == message
    assert "Please correct the marked fields." in html
    assert contest_count() == before


def test_every_broken_rule_shows_at_once(staff_client):
    data = valid_contest_form(
        title_ko="",
        max_per_proposal="999999999",
        results_at=future_form_date(10),
        **{"criteria-1-weight": "10"},
    )
    html = staff_client.post("/contests/new", data=data).get_data(as_text=True)
    assert field_error(html, "title_ko")
    assert field_error(html, "max_per_proposal")
    assert field_error(html, "criteria")
    assert field_error(html, "results_at")


def test_the_forms_speak_korean_by_default(app, staff):
    contest = make_contest(ContestPhase.OPEN)
    korean = app.test_client()
    login(korean, staff)
    html = korean.post(f"/contests/{contest.id}/reviewers", data={"email": "x"}).get_data(
        as_text=True
    )
    assert field_error(html, "email") == "올바른 이메일 주소를 입력하세요."


def test_an_opening_date_in_the_past_opens_the_contest_at_once(staff_client):
    data = valid_contest_form(opens_at=future_form_date(-1))
    assert staff_client.post("/contests/new", data=data).status_code == 302
    contest = db.session.scalar(select(Contest).order_by(Contest.id.desc()))
    assert phase_of(contest) == ContestPhase.OPEN


def test_the_service_refuses_what_the_form_would(staff):
    details = services.ContestDetails(
        title_ko="공모",
        title_en=None,
        description_ko="",
        description_en=None,
        total_budget=10,
        max_per_proposal=20,
        min_organisations=2,
        opens_at=utcnow() + timedelta(days=1),
        closes_at=utcnow() + timedelta(days=2),
        results_at=utcnow() + timedelta(days=3),
        criteria=[services.CriterionDetails("필요성", None, 100)],
    )
    with pytest.raises(errors.MaxAboveTotal):
        services.create_contest(staff, details)
    details.max_per_proposal = 5
    details.criteria = [services.CriterionDetails("필요성", None, 50)]
    with pytest.raises(errors.WeightsNot100) as caught:
        services.create_contest(staff, details)
    assert "50" in str(caught.value.message)
    details.criteria = []
    with pytest.raises(errors.NoCriteria):
        services.create_contest(staff, details)


# --- editing --------------------------------------------------------------------------------------


def test_a_draft_can_be_edited_entirely(staff_client):
    contest = make_contest(ContestPhase.DRAFT)
    area = make_area()
    data = valid_contest_form(
        title_ko="고친 제목",
        total_budget="50000000",
        max_per_proposal="10000000",
        min_organisations="2",
        target_areas=str(area.id),
        **{
            "criteria-0-weight": "100",
            "criteria-1-name_ko": "",
            "criteria-1-name_en": "",
            "criteria-1-weight": "",
        },
    )
    assert staff_client.post(f"/contests/{contest.id}/edit", data=data).status_code == 302
    contest = reload(contest)
    assert contest.title_ko == "고친 제목"
    assert (contest.total_budget, contest.max_per_proposal) == (50_000_000, 10_000_000)
    assert contest.min_organisations == 2
    assert [a.id for a in contest.target_areas] == [area.id]
    assert [(c.name_ko, c.weight) for c in contest.criteria] == [("필요성", 100)]


def test_the_draft_edit_form_shows_the_present_values(staff_client):
    area = make_area()
    contest = make_contest(ContestPhase.DRAFT, target_areas=[area])
    page = staff_client.get(f"/contests/{contest.id}/edit").get_data(as_text=True)
    assert 'value="100000000"' in page
    assert 'id="criteria-2-name_en"' in page and 'value="Partnership"' in page
    assert 'id="criteria-5-weight"' in page  # six rows, the last three blank
    assert f'value="{area.id}" id="target-area-{area.id}" checked' in page
    assert f'value="{seoul_input(contest.closes_at)}"' in page


def test_unticking_every_area_makes_a_draft_city_wide(staff_client):
    contest = make_contest(ContestPhase.DRAFT, target_areas=[make_area()])
    data = valid_contest_form()
    assert staff_client.post(f"/contests/{contest.id}/edit", data=data).status_code == 302
    assert reload(contest).target_areas == []


@pytest.mark.parametrize("phase", [ContestPhase.OPEN, ContestPhase.REVIEW, ContestPhase.RESULTS])
def test_once_open_only_the_texts_can_be_edited(staff_client, phase):
    contest = make_contest(phase)
    page = staff_client.get(f"/contests/{contest.id}/edit").get_data(as_text=True)
    assert "only its titles and descriptions can be changed now" in page
    assert 'name="total_budget"' not in page and 'name="closes_at"' not in page
    response = staff_client.post(
        f"/contests/{contest.id}/edit",
        data={"title_ko": "고친 제목", "title_en": "", "description_ko": "새 설명"},
    )
    assert response.status_code == 302
    contest = reload(contest)
    assert (contest.title_ko, contest.title_en, contest.description_ko) == (
        "고친 제목",
        None,
        "새 설명",
    )


def test_the_full_form_sent_after_the_contest_opened_saves_nothing(staff_client):
    contest = make_contest(ContestPhase.OPEN)
    deadline = contest.closes_at
    response = staff_client.post(
        f"/contests/{contest.id}/edit",
        data=valid_contest_form(title_ko="몰래 고친 제목", total_budget="1000"),
    )
    assert response.status_code == 200
    assert "only its texts can be changed now" in response.get_data(as_text=True)
    contest = reload(contest)
    assert contest.title_ko == "희망온돌 컨소시엄 공모"
    assert contest.total_budget == 100_000_000
    assert contest.closes_at == deadline


def test_the_text_form_still_requires_a_korean_title(staff_client):
    contest = make_contest(ContestPhase.OPEN)
    html = staff_client.post(f"/contests/{contest.id}/edit", data={"title_ko": ""}).get_data(
        as_text=True
    )
    assert field_error(html, "title_ko") == "Enter the contest's Korean title."
    assert reload(contest).title_ko == "희망온돌 컨소시엄 공모"


def test_the_service_refuses_to_change_terms_once_open(staff):
    contest = make_contest(ContestPhase.OPEN)
    details = services.ContestDetails(
        title_ko="x",
        title_en=None,
        description_ko="",
        description_en=None,
        total_budget=1,
        max_per_proposal=1,
        min_organisations=1,
        opens_at=contest.opens_at,
        closes_at=contest.closes_at,
        results_at=contest.results_at,
        criteria=[services.CriterionDetails("x", None, 100)],
    )
    with pytest.raises(errors.LockedOnceOpen):
        services.update_contest(contest, details)
    assert reload(contest).total_budget == 100_000_000


# --- closing early --------------------------------------------------------------------------------


def test_closing_early_moves_the_deadline_to_now_and_records_why(staff_client, staff):
    contest = make_contest(ContestPhase.OPEN)
    old_deadline, results = contest.closes_at, contest.results_at
    before = utcnow()
    response = staff_client.post(
        f"/contests/{contest.id}/close", data={"close-reason": "The budget is spoken for"}
    )
    assert response.status_code == 302
    contest = reload(contest)
    assert before <= contest.closes_at <= utcnow()
    assert contest.results_at == results
    assert phase_of(contest) == ContestPhase.REVIEW
    [change] = contest.date_changes
    assert change.kind == DateChangeKind.CLOSE_EARLY
    assert (change.old_at, change.new_at) == (old_deadline, contest.closes_at)
    assert change.reason == "The budget is spoken for"
    assert change.changed_by_id == staff.id
    page = staff_client.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert "Closed early" in page and "The budget is spoken for" in page


def test_closing_early_needs_a_reason(staff_client):
    contest = make_contest(ContestPhase.OPEN)
    deadline = contest.closes_at
    response = staff_client.post(f"/contests/{contest.id}/close", data={"close-reason": " "})
    html = response.get_data(as_text=True)
    assert field_error(html, "close-reason") == "Say why. The reason is shown on the contest page."
    contest = reload(contest)
    assert contest.closes_at == deadline and contest.date_changes == []


@pytest.mark.parametrize("phase", [ContestPhase.DRAFT, ContestPhase.REVIEW, ContestPhase.RESULTS])
def test_only_an_open_contest_can_be_closed_early(staff_client, phase):
    contest = make_contest(phase)
    deadline = contest.closes_at
    response = staff_client.post(
        f"/contests/{contest.id}/close", data={"close-reason": "x"}, follow_redirects=True
    )
    assert "Only a contest that is open for proposals can be closed early." in response.get_data(
        as_text=True
    )
    contest = reload(contest)
    assert contest.closes_at == deadline and contest.date_changes == []


# --- extending ------------------------------------------------------------------------------------


def test_extending_an_open_contest_records_the_change(staff_client, staff):
    contest = make_contest(ContestPhase.OPEN)
    old_deadline = contest.closes_at
    new_deadline = (old_deadline + timedelta(days=5)).replace(second=0, microsecond=0)
    response = staff_client.post(
        f"/contests/{contest.id}/extend",
        data={"extend-closes_at": seoul_input(new_deadline), "extend-reason": "Holidays"},
    )
    assert response.status_code == 302
    contest = reload(contest)
    assert contest.closes_at == new_deadline
    [change] = contest.date_changes
    assert change.kind == DateChangeKind.EXTEND
    assert (change.old_at, change.new_at) == (old_deadline, new_deadline)
    assert (change.reason, change.changed_by_id) == ("Holidays", staff.id)


def test_extending_a_contest_under_review_opens_it_again(staff_client):
    contest = make_contest(ContestPhase.REVIEW)
    make_proposal(contest, status=ProposalStatus.SUBMITTED)
    new_deadline = utcnow() + timedelta(days=3)
    response = staff_client.post(
        f"/contests/{contest.id}/extend",
        data={"extend-closes_at": seoul_input(new_deadline), "extend-reason": "Too few"},
    )
    assert response.status_code == 302
    assert phase_of(reload(contest)) == ContestPhase.OPEN


def test_a_contest_with_a_decision_is_not_opened_again(staff_client):
    contest = make_contest(ContestPhase.REVIEW)
    decide(make_proposal(contest, status=ProposalStatus.SUBMITTED), True, 10_000_000)
    deadline = contest.closes_at
    response = staff_client.post(
        f"/contests/{contest.id}/extend",
        data={
            "extend-closes_at": seoul_input(utcnow() + timedelta(days=3)),
            "extend-reason": "x",
        },
        follow_redirects=True,
    )
    assert "Decisions have already been recorded" in response.get_data(as_text=True)
    contest = reload(contest)
    assert contest.closes_at == deadline and contest.date_changes == []


@pytest.mark.parametrize(
    ("phase", "message"),
    [
        (ContestPhase.DRAFT, "This contest has not opened yet: change its dates by editing it."),
        (
            ContestPhase.RESULTS,
            "The results are published: the deadline can no longer be extended.",
        ),
    ],
)
def test_drafts_and_finished_contests_are_not_extended(staff_client, phase, message):
    contest = make_contest(phase)
    deadline = contest.closes_at
    response = staff_client.post(
        f"/contests/{contest.id}/extend",
        data={
            "extend-closes_at": seoul_input(contest.closes_at + timedelta(hours=1)),
            "extend-reason": "x",
        },
        follow_redirects=True,
    )
    assert message in response.get_data(as_text=True)
    assert reload(contest).closes_at == deadline


def _extend_to(client, contest, when: datetime | str, reason="More time"):
    value = when if isinstance(when, str) else seoul_input(when)
    return client.post(
        f"/contests/{contest.id}/extend",
        data={"extend-closes_at": value, "extend-reason": reason},
    )


def test_the_new_deadline_must_be_later(staff_client):
    contest = make_contest(ContestPhase.OPEN)
    deadline = contest.closes_at
    html = _extend_to(staff_client, contest, deadline - timedelta(days=1)).get_data(as_text=True)
    assert field_error(html, "extend-closes_at") == (
        "The new deadline must be later than the present one."
    )
    assert reload(contest).closes_at == deadline


def test_a_reopened_deadline_must_be_in_the_future(staff_client):
    contest = make_contest(ContestPhase.REVIEW)  # closed a day ago
    html = _extend_to(staff_client, contest, utcnow() - timedelta(hours=2)).get_data(as_text=True)
    assert field_error(html, "extend-closes_at") == "The new deadline must be in the future."


def test_the_new_deadline_must_be_before_the_results(staff_client):
    contest = make_contest(ContestPhase.OPEN)
    deadline = contest.closes_at
    at_results = contest.results_at + timedelta(minutes=1)  # the form has no seconds
    html = _extend_to(staff_client, contest, at_results).get_data(as_text=True)
    message = field_error(html, "extend-closes_at")
    assert message.startswith("The new deadline must be before the results date (")
    assert reload(contest).closes_at == deadline


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        (
            {"extend-closes_at": "", "extend-reason": "x"},
            "extend-closes_at",
            "Enter the new deadline.",
        ),
        (
            {"extend-closes_at": "soon", "extend-reason": "x"},
            "extend-closes_at",
            "Enter a date and time, such as 2026-12-01 18:00.",
        ),
        (
            {"extend-closes_at": future_form_date(15), "extend-reason": ""},
            "extend-reason",
            "Say why. The reason is shown on the contest page.",
        ),
    ],
)
def test_the_extend_form_checks_its_fields(staff_client, data, field_id, message):
    contest = make_contest(ContestPhase.OPEN)
    html = staff_client.post(f"/contests/{contest.id}/extend", data=data).get_data(as_text=True)
    assert field_error(html, field_id) == message
    assert reload(contest).date_changes == []


def test_the_extend_form_reads_seoul_time(staff_client):
    contest = make_contest(ContestPhase.OPEN)
    year = utcnow().year
    contest.results_at = datetime(year + 2, 1, 1, tzinfo=UTC)
    db.session.flush()
    response = _extend_to(staff_client, contest, f"{year + 1}-12-01T18:00")
    assert response.status_code == 302
    assert reload(contest).closes_at == datetime(year + 1, 12, 1, 9, 0, tzinfo=UTC)


# --- reviewers ------------------------------------------------------------------------------------


def test_assigning_a_reviewer_records_recusals_and_notifies(staff_client, staff):
    contest = make_contest(ContestPhase.REVIEW)
    conflicted = make_proposal(contest, status=ProposalStatus.SUBMITTED)
    clean = make_proposal(contest, status=ProposalStatus.SUBMITTED)
    reviewer = make_user(email="Reviewer@Example.org", display_name="Lee Reviewer")
    supporter = conflicted.partners[0].organisation
    add_member(supporter, reviewer)

    response = staff_client.post(
        f"/contests/{contest.id}/reviewers", data={"email": " reviewer@example.org "}
    )
    assert response.status_code == 302
    contest = reload(contest)
    [assignment] = contest.reviewers
    assert (assignment.user_id, assignment.assigned_by_id) == (reviewer.id, staff.id)
    [recusal] = reload(conflicted).recusals
    assert recusal.reviewer_id == reviewer.id
    assert recusal.reason == RecusalReason.MEMBERSHIP
    assert recusal.organisation_id == supporter.id
    assert reload(clean).recusals == []
    [notification] = db.session.scalars(
        select(Notification).where(Notification.user_id == reviewer.id)
    ).all()
    assert notification.kind == NotificationKind.REVIEWER_ASSIGNED
    assert notification.link == f"/contests/{contest.id}/review"
    assert contest.title_ko in notification.subject  # in the reviewer's language (Korean)

    page = staff_client.get(f"/contests/{contest.id}/reviewers").get_data(as_text=True)
    assert "Lee Reviewer" in page
    assert "<td>1</td>" in page  # one recusal


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the email address of the reviewer's account."),
        ("not-an-email", "Enter a valid email address."),
        (
            "nobody@example.org",
            "No account has this email address. The reviewer must register first.",
        ),
        ("inactive@example.org", "This account is deactivated, so it cannot review."),
        ("already@example.org", "This person is already a reviewer of this contest."),
    ],
)
def test_reviewer_assignment_refusals(staff_client, email, message):
    contest = make_contest(ContestPhase.OPEN)
    make_user(email="inactive@example.org", is_active_account=False)
    assign_reviewer(contest, make_user(email="already@example.org"))
    html = staff_client.post(f"/contests/{contest.id}/reviewers", data={"email": email}).get_data(
        as_text=True
    )
    assert field_error(html, "email") == message
    assert len(reload(contest).reviewers) == 1
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_no_reviewers_are_added_after_the_results(staff_client):
    contest = make_contest(ContestPhase.RESULTS)
    make_user(email="late@example.org")
    page = staff_client.get(f"/contests/{contest.id}/reviewers").get_data(as_text=True)
    assert 'name="email"' not in page
    html = staff_client.post(
        f"/contests/{contest.id}/reviewers", data={"email": "late@example.org"}
    ).get_data(as_text=True)
    assert "The results are published: reviewers can no longer be added." in html
    assert reload(contest).reviewers == []


def test_a_reviewer_without_scores_can_be_removed(staff_client):
    contest = make_contest(ContestPhase.REVIEW)
    reviewer = assign_reviewer(contest)
    assignment_id = contest.reviewers[0].id
    response = staff_client.post(f"/contests/{contest.id}/reviewers/{assignment_id}/remove")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ContestReviewer, assignment_id) is None
    assert reload(reviewer) is not None


def test_a_reviewer_who_scored_stays(staff_client):
    contest = make_contest(ContestPhase.REVIEW)
    reviewer = assign_reviewer(contest)
    score_all(make_proposal(contest, status=ProposalStatus.SUBMITTED), reviewer, 7)
    assignment_id = contest.reviewers[0].id
    page = staff_client.get(f"/contests/{contest.id}/reviewers").get_data(as_text=True)
    assert f"/reviewers/{assignment_id}/remove" not in page
    response = staff_client.post(
        f"/contests/{contest.id}/reviewers/{assignment_id}/remove", follow_redirects=True
    )
    assert "has already given scores" in response.get_data(as_text=True)
    assert db.session.get(ContestReviewer, assignment_id) is not None


def test_scores_in_another_contest_do_not_keep_a_reviewer(staff_client):
    contest = make_contest(ContestPhase.REVIEW)
    other = make_contest(ContestPhase.REVIEW)
    reviewer = assign_reviewer(contest)
    assign_reviewer(other, reviewer)
    score_all(make_proposal(other, status=ProposalStatus.SUBMITTED), reviewer, 7)
    assignment_id = contest.reviewers[0].id
    assert staff_client.post(f"/contests/{contest.id}/reviewers/{assignment_id}/remove")
    db.session.expire_all()
    assert db.session.get(ContestReviewer, assignment_id) is None
