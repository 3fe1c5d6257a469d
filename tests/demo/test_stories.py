"""The demo's success stories: a dozen published in both languages, one pending, a running
campaign with three entries and a winner, a moderation log that tells the same story, and
photos stored as clean as any upload."""

from __future__ import annotations

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.contact_details import contact_detail_in
from app.extensions import db
from app.matching.models import MatchStatus
from app.stories.campaigns.queries import CampaignStatus, campaign_status
from app.stories.markdown import render_markdown
from app.stories.models import (
    ModerationAction,
    ModerationLogEntry,
    Story,
    StoryCampaign,
    StoryPhoto,
    StoryStatus,
)


@pytest.fixture
def uploads(app, tmp_path):
    """The demo's photos go to a folder of this test's own."""
    saved = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield tmp_path / "uploads"
    app.config["UPLOAD_FOLDER"] = saved


@pytest.fixture
def demo(app, uploads):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return uploads


def stories(status: StoryStatus | None = None) -> list[Story]:
    statement = select(Story).order_by(Story.id)
    if status is not None:
        statement = statement.where(Story.status == status)
    return list(db.session.scalars(statement))


def log(action: ModerationAction) -> list[ModerationLogEntry]:
    return list(
        db.session.scalars(select(ModerationLogEntry).where(ModerationLogEntry.action == action))
    )


def test_a_dozen_published_stories_and_one_pending(demo):
    published = stories(StoryStatus.PUBLISHED)
    assert len(published) == 12
    assert len(stories(StoryStatus.PENDING)) == 1
    assert len(stories()) == 13
    languages = [s.language.value for s in published]
    assert languages.count("ko") >= 6 and languages.count("en") >= 3
    assert all(s.category is not None and s.area is not None for s in published)
    assert len({s.author_id for s in published}) >= 5
    assert 2 <= sum(s.is_featured for s in published) <= 3
    about_others = [s for s in stories() if s.about_other_person]
    assert len(about_others) >= 3
    assert all(s.consent_confirmed_at is not None for s in about_others)
    assert all(s.published_at and s.submitted_at < s.published_at for s in published)


def test_the_stories_use_markdown_and_hold_no_contact_details(demo):
    for story in stories():
        assert story.body.startswith("## ")
        assert "\n- " in story.body and "](https://" in story.body
        html = str(render_markdown(story.body))
        assert "<ul>" in html and "<a " in html
        assert "<em>" in html or "<strong>" in html
        assert contact_detail_in(story.title) is None
        assert contact_detail_in(story.body) is None
        assert len(story.title) <= 150


def test_one_story_tells_of_a_fulfilled_match_and_one_of_the_funded_project(demo):
    from app.stories.writing.queries import funded_projects, linkable_matches

    with_match = [s for s in stories() if s.match is not None]
    assert len(with_match) == 1
    (story,) = with_match
    assert story.match.status == MatchStatus.FULFILLED
    assert story.match in linkable_matches(story.author)  # the author's own match
    with_project = [s for s in stories() if s.proposal is not None]
    assert len(with_project) == 1
    assert with_project[0].proposal in funded_projects()
    assert with_project[0].is_published


def test_a_campaign_runs_now_with_three_entries_and_one_winner(demo, client):
    (campaign,) = db.session.scalars(select(StoryCampaign)).all()
    assert campaign_status(campaign) == CampaignStatus.RUNNING
    assert campaign.title_ko and campaign.title_en and campaign.theme_ko and campaign.theme_en
    assert len(campaign.entries) == 3
    assert all(e.story.is_published for e in campaign.entries)
    winners = [e for e in campaign.entries if e.is_winner]
    assert len(winners) == 1 and winners[0].winner_marked_at is not None
    assert all(campaign.starts_on <= e.entered_at.date() for e in campaign.entries)
    page = client.get(f"/stories/campaigns/{campaign.id}").get_data(as_text=True)
    titles = [e.story.title for e in campaign.entries]
    assert all(title in page for title in titles)
    others = [e.story.title for e in campaign.entries if not e.is_winner]
    assert page.index(winners[0].story.title) < min(page.index(t) for t in others)


def test_the_moderation_log_matches_the_stories(demo):
    moderator = db.session.scalar(
        select(ModerationLogEntry.moderator_id).where(
            ModerationLogEntry.action == ModerationAction.APPROVE
        )
    )
    from app.accounts.models import Role, User

    assert db.session.get(User, moderator).role == Role.MODERATOR
    approvals = log(ModerationAction.APPROVE)
    published = stories(StoryStatus.PUBLISHED)
    assert sorted(e.story_id for e in approvals) == sorted(s.id for s in published)
    assert {e.moderator_id for e in approvals} == {moderator}
    for entry in approvals:
        assert entry.created_at == entry.story.published_at
    features = log(ModerationAction.FEATURE)
    assert sorted(e.story_id for e in features) == sorted(s.id for s in published if s.is_featured)
    (created,) = log(ModerationAction.CREATE_CAMPAIGN)
    (marked,) = log(ModerationAction.MARK_WINNER)
    campaign = db.session.scalars(select(StoryCampaign)).one()
    winner = next(e for e in campaign.entries if e.is_winner)
    assert created.campaign_id == marked.campaign_id == campaign.id
    assert marked.story_id == winner.story_id and marked.moderator_id == moderator
    (pending,) = stories(StoryStatus.PENDING)
    assert not db.session.scalar(
        select(func.count(ModerationLogEntry.id)).where(ModerationLogEntry.story_id == pending.id)
    )


def test_demo_photos_are_stored_files_without_exif(demo):
    photos = db.session.scalars(select(StoryPhoto)).all()
    assert 1 <= len(photos) <= 2
    for photo in photos:
        path = demo / photo.file_name
        assert path.is_file()
        assert photo.alt_text
        with Image.open(path) as image:
            assert image.format == "JPEG"
            assert not image.getexif()
            assert "exif" not in image.info
        assert photo.story.is_published


def test_loading_again_with_if_empty_adds_no_stories(demo, app):
    before = db.session.scalar(select(func.count(Story.id)))
    result = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0 and "left as it is" in result.output
    assert db.session.scalar(select(func.count(Story.id))) == before
