"""The stories schema on both databases: constraints and the version counter."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.stories.models import StoryStatus
from tests.stories.factories import make_campaign, make_story, report_story


def test_a_story_about_another_person_needs_consent_recorded():
    story = make_story(about_other_person=True)
    assert story.consent_confirmed_at is not None
    story.consent_confirmed_at = None
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_reader_reports_a_story_once(resident):
    story = make_story()
    report_story(story, resident)
    with pytest.raises(IntegrityError):
        report_story(story, resident)
    db.session.rollback()


def test_a_campaign_ends_after_it_starts():
    campaign = make_campaign()
    campaign.ends_on = campaign.starts_on.replace(year=campaign.starts_on.year - 1)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_write_from_a_stale_read_fails_instead_of_overwriting():
    story = make_story(status=StoryStatus.PENDING)
    assert story.version == 1
    story.title = "first moderator"
    db.session.flush()
    assert story.version == 2
    # Another transaction already moved the row on: this session's UPDATE must match nothing.
    db.session.execute(
        db.text("UPDATE stories SET version = 3, title = 'second moderator' WHERE id = :id"),
        {"id": story.id},
    )
    story.status = StoryStatus.PUBLISHED
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()
