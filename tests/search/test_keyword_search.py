"""Issue 13, item 10: keyword search (`q`) on /pins, /ideas and /stories, and the pins' sort.

A search reads only what the public page shows: a need whose words are withheld by the k rule
(app/pins/privacy.py) is never found by those words, only by its category or area.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from app.clock import utcnow
from app.extensions import db
from app.ideas.models import IdeaStatus
from app.pins.models import PinKind, PinStatus
from app.stories.models import StoryStatus
from app.text_search import MAX_QUERY_LENGTH, search_arg
from tests.factories import make_category, make_pin, make_user
from tests.ideas.factories import make_idea
from tests.pins.test_need_text import SECRET_TITLE, cell_point, lone_need, place  # noqa: F401
from tests.stories.factories import make_story


@pytest.fixture
def client(english_client):
    return english_client


def listed_titles(client, path: str) -> list[str]:
    page = client.get(path).get_data(as_text=True)
    return [
        html.unescape(t) for t in re.findall(r'<h3[^>]*><a href="[^"]+">([^<]*)</a></h3>', page)
    ]


def listed_ids(client, path: str) -> list[int]:
    page = client.get(path).get_data(as_text=True)
    return [int(i) for i in re.findall(r'<h3><a href="/pins/(\d+)">', page)]


# --- the k rule: what a search may read of a need ---------------------------------------------


def test_a_need_whose_words_are_withheld_is_not_found_by_them(client, place):  # noqa: F811
    need = lone_need(place)
    assert listed_ids(client, "/pins?q=Grandmother") == []
    assert listed_ids(client, "/pins?q=pharmacy") == []
    assert listed_ids(client, "/pins?q=blue+mat") == []  # its description
    # Its category and its public area are what its card shows: those find it.
    assert listed_ids(client, "/pins?q=heating") == [need.id]
    assert listed_ids(client, "/pins?q=Sajik-dong") == [need.id]


def test_a_need_is_found_by_its_words_once_they_are_public(client, place):  # noqa: F811
    need = lone_need(place)
    for fraction in (0.1, 0.9):
        lon, lat = cell_point(fraction, fraction)
        make_pin(category=place["category"], lon=lon, lat=lat, text_shared=False)
    # Three open needs in the cell: the page shows its words, and so does a search.
    assert listed_ids(client, "/pins?q=Grandmother") == [need.id]
    assert SECRET_TITLE in client.get(f"/pins/{need.id}").get_data(as_text=True)


def test_a_need_its_author_shared_is_found_by_its_words(client, place):  # noqa: F811
    lon, lat = cell_point(0.3, 0.7)
    need = make_pin(category=place["category"], lon=lon, lat=lat, title="Shared words Z7")
    assert listed_ids(client, "/pins?q=z7") == [need.id]


def test_the_author_is_never_searched(client):
    make_pin(make_user(display_name="Kim Unfindable"), kind=PinKind.OFFER, title="Blankets")
    assert listed_ids(client, "/pins?q=Unfindable") == []


# --- words, case, Korean, wildcards -------------------------------------------------------------


def test_latin_words_in_any_case_korean_and_every_word_must_appear(client):
    coats = make_pin(kind=PinKind.OFFER, title="Winter Coats for children", description="")
    briquettes = make_pin(title="연탄 200장이 필요합니다", description="")
    assert listed_ids(client, "/pins?q=winter+COATS") == [coats.id]
    assert listed_ids(client, "/pins?q=%EF%BD%97inter") == [coats.id]  # a full-width ｗ
    assert listed_ids(client, "/pins?q=연탄") == [briquettes.id]
    assert listed_ids(client, "/pins?q=winter+연탄") == []
    assert sorted(listed_ids(client, "/pins?q=")) == sorted([coats.id, briquettes.id])


@pytest.mark.parametrize(
    ("query", "found"),
    [("%", "percent"), ("_", "underscore"), ("\\", "backslash"), ("100%", "percent")],
)
def test_like_wildcards_are_searched_literally(client, query, found):
    pins = {
        "percent": make_pin(kind=PinKind.OFFER, title="Rice 100% free"),
        "underscore": make_pin(kind=PinKind.OFFER, title="room_2"),
        "backslash": make_pin(kind=PinKind.OFFER, title="C:\\share"),
        "plain": make_pin(kind=PinKind.OFFER, title="Plain words"),
    }
    assert listed_ids(client, "/pins?" + _query(query)) == [pins[found].id]


def _query(words: str, **more: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": words, **more})


def test_the_words_are_bounded_and_said_back(client):
    make_pin(kind=PinKind.OFFER, title="Kettle")
    page = client.get("/pins?" + _query("Kettle " + "x" * 50_000))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    said = re.search(r'<p class="search-summary">Searched for “([^”]*)”', text)
    assert said and len(said.group(1)) <= MAX_QUERY_LENGTH
    assert len(search_arg({"q": "a " * 10_000})) <= MAX_QUERY_LENGTH


def test_the_page_says_what_was_searched_and_helps_when_nothing_is_found(client):
    category = make_category(name_en="Food")
    make_pin(kind=PinKind.OFFER, title="Soup", category=category)
    found = client.get("/pins?q=soup").get_data(as_text=True)
    assert "1 need or offer" in found and "Searched for “soup”" in found
    empty = client.get(f"/pins?q=zzzz&kind=offer&category={category.id}").get_data(as_text=True)
    assert "Nothing was found for “zzzz”." in empty
    # The way out keeps the other filters and drops the words.
    assert f'href="/pins?kind=offer&amp;category={category.id}"' in empty
    assert 'type="search"' in found and 'maxlength="100"' in found
    assert '<label for="q">Search words</label>' in found


def test_pages_keep_the_words_and_the_order(client, app):
    for n in range(21):
        make_pin(kind=PinKind.OFFER, title=f"Chair {n}")
    page = client.get("/pins?q=chair&sort=oldest").get_data(as_text=True)
    # The next page is the last card's cursor (app.pins.listing), with the words and order.
    assert re.search(r'rel="next" href="/pins\?after=\d+_\d+&amp;q=chair&amp;sort=oldest"', page)


# --- the pins' order ------------------------------------------------------------------------------


def test_the_pins_list_sorts_newest_oldest_and_needs_by_expiry(client):
    now = utcnow()
    late_category = make_category(position=9)
    early_category = make_category(position=1)
    first = make_pin(title="Sort A", category=late_category)
    second = make_pin(title="Sort B", category=early_category)
    third = make_pin(title="Sort C", category=late_category)
    first.created_at, second.created_at, third.created_at = (
        now - timedelta(days=3),
        now - timedelta(days=2),
        now - timedelta(days=1),
    )
    first.expires_at = now + timedelta(days=20)
    second.expires_at = now + timedelta(days=30)
    third.expires_at = now + timedelta(days=10)
    offer = make_pin(kind=PinKind.OFFER, title="Sort D", category=late_category)  # no expiry
    offer.created_at = now - timedelta(days=4)
    db.session.flush()
    ids = {
        name: listed_ids(client, f"/pins?q=sort&sort={name}")
        for name in ("newest", "oldest", "expiring", "category", "nonsense", "")
    }
    assert ids["newest"] == [third.id, second.id, first.id, offer.id]
    assert ids["oldest"] == [offer.id, first.id, second.id, third.id]
    assert ids["expiring"] == [third.id, first.id, second.id]  # offers never expire
    # The order by category is gone (app.pins.services.PIN_SORTS): its old links still work.
    assert ids["category"] == ids["nonsense"] == ids[""] == ids["newest"]


def test_a_withdrawn_pin_is_not_found(client):
    gone = make_pin(kind=PinKind.OFFER, title="Withdrawn lamp")
    gone.status = PinStatus.WITHDRAWN
    db.session.flush()
    assert listed_ids(client, "/pins?q=lamp&status=active") == []


# --- ideas and stories ----------------------------------------------------------------------------


def test_ideas_are_found_by_title_body_and_a_published_answer_only(client):
    heating = make_idea(title="Heating for seniors' centres", body="Warm rooms")
    answered = make_idea(
        status=IdeaStatus.ANSWERED, title="Bus", response="Adopted: route Q5 added"
    )
    drafted = make_idea(status=IdeaStatus.UNDER_REVIEW, title="Park", response="Draft Q5 answer")
    assert listed_titles(client, "/ideas?q=HEATING") == [heating.title]
    assert listed_titles(client, "/ideas?q=warm+rooms") == [heating.title]
    assert listed_titles(client, "/ideas?q=q5") == [answered.title]
    assert drafted.title not in listed_titles(client, "/ideas?q=draft")
    assert "Nothing was found for “draft”." in client.get("/ideas?q=draft").get_data(as_text=True)
    assert "q=q5" in client.get("/ideas?q=q5").get_data(as_text=True)  # the CSV link keeps it


def test_stories_are_found_among_published_ones_only(client):
    published = make_story(title="함께 만든 김장", body="Kimchi for 40 homes")
    make_story(status=StoryStatus.PENDING, title="Pending kimchi", body="kimchi")
    assert listed_titles(client, "/stories?q=kimchi") == [published.title]
    assert listed_titles(client, "/stories?q=김장") == [published.title]
    assert listed_titles(client, "/stories?q=_") == []
    empty = client.get("/stories?q=nothing-here").get_data(as_text=True)
    assert "Nothing was found for “nothing-here”." in empty


# --- /search: the three kinds together ------------------------------------------------------------


def test_the_site_search_shows_each_kind_with_a_link_to_its_list(client, place):  # noqa: F811
    offer = make_pin(kind=PinKind.OFFER, title="Kimchi jars", description="")
    idea = make_idea(title="Kimchi for seniors")
    story = make_story(title="Kimchi day", body="together")
    lone_need(place)
    page = client.get("/search?q=kimchi").get_data(as_text=True)
    assert "1 need or offer" in page and "1 idea" in page and "1 story" in page
    for path in (f"/pins/{offer.id}", f"/ideas/{idea.id}", f"/stories/{story.id}"):
        assert f'href="{path}"' in page
    withheld = client.get("/search?q=grandmother").get_data(as_text=True)
    assert "0 needs and offers" in withheld and SECRET_TITLE not in withheld
    for path in ("/pins?q=kimchi", "/ideas?q=kimchi", "/stories?q=kimchi"):
        assert f'href="{path}"' in page
    nothing = client.get("/search?q=zzz-none").get_data(as_text=True)
    assert nothing.count("None of this kind contains all these words.") == 3
    assert client.get("/search").status_code == 200


def test_every_page_s_main_menu_leads_to_the_search(client):
    for path in ("/", "/map", "/ideas"):
        page = client.get(path).get_data(as_text=True)
        menu = page.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
        assert 'href="/search"' in menu, path
