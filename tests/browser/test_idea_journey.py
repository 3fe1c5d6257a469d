"""A citizen suggests an idea (seeing, while typing its title, a similar one already posted,
and apart, an answered one for its answer);
another citizen supports it and comments; staff give it to a department and to themself, note
something internal, review it and publish the answer; the author reads the answer on the
idea's public page (where the internal note never is) and in the notifications. The same
journey in Korean and in English, each with its own people, department, area and ideas."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from app.accounts.models import Role
from app.accounts.services import register_user
from app.areas.models import AreaLevel
from app.extensions import db
from app.ideas.models import IdeaOutcome, IdeaStatus
from tests.factories import make_area, make_category
from tests.ideas.factories import make_department, make_idea

PASSWORD = "journey passphrase 2026"

AREAS = {  # (gu, dong) bounds
    "ko": ((126.95, 37.55, 126.99, 37.58), (126.96, 37.56, 126.97, 37.57)),
    "en": ((127.0, 37.5, 127.04, 37.53), (127.01, 37.51, 127.02, 37.52)),
}

TEXT = {
    "ko": {
        "log out": "로그아웃",
        "send idea": "제안 보내기",
        "support": "이 제안에 공감하기",
        "one support": "1명이 이 제안에 공감했습니다.",
        "post comment": "댓글 등록",
        "select": "“{title}” 선택",
        "assign": "선택한 제안 배정",
        "add note": "메모 추가",
        "start review": "검토 시작",
        "under review": "검토 중",
        "write answer": "답변 쓰기",
        "publish answer": "답변 게시",
        "partly adopted": "일부 채택",
        "unread": "알림 (읽지 않음 1)",
        "open notification": "열기",
        "answered subject": "서울시가 “{title}” 제안에 답변했습니다",
    },
    "en": {
        "log out": "Log out",
        "send idea": "Send the idea",
        "support": "Support this idea",
        "one support": "1 person supports this idea.",
        "post comment": "Post the comment",
        "select": "Select “{title}”",
        "assign": "Assign the ticked ideas",
        "add note": "Add the note",
        "start review": "Start the review",
        "under review": "Under review",
        "write answer": "Write the answer",
        "publish answer": "Publish the answer",
        "partly adopted": "Partly adopted",
        "unread": "Notifications (1 unread)",
        "open notification": "Open",
        "answered subject": "The city answered the idea “{title}”",
    },
}


def set_up(language: str) -> dict:
    """Two residents, a staff member, a department, a category, a gu with a dong, and an idea
    already posted whose title shares words with the one the author will type."""

    def person(name: str, role: Role = Role.RESIDENT):
        return register_user(
            f"{name}.{language}@idea-journey.example.org",
            f"{name} {language}",
            PASSWORD,
            language,
            role=role,
        )

    author, supporter, staff = person("author"), person("supporter"), person("staff", Role.STAFF)
    department = make_department(
        name_ko=f"여정 복지정책과 {language}", name_en=f"Journey Welfare Policy {language}"
    )
    category = make_category(name_ko=f"어르신 복지 {language}", name_en=f"Older people {language}")
    # Each language's areas in their own place.
    gu_bounds, dong_bounds = AREAS[language]
    gu = make_area(
        level=AreaLevel.GU,
        bounds=gu_bounds,
        name_ko=f"아이디어구 {language}",
        name_en=f"Idea-gu {language}",
    )
    dong = make_area(
        parent=gu,
        bounds=dong_bounds,
        name_ko=f"아이디어동 {language}",
        name_en=f"Idea-dong {language}",
    )
    existing = make_idea(
        person("neighbour"), title=f"경로당 난방비 지원 여정{language}", category=category
    )
    answered = make_idea(
        person("answered"),
        IdeaStatus.ANSWERED,
        title=f"경로당 난방비 인상 여정{language}",
        category=category,
    )
    db.session.flush()
    pick = 0 if language == "ko" else 1
    return {
        "author": author.email,
        "supporter": supporter.email,
        "supporter name": supporter.display_name,
        "staff": staff.email,
        "staff id": staff.id,
        "department": department.id,
        "department name": (department.name_ko, department.name_en)[pick],
        "category": category.id,
        "dong": dong.id,
        "dong name": (dong.name_ko, dong.name_en)[pick],
        "existing": existing.id,
        "existing title": existing.title,
        "answered": answered.id,
        "answered title": answered.title,
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
    """Press a button that posts and redirects, and wait for the new page and its message
    (the page we leave may show a message of the same kind already)."""
    with page.expect_navigation():
        button.click()
    expect(page.locator(f".flash-{flash}").first).to_be_visible()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_idea_support_answer_notification(
    page: Page, live_server, in_live_db, check_accessibility, language
):
    words = TEXT[language]
    ids = in_live_db(set_up, language)
    title = f"경로당 난방비를 겨울 내내 지원해 주세요 여정{language}"
    comment = f"우리 동네 경로당도 겨울마다 춥습니다 ({language})."
    note = f"내부 메모: 예산과와 먼저 협의할 것 ({language})."
    response = f"내년 예산에 난방비 일부를 반영하겠습니다 ({language})."

    # 1. The author starts an idea; while the title is typed, the similar one is suggested.
    log_in(page, live_server, ids["author"], language)
    page.goto(live_server("/ideas/new"))
    page.locator("#title").press_sequentially(title, delay=20)
    suggestions = page.locator("[data-idea-suggestions]")
    suggested = suggestions.get_by_role("link", name=ids["existing title"], exact=True)
    expect(suggested).to_be_visible()
    expect(suggested).to_have_attribute("href", f"/ideas/{ids['existing']}")
    # An answered idea takes no support: it is offered apart, for its answer.
    answered = suggestions.locator("ul").nth(1).get_by_role("link", name=ids["answered title"])
    expect(answered).to_have_attribute("href", f"/ideas/{ids['answered']}#response")
    expect(suggestions.locator("ul").first).not_to_contain_text(ids["answered title"])
    check_accessibility(f"new idea form with suggestions ({language})")
    page.fill(
        "#body", "홀로 사는 어르신들이 겨울 내내 경로당에서 따뜻하게 지낼 수 있도록 해 주세요."
    )
    page.select_option("#category", str(ids["category"]))
    page.select_option("#area", str(ids["dong"]))
    submit(page, page.get_by_role("button", name=words["send idea"], exact=True))
    expect(page).to_have_url(re.compile(r"/ideas/\d+$"))
    idea_id = int(re.search(r"/ideas/(\d+)$", page.url).group(1))
    idea_path = f"/ideas/{idea_id}"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main")).to_contain_text(ids["dong name"])
    log_out(page, language)

    # 2. Another citizen finds it in the list, supports it and comments.
    log_in(page, live_server, ids["supporter"], language)
    page.goto(live_server("/ideas"))
    check_accessibility(f"ideas list ({language})")
    page.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(live_server(idea_path))
    submit(page, page.get_by_role("button", name=words["support"], exact=True))
    expect(page.locator("#support")).to_contain_text(words["one support"])
    page.fill("#new-comment-body", comment)
    submit(page, page.get_by_role("button", name=words["post comment"], exact=True))
    expect(page.locator("#comments")).to_contain_text(comment)
    expect(page.locator("#comments")).to_contain_text(ids["supporter name"])
    check_accessibility(f"idea page with a support and a comment ({language})")
    log_out(page, language)

    # 3. Staff give it, from the inbox, to the department and to themself.
    log_in(page, live_server, ids["staff"], language)
    page.goto(live_server("/staff/ideas"))
    check_accessibility(f"ideas inbox ({language})")
    page.get_by_label(words["select"].format(title=title), exact=True).check()
    page.select_option("#bulk-department", str(ids["department"]))
    page.select_option("#bulk-assignee", str(ids["staff id"]))
    submit(page, page.get_by_role("button", name=words["assign"], exact=True))
    row = page.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text(ids["department name"])
    expect(row).to_contain_text(f"staff {language}")
    row.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(live_server(f"/staff/ideas/{idea_id}"))
    check_accessibility(f"staff idea page ({language})")

    # An internal note, then the review starts.
    page.fill("#note-body", note)
    submit(page, page.get_by_role("button", name=words["add note"], exact=True))
    expect(page.locator("#notes")).to_contain_text(note)
    submit(page, page.get_by_role("button", name=words["start review"], exact=True))
    expect(page.locator("main dl.facts").first).to_contain_text(words["under review"])

    # The answer: partly adopted, with the official response.
    page.get_by_role("link", name=words["write answer"], exact=True).click()
    expect(page).to_have_url(live_server(f"/staff/ideas/{idea_id}/answer"))
    check_accessibility(f"answer form ({language})")
    page.select_option("#outcome", IdeaOutcome.PARTLY_ADOPTED.value)
    page.fill("#response", response)
    submit(page, page.get_by_role("button", name=words["publish answer"], exact=True))
    expect(page).to_have_url(live_server(f"/staff/ideas/{idea_id}"))
    expect(page.locator("#steps")).to_contain_text(response)
    log_out(page, language)

    # 4. The author is told: one unread notification, which leads to the answer.
    log_in(page, live_server, ids["author"], language)
    page.get_by_role("link", name=words["unread"], exact=True).click()
    expect(page).to_have_url(live_server("/notifications"))
    subject = words["answered subject"].format(title=title)
    expect(page.get_by_role("heading", name=subject)).to_be_visible()
    check_accessibility(f"notifications ({language})")
    with page.expect_navigation():
        # The subject is in a visually hidden span after "Open": browsers put a space before
        # its colon in the button's name.
        opener = rf"^{words['open notification']}\s*:\s*{re.escape(subject)}$"
        page.get_by_role("button", name=re.compile(opener)).click()
    expect(page).to_have_url(live_server(f"{idea_path}#response"))

    # The public page shows the outcome, the department and the response; never the note.
    answer = page.locator("#response")
    expect(answer).to_contain_text(words["partly adopted"])
    expect(answer).to_contain_text(ids["department name"])
    expect(answer).to_contain_text(response)
    expect(page.locator("body")).not_to_contain_text(note)
    expect(page.get_by_role("link", name=words["unread"], exact=True)).to_have_count(0)

    # 5. The accountability page counts it.
    page.goto(live_server("/ideas/accountability"))
    check_accessibility(f"accountability ({language})")
