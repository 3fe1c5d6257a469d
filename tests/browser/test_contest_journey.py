"""A lead organisation forms a consortium with two supporters and submits a proposal; staff
close the contest, a reviewer scores it, staff decide and publish the results, and the public
sees the funded project on the results page and its map. The same journey in Korean and in
English, each with its own people, organisations and contest."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import APIRequestContext, Locator, Page, expect

from app.accounts.models import Role
from app.accounts.services import register_user
from app.areas.models import AreaLevel
from app.contests.states import ContestPhase
from app.extensions import db
from tests.contests.factories import assign_reviewer, make_contest
from tests.factories import make_area, make_organisation

PASSWORD = "journey passphrase 2026"
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

# The reviewer's scores per criterion (tests/contests/factories.CRITERIA: weights 40, 30, 30):
# 9/10 x 40 + 7/10 x 30 + 8/10 x 30 = 36 + 21 + 24.
SCORES = {"Need": 9, "Feasibility": 7, "Partnership": 8}
WEIGHTED_TOTAL = "81.0"
BUDGET = (("활동가 인건비", "12,000,000"), ("반찬 재료비", "8,500,000"))  # 20,500,000 won
AWARDED = "20,000,000"

TEXT = {
    "ko": {
        "log out": "로그아웃",
        "start as lead": "{name} 주관으로 제안서 쓰기",
        "start draft": "초안 만들기",
        "project title": "사업명",
        "summary": "사업 요약",
        "beneficiaries": "예상 수혜자 수(명)",
        "who benefits": "수혜 대상",
        "timeline": "일정",
        "whole district": "{gu} 전체",
        "item": "{n}번째 줄 항목",
        "amount": "{n}번째 줄 금액(원)",
        "save draft": "초안 저장",
        "organisation": "단체",
        "role": "사업에서 맡을 역할",
        "invite": "초대 보내기",
        "more must accept": "2개 단체가 더 초대를 수락해야 합니다",
        "unanswered": "아직 답이 없는 초대가 2건",
        "unread": "알림 (읽지 않음 1)",
        "open notification": "열기",
        "invitation subject": "컨소시엄 초대: {title}",
        "accept": "수락",
        "submit": "제안서 제출",
        "submitted": "제안서를 제출했습니다.",
        "close early": "조기 마감",
        "reason": "사유",
        "close now": "지금 마감하기",
        "review list": "내 심사 목록",
        "criteria": {"Need": "필요성", "Feasibility": "실현 가능성", "Partnership": "협력"},
        "score": "점수(0–10)",
        "comment": "의견",
        "save scores": "점수 저장",
        "ranking": "순위와 결정",
        "decide": "“{title}” 결정하기",
        "selected": "선정",
        "amount awarded": "지원 금액(원)",
        "public reason": "공개 사유",
        "save decision": "결정 저장",
        "publish reason": "지금 발표하는 사유",
        "publish now": "지금 결과 발표하기",
        "funded projects": "지원 사업",
        "results subject": "{contest} 결과",
    },
    "en": {
        "log out": "Log out",
        "start as lead": "Start a proposal as lead for {name}",
        "start draft": "Start the draft",
        "project title": "Title of the project",
        "summary": "Summary",
        "beneficiaries": "Expected beneficiaries (number of people)",
        "who benefits": "Who the beneficiaries are",
        "timeline": "Timeline",
        "whole district": "All of {gu}",
        "item": "Item, line {n}",
        "amount": "Amount in won, line {n}",
        "save draft": "Save the draft",
        "organisation": "Organisation",
        "role": "Its role in the project",
        "invite": "Send the invitation",
        "more must accept": "2 more organisations must accept an invitation",
        "unanswered": "2 invitations are still unanswered",
        "unread": "Notifications (1 unread)",
        "open notification": "Open",
        "invitation subject": "Invitation to a consortium: {title}",
        "accept": "Accept",
        "submit": "Submit the proposal",
        "submitted": "Your proposal was submitted.",
        "close early": "Close early",
        "reason": "Reason",
        "close now": "Close the contest now",
        "review list": "Your review list",
        "criteria": {"Need": "Need", "Feasibility": "Feasibility", "Partnership": "Partnership"},
        "score": "Score from 0 to 10",
        "comment": "Comment",
        "save scores": "Save the scores",
        "ranking": "Ranking and decisions",
        "decide": "Decide on “{title}”",
        "selected": "Selected",
        "amount awarded": "Amount awarded (KRW)",
        "public reason": "Public reason",
        "save decision": "Save the decision",
        "publish reason": "Why publish now",
        "publish now": "Publish the results now",
        "funded projects": "Funded projects",
        "results subject": "Results of {contest}",
    },
}


def set_up(language: str) -> dict:
    """A contest open for one gu, three verified organisations each with its representative,
    a reviewer and a staff member; everyone reads the site in `language`."""

    def person(name: str, role: Role = Role.RESIDENT):
        return register_user(
            f"{name}.{language}@contest-journey.example.org",
            f"{name} {language}",
            PASSWORD,
            language,
            role=role,
        )

    names = {
        "lead": (f"여정 주관 복지관 {language}", f"Journey Lead Centre {language}"),
        "meals": (f"여정 반찬 모임 {language}", f"Journey Meals Group {language}"),
        "visits": (f"여정 방문 봉사단 {language}", f"Journey Visiting Volunteers {language}"),
    }
    organisations, representatives = {}, {}
    for key, (name_ko, name_en) in names.items():
        representative = person(key, Role.ORG_MEMBER)
        organisation = make_organisation(
            representative=representative, name_ko=name_ko, name_en=name_en
        )
        organisations[key] = organisation
        representatives[key] = representative.email
    gu = make_area(
        level=AreaLevel.GU,
        bounds=(126.95, 37.55, 126.99, 37.58) if language == "ko" else (127.0, 37.5, 127.04, 37.53),
        name_ko=f"여정구 {language}",
        name_en=f"Journey-gu {language}",
    )
    contest = make_contest(
        ContestPhase.OPEN,
        min_organisations=3,
        target_areas=[gu],
        title_ko=f"여정 컨소시엄 공모 {language}",
        title_en=f"Journey consortium contest {language}",
    )
    reviewer = assign_reviewer(contest, person("reviewer"))
    staff = person("staff", Role.STAFF)
    db.session.flush()
    pick = 0 if language == "ko" else 1
    return {
        "contest": contest.id,
        "contest title": (contest.title_ko, contest.title_en)[pick],
        "gu": gu.id,
        "gu name": (gu.name_ko, gu.name_en)[pick],
        "organisations": {key: o.id for key, o in organisations.items()},
        "names": {key: pair[pick] for key, pair in names.items()},
        "representatives": representatives,
        "reviewer": reviewer.email,
        "staff": staff.email,
    }


def log_in(page: Page, live_server, email: str, language: str) -> None:
    page.goto(live_server(f"/login?lang={language}"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


def log_out(page: Page, language: str) -> None:
    submit(page, page.get_by_role("button", name=TEXT[language]["log out"]), flash="info")


def submit(page: Page, button: Locator, flash: str = "success") -> None:
    """Press a button that posts and redirects, and wait for the new page and its message.

    Waiting for the navigation first matters: the page we leave often shows a message of the
    same kind already, so looking for the message alone could pass before the post is done.
    """
    with page.expect_navigation():
        button.click()
    expect(page.locator(f".flash-{flash}").first).to_be_visible()


@pytest.fixture
def anonymous(playwright, live_server) -> Iterator[APIRequestContext]:
    """Someone who never logs in: asks the live server for pages with no cookies at all."""
    context = playwright.request.new_context(base_url=live_server.url)
    yield context
    context.dispose()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_consortium_proposal_review_results(
    page: Page, live_server, in_live_db, check_accessibility, anonymous, language
):
    words = TEXT[language]
    ids = in_live_db(set_up, language)
    names = ids["names"]
    contest_url = live_server(f"/contests/{ids['contest']}")
    results_path = f"/contests/{ids['contest']}/results"
    title = f"어르신 반찬 배달 ({language})"
    page.route(
        re.compile(r"^https://tile\.openstreetmap\.org/"),
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )

    # 1. The lead's representative starts a proposal from the contest's page and fills it in.
    log_in(page, live_server, ids["representatives"]["lead"], language)
    page.goto(contest_url)
    page.get_by_role("link", name=words["start as lead"].format(name=names["lead"])).click()
    page.get_by_label(words["project title"], exact=True).fill(title)
    submit(page, page.get_by_role("button", name=words["start draft"]))
    expect(page).to_have_url(re.compile(r"/proposals/\d+/edit$"))
    proposal_id = int(re.search(r"/proposals/(\d+)/edit$", page.url).group(1))
    check_accessibility(f"proposal form ({language})")
    page.get_by_label(words["summary"], exact=True).fill(
        "홀로 사는 어르신 120명께 주 2회 반찬을 배달하고 안부를 살핍니다."
    )
    page.get_by_label(words["beneficiaries"], exact=True).fill("120")
    page.get_by_label(words["who benefits"], exact=True).fill("동네에 홀로 사는 어르신")
    page.get_by_label(words["timeline"], exact=True).fill("3월 준비, 4월–11월 배달, 12월 평가")
    page.get_by_label(words["whole district"].format(gu=ids["gu name"]), exact=True).check()
    for n, (item, amount) in enumerate(BUDGET, start=1):
        page.get_by_label(words["item"].format(n=n), exact=True).fill(item)
        page.get_by_label(words["amount"].format(n=n), exact=True).fill(amount)
    submit(page, page.get_by_role("button", name=words["save draft"]))
    expect(page).to_have_url(live_server(f"/proposals/{proposal_id}"))
    expect(page.locator("#budget-total")).to_have_text("₩20,500,000")

    # The lead invites the two supporters, each with its role.
    roles = {"meals": "반찬 조리와 포장", "visits": "배달과 안부 확인"}
    for key, role in roles.items():
        page.get_by_label(words["organisation"], exact=True).select_option(
            str(ids["organisations"][key])
        )
        page.get_by_label(words["role"], exact=True).fill(role)
        submit(page, page.get_by_role("button", name=words["invite"]))
    consortium = page.locator("#consortium")
    for key, role in roles.items():
        expect(consortium.get_by_role("row").filter(has_text=names[key])).to_contain_text(role)
    # The checklist says plainly what is missing, and there is nothing to press yet.
    missing = page.locator("#missing")
    expect(missing).to_contain_text(words["more must accept"])
    expect(missing).to_contain_text(words["unanswered"])
    expect(page.get_by_role("button", name=words["submit"])).to_have_count(0)
    check_accessibility(f"proposal page with its checklist ({language})")
    log_out(page, language)

    # 2. Each supporter's representative finds the invitation in the notifications, opens it
    #    and accepts.
    for n, key in enumerate(roles):
        log_in(page, live_server, ids["representatives"][key], language)
        page.get_by_role("link", name=words["unread"], exact=True).click()
        expect(page).to_have_url(live_server("/notifications"))
        subject = words["invitation subject"].format(title=title)
        expect(page.get_by_role("heading", name=subject)).to_be_visible()
        if n == 0:
            check_accessibility(f"notifications ({language})")
        with page.expect_navigation():
            # The subject is in a visually hidden span after "Open": browsers put a space
            # before its colon in the button's name.
            opener = rf"^{words['open notification']}\s*:\s*{re.escape(subject)}$"
            page.get_by_role("button", name=re.compile(opener)).click()
        expect(page).to_have_url(live_server(f"/proposals/{proposal_id}"))
        expect(page.locator("#invitation")).to_contain_text(roles[key])
        submit(page, page.get_by_role("button", name=words["accept"], exact=True))
        expect(page.locator(".flash-success")).to_contain_text(names[key])
        log_out(page, language)

    # 3. The lead sees the proposal ready, and submits it.
    log_in(page, live_server, ids["representatives"]["lead"], language)
    page.goto(live_server(f"/proposals/{proposal_id}"))
    expect(page.locator("#ready")).to_be_visible()
    expect(page.locator("#missing")).to_have_count(0)
    submit(page, page.get_by_role("button", name=words["submit"]))
    expect(page.locator(".flash-success")).to_contain_text(words["submitted"])
    log_out(page, language)

    # 4. Staff close the contest early, with a reason: the review starts.
    log_in(page, live_server, ids["staff"], language)
    page.goto(contest_url)
    check_accessibility(f"contest page with staff tools ({language})")
    close_form = page.get_by_role("form", name=words["close early"])
    closing = f"접수된 제안서가 충분합니다 ({language})."
    close_form.get_by_label(words["reason"], exact=True).fill(closing)
    submit(page, close_form.get_by_role("button", name=words["close now"]))
    expect(page.get_by_role("form", name=words["close early"])).to_have_count(0)
    expect(page.locator("main")).to_contain_text(closing)  # the recorded date change
    log_out(page, language)

    # 5. The reviewer scores every criterion from the review list.
    log_in(page, live_server, ids["reviewer"], language)
    page.goto(contest_url)
    page.get_by_role("link", name=words["review list"], exact=True).click()
    page.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(live_server(f"/proposals/{proposal_id}/score"))
    for criterion, score in SCORES.items():
        name = words["criteria"][criterion]
        group = page.get_by_role("group", name=re.compile("^" + re.escape(name) + " "))
        group.get_by_label(words["score"], exact=True).fill(str(score))
        group.get_by_label(words["comment"], exact=True).fill(f"{name}: 근거가 분명합니다.")
    check_accessibility(f"score form ({language})")
    submit(page, page.get_by_role("button", name=words["save scores"]))
    expect(page).to_have_url(live_server(f"/contests/{ids['contest']}/review"))
    log_out(page, language)

    # Under review, nothing of the results is public.
    assert anonymous.get(results_path).status == 404

    # 6. Staff see the weighted total in the ranking, decide, and publish the results.
    log_in(page, live_server, ids["staff"], language)
    page.goto(contest_url)
    page.get_by_role("link", name=words["ranking"], exact=True).click()
    row = page.get_by_role("row").filter(has_text=title)
    expect(row.locator("strong")).to_have_text(WEIGHTED_TOTAL)
    check_accessibility(f"ranking ({language})")
    row.get_by_role("link", name=words["decide"].format(title=title)).click()
    expect(page).to_have_url(live_server(f"/proposals/{proposal_id}/decision"))
    expect(page.locator("main")).to_contain_text(WEIGHTED_TOTAL)
    page.get_by_label(words["selected"], exact=True).check()
    page.get_by_label(words["amount awarded"], exact=True).fill(AWARDED)
    reason = f"지역 협력이 탄탄합니다 ({language})."
    page.get_by_label(words["public reason"], exact=True).fill(reason)
    check_accessibility(f"decision form ({language})")
    submit(page, page.get_by_role("button", name=words["save decision"]))
    expect(row).to_contain_text(f"₩{AWARDED}")
    # A decision is recorded, and still nothing is public.
    assert anonymous.get(results_path).status == 404
    assert anonymous.get(f"/api/contests/{ids['contest']}/funded-areas").status == 404
    page.get_by_label(words["publish reason"], exact=True).fill("심사가 일찍 끝났습니다.")
    submit(page, page.get_by_role("button", name=words["publish now"]))
    expect(page).to_have_url(live_server(results_path))
    log_out(page, language)

    # 7. Anyone sees the funded project, its consortium and amount, in a table and on a map.
    page.context.clear_cookies()
    page.goto(live_server(f"{results_path}?lang={language}"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    funded = page.get_by_role("table", name=words["funded projects"], exact=True)
    project = funded.get_by_role("row").filter(has_text=title)
    expect(project).to_contain_text(names["lead"])
    expect(project).to_contain_text(names["meals"])
    expect(project).to_contain_text(names["visits"])
    expect(project).to_contain_text(ids["gu name"])
    expect(project).to_contain_text(f"₩{AWARDED}")
    expect(project).to_contain_text(reason)
    # The map draws the target area once its GeoJSON has arrived: more time under load.
    area_shape = page.locator(".leaflet-overlay-pane path.leaflet-interactive")
    expect(area_shape.first).to_be_attached(timeout=15_000)
    check_accessibility(f"results ({language})")
    assert anonymous.get(results_path).status == 200

    # 8. A supporter is told the result.
    log_in(page, live_server, ids["representatives"]["meals"], language)
    page.goto(live_server("/notifications"))
    expect(
        page.get_by_role(
            "heading", name=words["results subject"].format(contest=ids["contest title"])
        )
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"₩{AWARDED}")
