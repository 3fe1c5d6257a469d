"""A resident tells a success story with a photo; a moderator approves it and features it on
the home page; anyone then finds it on the home page, on its own page (Markdown rendered, the
photo without its hidden data) and in the Atom feed. The same journey in Korean and in
English, each with its own people, category and story."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import APIRequestContext, Locator, Page, expect

from app.accounts.models import Role
from app.accounts.services import register_user
from app.extensions import db
from app.stories.models import Story
from tests.factories import make_category
from tests.stories.factories import jpeg_with_gps

PASSWORD = "journey passphrase 2026"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
GPS_IFD = 0x8825

TEXT = {
    "ko": {
        "log out": "로그아웃",
        "send": "사례 보내기",
        "waiting": "검토 대기",
        "approve": "승인하고 게시",
        "feature": "홈에 추천",
        "featured on home": "홈에 추천됨",
        "featured": "추천",
        "from the neighbourhood": "우리 동네 성공 사례",
    },
    "en": {
        "log out": "Log out",
        "send": "Send the story",
        "waiting": "Waiting for review",
        "approve": "Approve and publish",
        "feature": "Feature on the home page",
        "featured on home": "Featured on the home page",
        "featured": "Featured",
        "from the neighbourhood": "Stories from the neighbourhood",
    },
}

# The story, in the journey's language (Markdown: bold, italics and a list).
STORY = {
    "ko": {
        "title": "언덕 위 연탄 나르기 (ko)",
        "body": "토요일 아침, 이웃 열두 명이 **연탄 200장**을 언덕 위 집까지 날랐습니다.\n\n"
        "- 어르신은 *따뜻한 겨울*을 보내십니다\n"
        "- 다음 달에도 함께합니다",
        "bold": "연탄 200장",
        "italics": "따뜻한 겨울",
        "alt text": "봉사자들이 언덕길로 연탄을 나르는 모습",
    },
    "en": {
        "title": "Briquettes up the hill (en)",
        "body": "On Saturday morning twelve neighbours carried **200 briquettes** up to the "
        "houses on the hill.\n\n"
        "- Our elderly neighbour has a *warm winter* now\n"
        "- We will do it again next month",
        "bold": "200 briquettes",
        "italics": "warm winter",
        "alt text": "Volunteers carrying briquettes up a steep lane",
    },
}


def set_up(language: str) -> dict:
    """A resident and a moderator who read the site in `language`, and a category."""
    resident = register_user(
        f"resident.{language}@story-journey.example.org",
        f"이야기 주민 {language}",
        PASSWORD,
        language,
    )
    moderator = register_user(
        f"moderator.{language}@story-journey.example.org",
        f"이야기 운영자 {language}",
        PASSWORD,
        language,
        role=Role.MODERATOR,
    )
    heating = make_category(
        slug=f"story-journey-heating-{language}",
        name_ko=f"이야기 난방 {language}",
        name_en=f"Story heating {language}",
    )
    db.session.flush()
    return {
        "resident": resident.email,
        "moderator": moderator.email,
        "category": heating.id,
        "category name": heating.name_ko if language == "ko" else heating.name_en,
    }


def consent_recorded(story_id: int) -> bool:
    story = db.session.get(Story, story_id)
    return story.about_other_person and story.consent_confirmed_at is not None


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


@pytest.fixture
def anonymous(playwright, live_server) -> Iterator[APIRequestContext]:
    """Someone who never logs in: asks the live server for files with no cookies at all."""
    context = playwright.request.new_context(base_url=live_server.url)
    yield context
    context.dispose()


@pytest.fixture
def uploads(live_server, tmp_path, monkeypatch):
    """The live server keeps this test's photos in a temporary folder, not in instance/."""
    folder = tmp_path / "uploads"
    monkeypatch.setitem(live_server.app.config, "UPLOAD_FOLDER", str(folder))
    return folder


