"""The issue's "done means" for stories, through the site's own forms: hostile text goes into
every field a person can fill (the author's, the reader's, the moderator's), hostile files into
every upload, and then every page and the feed are read as each kind of visitor. Nothing in
them may be executable, the payloads must really be there (shown as text), and every photo
served has no EXIF."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from app.accounts.models import Role
from app.clock import seoul_today
from app.extensions import db, limiter
from app.stories.models import CampaignEntry, Story, StoryCampaign, StoryPhoto, StoryStatus
from tests.factories import field_error, login, make_category, make_user, reload
from tests.hostile import ALL_HOSTILE, HOSTILE_TEXTS, MARKER, executable_parts
from tests.stories.factories import jpeg_with_gps
from tests.stories.test_photos import SVG

ATOM = "{http://www.w3.org/2005/Atom}"
HTML_AS_JPEG = b"<html><body><script>alert('file')</script></body></html>"


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    saved = app.config["UPLOAD_FOLDER"], app.config["PHOTO_MAX_BYTES"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield tmp_path / "uploads"
    app.config["UPLOAD_FOLDER"], app.config["PHOTO_MAX_BYTES"] = saved


def client_for(app, user, language: str):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    if user is not None:
        limiter.reset()  # many sign-ins in a minute here; the login limit is tested elsewhere
        login(client, user)
    return client


def post_ok(client, path: str, data: dict) -> None:
    response = client.post(path, data=data)
    errors = re.findall(r'<p class="error" id="([^"]+)">(.*?)</p>', response.get_data(as_text=True))
    assert response.status_code == 302, (path, errors)


def newest(model):
    return db.session.scalars(select(model).order_by(model.id.desc())).first()


def file_name(text: str) -> str:
    """A file name made of the payload, as a browser sends it: no slash can be in a file's name,
    and a double quote goes as %22 (the test client would not escape it)."""
    return f"{text[:40]}.jpg".replace("/", "_").replace('"', "%22")


def a_story_form(title: str, category_id: int, **more) -> dict:
    return {
        "title": title,
        "body": ALL_HOSTILE,
        "language": "en",
        "category": str(category_id),
        "area": "",
        "link": "",
        "photos-0-file": (io.BytesIO(jpeg_with_gps()), file_name(title)),
        "photos-0-alt_text": title,
        **more,
    }


def shows_payload_as_text(html: str) -> bool:
    """The payload reached the page (so the check below it means something) but as text."""
    return MARKER in html


def test_hostile_input_in_every_story_field_runs_nowhere(app, uploads, monkeypatch):
    monkeypatch.setitem(app.config, "POSTING_RATE_LIMIT", "1000 per minute")  # many posts here
    author = make_user(display_name='<img src=x onerror=alert("name")>')
    reader = make_user(display_name="<svg onload=alert('reader')>")
    moderator = make_user(Role.MODERATOR, display_name="<script>alert('mod')</script>")
    category = make_category(name_en="Food", name_ko="식품")
    db.session.commit()
    as_author = client_for(app, author, "en")
    as_reader = client_for(app, reader, "en")
    as_moderator = client_for(app, moderator, "en")

    # A moderator's campaign: every text field hostile.
    today = seoul_today()
    post_ok(
        as_moderator,
        "/moderation/campaigns/new",
        {
            "title_ko": HOSTILE_TEXTS[0],
            "title_en": HOSTILE_TEXTS[2],
            "theme_ko": ALL_HOSTILE,
            "theme_en": ALL_HOSTILE,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=10)).isoformat(),
        },
    )
    campaign = newest(StoryCampaign)

    # The author: one story per payload, each in the title, the body, the photo's description
    # and its file name; the first is entered into the campaign.
    stories = []
    for number, text in enumerate(HOSTILE_TEXTS):
        extra = {"campaign": str(campaign.id)} if number == 0 else {}
        post_ok(as_author, "/stories/new", a_story_form(text, category.id, **extra))
        stories.append(newest(Story))
    assert [s.title for s in stories] == [t.strip() for t in HOSTILE_TEXTS]

    # Hostile files are refused at the field, and nothing of the story is saved.
    before = db.session.scalar(select(db.func.count(Story.id)))
    for content, name in (
        (SVG, "drawing.svg"),
        (SVG, "drawing.jpg"),
        (HTML_AS_JPEG, "page.jpg"),
        (HTML_AS_JPEG, "<script>alert(1)<_script>.jpg"),
        (jpeg_with_gps(), "big.jpg"),
    ):
        app.config["PHOTO_MAX_BYTES"] = 1000 if name == "big.jpg" else 5 * 1024 * 1024
        data = a_story_form("Refused", category.id)
        data["photos-0-file"] = (io.BytesIO(content), name)
        response = as_author.post("/stories/new", data=data)
        assert response.status_code == 200, name
        html = response.get_data(as_text=True)
        assert field_error(html, "photos-0-file"), name
        assert executable_parts(html) == [], name
    app.config["PHOTO_MAX_BYTES"] = 5 * 1024 * 1024
    assert db.session.scalar(select(db.func.count(Story.id))) == before

    # The moderator: publishes and features one, edits another with a hostile note, rejects
    # and unpublishes with hostile reasons, marks the campaign entry a winner.
    published, edited, rejected, unpublished = stories[0], stories[1], stories[2], stories[3]
    for story in (published, edited, unpublished, *stories[4:]):
        post_ok(
            as_moderator,
            f"/moderation/stories/{story.id}/approve",
            {"version": reload(story).version},
        )
    post_ok(
        as_moderator,
        f"/moderation/stories/{published.id}/feature",
        {"version": reload(published).version},
    )
    post_ok(
        as_moderator,
        f"/moderation/stories/{edited.id}/edit",
        {
            "version": reload(edited).version,
            "title": HOSTILE_TEXTS[5],
            "body": ALL_HOSTILE + "\n\nEdited.",
            "note": ALL_HOSTILE[:500],
        },
    )
    post_ok(
        as_moderator,
        f"/moderation/stories/{rejected.id}/reject",
        {"version": reload(rejected).version, "rejection_reason": ALL_HOSTILE},
    )
    post_ok(
        as_moderator,
        f"/moderation/stories/{unpublished.id}/unpublish",
        {"version": reload(unpublished).version, "unpublish_reason": ALL_HOSTILE},
    )
    entry = db.session.scalars(
        select(CampaignEntry).where(CampaignEntry.story_id == published.id)
    ).one()
    post_ok(
        as_moderator,
        f"/moderation/campaigns/{campaign.id}/entries/{entry.id}/winner",
        {"winner": "1"},
    )
    # A reader reports a published story with a hostile reason.
    post_ok(as_reader, f"/stories/{stories[4].id}/report", {"reason": ALL_HOSTILE[:500]})
    assert reload(published).featured_at is not None and reload(entry).is_winner

    # Every page, as everyone who may see it, in both languages.
    story_pages = [f"/stories/{s.id}" for s in stories]
    public = ["/", "/stories", "/stories/campaigns", f"/stories/campaigns/{campaign.id}"]
    pages = {
        None: public + story_pages,
        reader: public + story_pages + ["/notifications"],
        author: public
        + story_pages
        + ["/my/stories", "/notifications", f"/stories/{rejected.id}/edit"],
        moderator: public
        + story_pages
        + [
            "/moderation/stories",
            "/moderation/stories?queue=reported",
            "/moderation/log",
            f"/moderation/campaigns/{campaign.id}/edit",
            *(f"/moderation/stories/{s.id}" for s in stories),
            *(f"/moderation/stories/{s.id}/edit" for s in (published, edited)),
        ],
    }
    read = 0
    for language in ("en", "ko"):
        for person, paths in pages.items():
            client = client_for(app, person, language)
            for path in paths:
                response = client.get(path)
                if response.status_code == 404:  # e.g. a rejected story, to the public
                    continue
                assert response.status_code == 200, (person, path, response.status_code)
                html = response.get_data(as_text=True)
                assert executable_parts(html) == [], (person, path)
                read += 1
    assert read > 100

    # The payloads did reach the pages, as text: the author sees the rejection reason, the
    # moderator the note and the report, the public the titles, the bodies and the campaign.
    anonymous = client_for(app, None, "en")
    for path in (f"/stories/{published.id}", f"/stories/campaigns/{campaign.id}", "/"):
        assert shows_payload_as_text(anonymous.get(path).get_data(as_text=True)), path
    assert shows_payload_as_text(as_author.get("/my/stories").get_data(as_text=True))
    moderation_page = as_moderator.get(f"/moderation/stories/{stories[4].id}")
    assert shows_payload_as_text(moderation_page.get_data(as_text=True))
    log = as_moderator.get("/moderation/log").get_data(as_text=True)
    assert shows_payload_as_text(log)

    # The feed: valid XML, and each entry's HTML content runs nothing in a feed reader.
    xml = anonymous.get("/stories/feed.atom").get_data()
    root = ET.fromstring(xml)  # noqa: S314 (the site's own feed)
    contents = [e.findtext(f"{ATOM}content") for e in root.findall(f"{ATOM}entry")]
    assert len(contents) == len(HOSTILE_TEXTS) - 2  # all but the rejected and unpublished
    for content in contents:
        assert executable_parts(content) == [], content

    # Every photo the site serves is a clean JPEG: no EXIF at all (the uploads had GPS).
    photos = db.session.scalars(select(StoryPhoto).order_by(StoryPhoto.id)).all()
    assert len(photos) == len(HOSTILE_TEXTS)
    page = anonymous.get(f"/stories/{published.id}").get_data(as_text=True)
    sources = re.findall(r'<img[^>]+src="([^"]+/photos/\d+)"', page)
    assert sources, "the story page shows its photo"
    for photo in photos:
        story = reload(photo.story)
        who = as_moderator if story.status != StoryStatus.PUBLISHED else anonymous
        response = who.get(f"/stories/{story.id}/photos/{photo.id}")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "image/jpeg"
        image = Image.open(io.BytesIO(response.get_data()))
        assert image.format == "JPEG"
        assert not image.getexif() and "exif" not in image.info
