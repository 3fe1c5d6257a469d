"""Issue 13, item 10: Open Graph and Twitter card tags and a canonical link on the pages of pins,
ideas and stories. A shared link shows only what the public page shows: for a need never its
author, never its exact place, and its words only where the page shows them."""

from __future__ import annotations

import html
import re

import pytest

from app.extensions import db
from app.pins.models import PinKind
from app.stories.models import StoryStatus
from tests.factories import make_pin, make_user
from tests.ideas.factories import make_idea
from tests.pins.test_need_text import SECRET_TITLE, SECRET_WORDS, lone_need, place  # noqa: F401
from tests.stories.factories import add_photo, make_story

SITE = "https://map.example.kr"


@pytest.fixture(autouse=True)
def site_url(app):
    before = app.config["SITE_URL"]
    app.config["SITE_URL"] = SITE + "/"
    yield
    app.config["SITE_URL"] = before


def head_of(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return page.split("</head>")[0]


def tags(head: str) -> dict[str, str]:
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head)
    return {name: html.unescape(content) for name, content in found}


def canonical(head: str) -> str | None:
    found = re.search(r'<link rel="canonical" href="([^"]+)">', head)
    return found.group(1) if found else None


def test_an_offer_page_has_its_tags_with_the_sites_address(client):
    offer = make_pin(kind=PinKind.OFFER, title="Winter coats", description="Ten coats, sizes S-L")
    head = head_of(client, f"/pins/{offer.id}?lang=en")
    meta = tags(head)
    assert meta["og:title"] == meta["twitter:title"] == "Winter coats"
    assert meta["og:description"] == "Ten coats, sizes S-L"
    assert meta["og:url"] == f"{SITE}/pins/{offer.id}" == canonical(head)
    assert meta["og:type"] == "article"
    assert meta["og:locale"] == "en_US" and meta["og:locale:alternate"] == "ko_KR"
    assert meta["twitter:card"] == "summary" and "og:image" not in meta
    assert tags(head_of(client, f"/pins/{offer.id}?lang=ko"))["og:locale"] == "ko_KR"


def test_a_need_whose_words_are_withheld_shares_only_its_category(client, place):  # noqa: F811
    author = make_user(display_name="Park Hidden-Author")
    need = lone_need(place, author=author)
    for who in ("visitor", "author"):
        if who == "author":
            from tests.factories import login

            login(client, author)
        head = head_of(client, f"/pins/{need.id}?lang=en")
        meta = tags(head)
        assert meta["og:title"] == "Heating", who
        for secret in (SECRET_TITLE, SECRET_WORDS, "Hidden-Author"):
            assert secret not in str(meta), who
        # Not the exact point in any form: no coordinates in the tags at all.
        assert not re.search(r"\d+\.\d{3,}", " ".join(meta.values())), who
    # The author reads their words on the page, but a link they share does not carry them.
    page = client.get(f"/pins/{need.id}").get_data(as_text=True)
    assert SECRET_TITLE in page


def test_a_need_whose_words_are_public_shares_them(client, place):  # noqa: F811
    need = make_pin(category=place["category"], title="Coal briquettes for winter")
    meta = tags(head_of(client, f"/pins/{need.id}?lang=en"))
    assert meta["og:title"] == "Coal briquettes for winter"
    assert need.author.display_name not in str(meta)


def test_an_idea_page_has_its_tags(client):
    idea = make_idea(title="경로당 난방비", body="겨울 " * 200)
    head = head_of(client, f"/ideas/{idea.id}")
    meta = tags(head)
    assert meta["og:title"] == "경로당 난방비"
    assert len(meta["og:description"]) <= 200 and meta["og:description"].endswith("…")
    assert meta["og:url"] == f"{SITE}/ideas/{idea.id}" == canonical(head)
    assert meta["og:locale"] == "ko_KR"
    assert idea.author.display_name not in str(meta)


def test_a_published_story_shares_its_photo_and_an_unpublished_one_nothing(client):
    story = make_story(title="함께 만든 김장", body="Kimchi **for** 40 homes")
    photo = add_photo(story)
    db.session.flush()
    meta = tags(head_of(client, f"/stories/{story.id}"))
    assert meta["og:title"] == "함께 만든 김장"
    assert meta["og:description"] == "Kimchi for 40 homes"
    assert meta["og:image"] == f"{SITE}/stories/{story.id}/photos/{photo.id}"
    assert meta["twitter:card"] == "summary_large_image"

    author = make_user()
    pending = make_story(author, status=StoryStatus.PENDING, title="Not yet public")
    from tests.factories import login

    login(client, author)
    head = head_of(client, f"/stories/{pending.id}")
    assert "og:title" not in tags(head) and canonical(head) is None


def test_a_list_page_has_no_sharing_tags(client):
    assert "og:title" not in head_of(client, "/pins")
