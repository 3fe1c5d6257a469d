"""The stories' Atom feed: valid Atom 1.0, published stories only, newest first, absolute
addresses from SITE_URL, and nothing executable in the content."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import feedparser
import pytest

from app.clock import utcnow
from app.extensions import db
from app.stories.models import StoryLanguage, StoryStatus
from tests.factories import make_category, make_user
from tests.hostile import ALL_HOSTILE, HOSTILE_TEXTS, executable_parts
from tests.stories.factories import make_story

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITE = "https://hope.seoul.example"
S = StoryStatus


@pytest.fixture(autouse=True)
def site_url(app):
    saved = app.config["SITE_URL"]
    app.config["SITE_URL"] = SITE + "/"  # a trailing slash must not double the next one
    yield
    app.config["SITE_URL"] = saved


@pytest.fixture
def client(english_client):
    return english_client


def fetch(client) -> bytes:
    response = client.get("/stories/feed.atom")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    return response.get_data()


ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
ALLOWED_TAGS |= {"h2", "h3", "h4", "hr"}


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def start_tags(html: str) -> list[tuple[str, list]]:
    """Every element an HTML parser (a feed reader) finds, with its attributes."""
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser.tags


def parse(xml: bytes) -> ET.Element:
    return ET.fromstring(xml)  # noqa: S314 (the site's own feed, made by the test)


def entries(xml: bytes) -> list[ET.Element]:
    return parse(xml).findall(f"{ATOM}entry")


def entry_titles(xml: bytes) -> list[str]:
    return [e.findtext(f"{ATOM}title") for e in entries(xml)]


def test_the_feed_is_valid_atom(client):
    make_story(
        title="Warm rooms",
        body="Neighbours **fixed** the boiler.",
        language=StoryLanguage.EN,
        author=make_user(display_name="Kim Writer"),
        category=make_category(slug="heating", name_en="Heating"),
    )
    make_story(title="두 번째 이야기")
    xml = fetch(client)

    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == 2

    feed = parse(xml)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{SITE}/stories/feed.atom"
    assert feed.findtext(f"{ATOM}title") == "Success stories · Hope Community Map"
    assert feed.findtext(f"{ATOM}updated")
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Hope Community Map"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": f"{SITE}/stories/feed.atom", "alternate": f"{SITE}/stories"}
    assert feed.get(XML_LANG) == "en"

    for entry in feed.findall(f"{ATOM}entry"):
        for element in ("id", "title", "updated", "published", "summary", "content"):
            assert entry.findtext(f"{ATOM}{element}"), element
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
        link = entry.find(f"{ATOM}link")
        assert link.get("rel") == "alternate" and link.get("href").startswith(f"{SITE}/stories/")
        assert link.get("hreflang") == entry.get(XML_LANG)
        assert entry.findtext(f"{ATOM}id") == link.get("href")  # stable: the story's address
        assert entry.find(f"{ATOM}content").get("type") == "html"

    first = feed.findall(f"{ATOM}entry")[1]  # the older story comes second
    assert first.findtext(f"{ATOM}title") == "Warm rooms"
    assert first.get(XML_LANG) == "en"
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Kim Writer"
    assert first.findtext(f"{ATOM}summary") == "Neighbours fixed the boiler."
    assert "<strong>fixed</strong>" in first.findtext(f"{ATOM}content")
    category = first.find(f"{ATOM}category")
    assert (category.get("term"), category.get("label")) == ("heating", "Heating")
    assert feed.findall(f"{ATOM}entry")[0].get(XML_LANG) == "ko"


def test_the_feed_speaks_the_readers_language(app):
    xml = fetch(app.test_client())  # Korean by default
    feed = parse(xml)
    assert feed.get(XML_LANG) == "ko"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "희망 커뮤니티 지도"


def test_an_empty_feed_is_still_valid(client):
    xml = fetch(client)
    assert feedparser.parse(xml).bozo == 0
    assert entries(xml) == []
    assert parse(xml).findtext(f"{ATOM}updated")


def test_the_feed_has_the_newest_published_stories(client, app):
    saved = app.config["STORY_FEED_ENTRIES"]
    app.config["STORY_FEED_ENTRIES"] = 3
    try:
        now = utcnow()
        for n in range(5):
            make_story(title=f"Story {n}", published_at=now - timedelta(days=n))
        assert entry_titles(fetch(client)) == ["Story 0", "Story 1", "Story 2"]
    finally:
        app.config["STORY_FEED_ENTRIES"] = saved


@pytest.mark.parametrize("status", [s for s in StoryStatus if s != S.PUBLISHED])
def test_a_story_leaves_the_feed_when_it_is_no_longer_published(client, status):
    story = make_story(title="Here today")
    make_story(title="Stays")
    assert "Here today" in entry_titles(fetch(client))
    story.status = status
    db.session.flush()
    xml = fetch(client)
    assert entry_titles(xml) == ["Stays"]
    assert b"Here today" not in xml


def test_nothing_executable_reaches_the_feed(client):
    make_story(title='<script>alert("title")</script>', body=ALL_HOSTILE)
    for text in HOSTILE_TEXTS:
        make_story(title=text[:150], body=text)
    xml = fetch(client)
    assert feedparser.parse(xml).bozo == 0
    contents = [e.findtext(f"{ATOM}content") for e in entries(xml)]
    assert len(contents) == len(HOSTILE_TEXTS) + 1
    for content in contents:
        # A feed reader shows the content as HTML: parsed as HTML, nothing in it may run.
        assert executable_parts(content) == [], content
        lowered = content.lower()
        for tag in ("<script", "<svg", "<iframe", "<math", "<img", "<details", "<style"):
            assert tag not in lowered, (tag, content)
        for tag, attrs in start_tags(content):
            assert tag in ALLOWED_TAGS, tag
            for name, value in attrs:
                assert name in ("href", "title", "rel"), (tag, name)
                if name == "href":
                    assert value.startswith(("http://", "https://", "mailto:")), value
    for entry in entries(xml):
        # The summary is text: a reader shows "<script>" as those characters, never runs it.
        assert entry.find(f"{ATOM}summary").get("type") == "text"


def test_characters_xml_cannot_carry_do_not_break_the_feed(client):
    make_story(title="Bell\x07 and tab\x0b", body="Form feed\x0c here.\x1f")
    xml = fetch(client)
    assert feedparser.parse(xml).bozo == 0
    assert entry_titles(xml) == ["Bell and tab"]