@pytest.mark.parametrize("language", ["ko", "en"])
def test_story_submit_moderate_feature_read(
    page: Page, live_server, in_live_db, check_accessibility, anonymous, uploads, tmp_path, language
):
    words = TEXT[language]
    ids = in_live_db(set_up, language)
    story = STORY[language]
    title, alt_text = story["title"], story["alt text"]
    photo_file = tmp_path / "briquettes.jpg"
    photo_file.write_bytes(jpeg_with_gps())
    assert Image.open(photo_file).getexif().get_ifd(GPS_IFD)  # it does carry a position

    # 1. The resident writes the story, with a photo, about a neighbour who agreed to it.
    log_in(page, live_server, ids["resident"], language)
    page.goto(live_server("/stories/new"))
    check_accessibility(f"story form ({language})")
    page.fill("#title", title)
    page.fill("#body", story["body"])
    page.select_option("#language", language)
    page.select_option("#category", str(ids["category"]))
    page.set_input_files("#photos-0-file", photo_file)
    page.fill("#photos-0-alt_text", alt_text)
    page.check("#about_other_person")
    page.check("#consent")
    submit(page, page.get_by_role("button", name=words["send"]))
    expect(page).to_have_url(re.compile(r"/stories/\d+$"))
    story_id = int(re.search(r"/stories/(\d+)$", page.url).group(1))
    story_path = f"/stories/{story_id}"
    expect(page.locator("#story-title")).to_have_text(title)
    expect(page.locator(".author-actions")).to_contain_text(words["waiting"])
    pending_photo = page.get_by_role("img", name=alt_text, exact=True).get_attribute("src")
    # Not public yet: nobody else may even know it exists, nor see its photo.
    assert anonymous.get(story_path).status == 404
    assert anonymous.get(pending_photo).status == 404
    assert in_live_db(consent_recorded, story_id)
    assert len(list(uploads.iterdir())) == 1  # kept once, in this test's folder
    log_out(page, language)

    # 2. The moderator finds it in the queue, approves it, and features it.
    log_in(page, live_server, ids["moderator"], language)
    page.goto(live_server("/moderation/stories"))
    in_queue = page.get_by_role("row").filter(
        has=page.locator(f'a[href="/moderation/stories/{story_id}"]')
    )
    queued = in_queue.get_by_role("link", name=title, exact=True)
    expect(queued).to_be_visible()
    # Flagged for the moderator: the story is about someone else.
    expect(in_queue.locator(".badge.warn")).to_be_visible()
    check_accessibility(f"moderation queue ({language})")
    queued.click()
    expect(page).to_have_url(live_server(f"/moderation/stories/{story_id}"))
    expect(page.locator("#story-status")).to_contain_text(words["waiting"])
    check_accessibility(f"moderation page ({language})")
    submit(page, page.get_by_role("button", name=words["approve"], exact=True))
    expect(page.locator(".flash-success")).to_contain_text(title)
    submit(page, page.get_by_role("button", name=words["feature"], exact=True))
    expect(page.locator("#story-status")).to_contain_text(words["featured on home"])
    log_out(page, language)

    # 3. Anyone: the home page shows the featured story and leads to it.
    # (A new visitor, Korean by the browser's settings, chooses the language on the site.)
    page.context.clear_cookies()
    page.goto(live_server("/"))
    submit(page, page.locator(f'.language-switch button[value="{language}"]'))
    expect(page).to_have_url(live_server("/"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    featured = page.get_by_role("region", name=words["from the neighbourhood"], exact=True)
    card_link = featured.locator(f'a[href="{story_path}"]')
    expect(card_link).to_have_text(title)
    check_accessibility(f"home page ({language})")
    card_link.click()

    # The story's page: the Markdown rendered, the photo shown with its description.
    expect(page).to_have_url(live_server(story_path))
    expect(page.locator("#story-title")).to_have_text(title)
    story_body = page.locator(".story-body")
    expect(story_body.locator("strong")).to_have_text(story["bold"])
    expect(story_body.locator("em")).to_have_text(story["italics"])
    expect(story_body.locator("li")).to_have_count(2)
    expect(story_body).not_to_contain_text("**")
    expect(page.locator("article.story .badge")).to_have_text(words["featured"])
    expect(page.locator("article.story")).to_contain_text(ids["category name"])
    photo = page.get_by_role("img", name=alt_text, exact=True)
    expect(photo).to_be_visible()
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("img => img.naturalWidth") > 0
    check_accessibility(f"story page ({language})")

    # The photo the page shows has no hidden data left: no EXIF at all, so no position.
    photo_response = anonymous.get(photo.get_attribute("src"))
    assert photo_response.status == 200
    assert photo_response.headers["content-type"] == "image/jpeg"
    served = Image.open(io.BytesIO(photo_response.body()))
    served.load()
    assert served.format == "JPEG"
    assert len(served.getexif()) == 0
    assert "exif" not in served.info

    # The list of stories has it too, and the Atom feed has it as an entry.
    page.goto(live_server("/stories"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(f'main .story-card a[href="{story_path}"]')).to_have_text(title)
    check_accessibility(f"stories list ({language})")
    feed_response = anonymous.get("/stories/feed.atom")
    assert feed_response.status == 200
    assert feed_response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(feed_response.body())  # noqa: S314 (the site's own feed)
    entries = {
        entry.findtext("atom:title", namespaces=ATOM): entry
        for entry in feed.findall("atom:entry", ATOM)
    }
    assert title in entries
    entry_link = entries[title].find("atom:link[@rel='alternate']", ATOM)
    assert entry_link is not None and entry_link.get("href").endswith(story_path)
