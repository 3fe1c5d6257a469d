"""Reading stories: the list (published only, newest first, filters, pages), a story's page
(who may open it, what it shows and never shows), and the featured stories on the home page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from app.accounts.models import Role
from app.areas.models import AreaLevel
from app.clock import utcnow
from app.contests.states import ContestPhase, ProposalStatus
from app.extensions import db
from app.matching.services import accept_match, fulfil_match, propose_match
from app.pins.models import PinKind
from app.stories.models import StoryLanguage, StoryRevision, StoryStatus
from tests.contests.factories import decide, make_contest, make_proposal
from tests.factories import (
    login,
    make_area,
    make_category,
    make_organisation,
    make_pin,
    make_user,
)
from tests.hostile import ALL_HOSTILE, executable_parts
from tests.stories.factories import add_photo, make_story, report_story

S = StoryStatus
NOT_PUBLISHED = [s for s in StoryStatus if s != S.PUBLISHED]


@pytest.fixture
def client(english_client):
    return english_client


@pytest.fixture
def config(app):
    """Change settings for one test; they are put back afterwards."""
    saved = dict(app.config)
    yield app.config
    app.config.clear()
    app.config.update(saved)


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def card_titles(html: str) -> list[str]:
    """The titles of the story cards, in page order."""
    return re.findall(r'<h3 lang="\w+"><a href="/stories/\d+">(.*?)</a></h3>', html)


# --- the list -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_the_list_shows_published_stories_only(client, status):
    make_story(title="Out in the open")
    make_story(status=status, title=f"Kept back ({status})")
    html = page(client, "/stories")
    assert card_titles(html) == ["Out in the open"]
    assert "Kept back" not in html
    assert "1 story" in html


def test_the_list_is_newest_first(client):
    now = utcnow()
    make_story(title="Oldest", published_at=now - timedelta(days=3))
    make_story(title="Newest", published_at=now)
    make_story(title="Middle", published_at=now - timedelta(days=1))
    # The same moment: the later story (higher id) first.
    make_story(title="Same time, first", published_at=now - timedelta(days=2))
    make_story(title="Same time, second", published_at=now - timedelta(days=2))
    assert card_titles(page(client, "/stories")) == [
        "Newest",
        "Middle",
        "Same time, second",
        "Same time, first",
        "Oldest",
    ]


def test_the_list_filters_by_category(client):
    food, heating = make_category(name_en="Food"), make_category(name_en="Heating")
    make_story(title="Rice for winter", category=food)
    make_story(title="Briquettes", category=heating)
    make_story(title="No category")
    assert card_titles(page(client, f"/stories?category={food.id}")) == ["Rice for winter"]


@pytest.fixture
def places():
    gu = make_area(level=AreaLevel.GU, name_en="Jongno-gu")
    dong = make_area(parent=gu, name_en="Sajik-dong")
    sibling = make_area(parent=gu, name_en="Samcheong-dong")
    elsewhere = make_area(parent=make_area(level=AreaLevel.GU), name_en="Far-dong")
    make_story(title="In the whole gu", area=gu)
    make_story(title="In Sajik-dong", area=dong)
    make_story(title="In Samcheong-dong", area=sibling)
    make_story(title="Far away", area=elsewhere)
    make_story(title="Nowhere in particular")
    return gu, dong


def test_a_gu_includes_its_dongs(client, places):
    gu, _ = places
    assert sorted(card_titles(page(client, f"/stories?area={gu.code}"))) == [
        "In Sajik-dong",
        "In Samcheong-dong",
        "In the whole gu",
    ]


def test_a_dong_shows_its_own_stories_only(client, places):
    _, dong = places
    assert card_titles(page(client, f"/stories?area={dong.code}")) == ["In Sajik-dong"]


def test_filters_combine(client, places):
    gu, _ = places
    food = make_category()
    make_story(title="Food in the gu", area=gu, category=food)
    make_story(title="Food elsewhere", category=food)
    html = page(client, f"/stories?area={gu.code}&category={food.id}")
    assert card_titles(html) == ["Food in the gu"]


@pytest.mark.parametrize("query", ["category=abc", "area=-1", "category=99999999", "area=1e3"])
def test_malformed_or_unknown_filters_are_ignored(client, query):
    make_story(title="Still listed")
    assert card_titles(page(client, f"/stories?{query}")) == ["Still listed"]


def test_pages_keep_the_filters(client, config):
    config["STORIES_PER_PAGE"] = 2
    food = make_category()
    now = utcnow()
    for n in range(3):
        make_story(title=f"Food {n}", category=food, published_at=now - timedelta(hours=n))
    make_story(title="Not food", published_at=now + timedelta(hours=1))

    first = page(client, f"/stories?category={food.id}")
    assert card_titles(first) == ["Food 0", "Food 1"]
    next_link = re.search(r'<a rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    assert f"category={food.id}" in next_link and "page=2" in next_link
    second = page(client, next_link)
    assert card_titles(second) == ["Food 2"]
    previous = re.search(r'<a rel="prev" href="([^"]+)"', second).group(1)
    assert f"category={food.id}" in previous.replace("&amp;", "&")


def test_a_page_past_the_end_is_not_found(client):
    make_story()
    page(client, "/stories?page=5", 404)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def _seen(self, *args):
        self.count += 1

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._seen)


def _illustrated_stories(count: int) -> None:
    gu = make_area(level=AreaLevel.GU)
    for _ in range(count):
        story = make_story(area=make_area(parent=gu), category=make_category(), featured=True)
        add_photo(story, alt_text="A photo")


def test_the_list_does_not_query_once_per_story(client, config):
    config["STORIES_PER_PAGE"] = 20
    _illustrated_stories(2)
    with QueryCounter() as few:
        page(client, "/stories")
    _illustrated_stories(8)
    with QueryCounter() as many:
        html = page(client, "/stories")
    assert len(card_titles(html)) == 10
    assert many.count == few.count


def test_a_card_shows_the_story_at_a_glance(client):
    gu = make_area(level=AreaLevel.GU, name_en="Jongno-gu")
    story = make_story(
        title="Warm rooms",
        body="# Heading\n\nNeighbours **fixed** the boiler.",
        language=StoryLanguage.EN,
        area=make_area(parent=gu, name_en="Sajik-dong"),
        category=make_category(name_en="Heating"),
        featured=True,
    )
    photo = add_photo(story, alt_text="Volunteers carrying a boiler")
    add_photo(story, alt_text="Second photo")
    html = page(client, "/stories")
    assert f'src="/stories/{story.id}/photos/{photo.id}"' in html
    assert 'alt="Volunteers carrying a boiler"' in html
    assert "Second photo" not in html  # the first photo only
    assert "Neighbours fixed the boiler." in html  # the excerpt, without the markup
    assert "Jongno-gu Sajik-dong" in html and "Heating" in html
    assert '<span class="badge ok">Featured</span>' in html
    assert '<h3 lang="en">' in html


def test_the_list_links_to_writing_and_to_the_feed(client):
    html = page(client, "/stories")
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/stories/feed.atom"' in html
    assert 'href="/stories/new"' not in html
    assert "Log in to write a story." in html
    assert '<label for="category">Category</label>' in html
    assert '<label for="area">Area</label>' in html
    assert "No story has been published yet." in html

    login(client, make_user())
    html = page(client, "/stories")
    assert 'href="/stories/new">Write a story</a>' in html


def test_an_empty_filter_result_says_so(client):
    make_story()
    html = page(client, f"/stories?category={make_category().id}")
    assert "No published story matches these filters yet." in html


def test_the_list_is_in_korean_by_default(app):
    make_story(title="첫 이야기")
    html = page(app.test_client(), "/stories")
    assert '<html lang="ko">' in html and "첫 이야기" in html


# --- a story's page -----------------------------------------------------------------------------


def test_a_published_story_is_public(client):
    story = make_story(
        title="The boiler",
        body="We **fixed** it.\n\n# A heading",
        language=StoryLanguage.EN,
        author=make_user(display_name="Kim Writer"),
        area=make_area(name_en="Sajik-dong"),
        category=make_category(name_en="Heating"),
    )
    html = page(client, f"/stories/{story.id}")
    assert '<article class="story" lang="en"' in html
    assert '<h1 id="story-title">The boiler</h1>' in html
    assert "<strong>fixed</strong>" in html
    assert "<h2>A heading</h2>" in html  # the page's h1 is the title
    assert "Kim Writer" in html and "Sajik-dong" in html and "Heating" in html
    assert "English" in html  # the story's language, named
    assert "not public" not in html


def test_a_korean_story_is_marked_korean(client):
    story = make_story(language=StoryLanguage.KO)
    assert '<article class="story" lang="ko"' in page(client, f"/stories/{story.id}")


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_a_story_that_is_not_published_exists_only_for_its_author_and_moderators(
    app, client, status
):
    author = make_user()
    story = make_story(author, status=status, title="Behind the curtain")
    page(client, f"/stories/{story.id}", 404)  # anonymous
    for viewer, expected in [
        (make_user(), 404),
        (make_user(Role.STAFF), 404),
        (author, 200),
        (make_user(Role.MODERATOR), 200),
        (make_user(Role.ADMIN), 200),
    ]:
        other = app.test_client()
        other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        login(other, viewer)
        response = other.get(f"/stories/{story.id}")
        assert response.status_code == expected, (viewer.role, status)
        if expected == 200:
            html = response.get_data(as_text=True)
            assert "Behind the curtain" in html
            assert "This story is not public" in html
            assert response.headers["Cache-Control"] == "private, no-store"


def test_an_unknown_story_is_not_found(client):
    page(client, "/stories/999999", 404)


def test_the_public_page_never_shows_what_is_private(client):
    author = make_user(email="private.author@example.org", display_name="Public Name")
    story = make_story(
        author,
        title="A kind neighbour",
        body="The text as it is now.",
        about_other_person=True,
        rejection_reason="An old rejection reason, long fixed",
    )
    report_story(story, reason="A reader's secret complaint")
    db.session.add(
        StoryRevision(story=story, title="Old title", body="The original secret draft", note="n")
    )
    db.session.flush()
    viewers = [None, make_user()]
    for viewer in viewers:
        if viewer is not None:
            login(client, viewer)
        html = page(client, f"/stories/{story.id}")
        assert "A kind neighbour" in html and "Public Name" in html
        for secret in [
            "private.author@example.org",
            "An old rejection reason",
            "A reader's secret complaint",
            "The original secret draft",
            "Old title",
            "about another person",
            "Consent confirmed",
            story.consent_confirmed_at.isoformat(),
        ]:
            assert secret not in html, (viewer, secret)
        assert "For moderators" not in html


def test_photos_are_figures_with_their_alt_text(client):
    story = make_story(title="With photos")
    described = add_photo(story, alt_text="Two neighbours at the door")
    undescribed = add_photo(story)
    html = page(client, f"/stories/{story.id}")
    assert re.search(
        rf'<figure class="story-photo">\s*<img class="pin-photo" '
        rf'src="/stories/{story.id}/photos/{described.id}"\s+alt="Two neighbours at the door">',
        html,
    )
    assert re.search(
        rf'src="/stories/{story.id}/photos/{undescribed.id}"\s+alt="Photo 2 of the story"', html
    )


def test_hostile_text_is_shown_harmless(client):
    story = make_story(title='<script>alert("t")</script>', body=ALL_HOSTILE)
    html = page(client, f"/stories/{story.id}")
    assert executable_parts(html) == []
    html = page(client, "/stories")
    assert executable_parts(html) == []


def funded_project(phase=ContestPhase.RESULTS):
    lead = make_organisation(representative=make_user(Role.ORG_MEMBER), name_en="Hope Kitchen")
    contest = make_contest(phase, title_en="Winter contest")
    proposal = make_proposal(contest, lead, status=ProposalStatus.SUBMITTED, title="Side dishes")
    decide(proposal, True, amount=5_000_000)
    return proposal


def test_a_funded_project_is_named_and_linked_to_its_results(client):
    proposal = funded_project()
    story = make_story(proposal=proposal)
    html = page(client, f"/stories/{story.id}")
    assert "A funded consortium project: “Side dishes”, led by Hope Kitchen." in html
    assert f'href="/contests/{proposal.contest_id}/results"' in html


def test_a_project_whose_results_are_not_public_is_not_shown(client):
    proposal = funded_project(ContestPhase.REVIEW)
    story = make_story(proposal=proposal)
    html = page(client, f"/stories/{story.id}")
    assert "Side dishes" not in html and "/results" not in html


def fulfilled_match(category, dong_bounds):
    need_author, offer_author = make_user(), make_user()
    lon, lat = (dong_bounds[0] + dong_bounds[2]) / 2, (dong_bounds[1] + dong_bounds[3]) / 2
    need = make_pin(need_author, category=category, title="Secret need title", lon=lon, lat=lat)
    offer = make_pin(
        offer_author,
        kind=PinKind.OFFER,
        category=category,
        title="Secret offer title",
        lon=lon,
        lat=lat,
    )
    match = propose_match(need, offer, need_author)
    accept_match(match, offer_author)
    fulfil_match(match)
    return match


def test_a_match_shows_only_the_kind_of_help_and_the_neighbourhood(client):
    bounds = (126.97, 37.56, 126.98, 37.57)
    gu = make_area(level=AreaLevel.GU, bounds=(126.96, 37.55, 126.99, 37.58), name_en="Jongno-gu")
    make_area(parent=gu, bounds=bounds, name_en="Sajik-dong")
    match = fulfilled_match(make_category(name_en="Heating"), bounds)
    story = make_story(match=match)
    html = page(client, f"/stories/{story.id}")
    assert "Help given: Heating in Jongno-gu Sajik-dong" in html
    assert "Secret need title" not in html and "Secret offer title" not in html
    assert "/pins/" not in html
    assert match.need.author.display_name not in html
    assert match.offer.author.display_name not in html


# --- the home page ------------------------------------------------------------------------------


def test_the_home_page_shows_featured_published_stories(client, config):
    config["FEATURED_STORIES_ON_HOME"] = 2
    now = utcnow()
    make_story(title="Featured long ago", featured_at=now - timedelta(days=9))
    make_story(title="Featured lately", featured_at=now - timedelta(days=1))
    make_story(title="Featured today", featured_at=now)
    make_story(title="Never featured")
    for status in NOT_PUBLISHED:
        make_story(status=status, title=f"Featured but {status}", featured_at=now)
    html = page(client, "/")
    assert card_titles(html) == ["Featured today", "Featured lately"]
    assert 'href="/stories">Read all success stories</a>' in html


def test_a_hidden_featured_story_leaves_the_home_page(client):
    story = make_story(title="Reported away", featured=True)
    assert "Reported away" in page(client, "/")
    story.status = S.HIDDEN
    db.session.flush()
    html = page(client, "/")
    assert "Reported away" not in html
    assert "Stories from the neighbourhood" not in html  # nothing featured: no section


def test_the_home_page_has_no_story_section_without_featured_stories(client):
    make_story(title="Published, not featured")
    html = page(client, "/")
    assert "Stories from the neighbourhood" not in html
    assert "Published, not featured" not in html
