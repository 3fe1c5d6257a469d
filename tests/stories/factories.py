"""Stories, photos, reports and campaigns for tests, built straight from the models so that
each feature's tests do not depend on another feature's services."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from app.accounts.models import User
from app.clock import seoul_today, utcnow
from app.extensions import db
from app.stories.models import (
    CampaignEntry,
    Story,
    StoryCampaign,
    StoryLanguage,
    StoryPhoto,
    StoryReport,
    StoryStatus,
)
from tests.factories import make_user

_counter = iter(range(1, 1_000_000))


def make_story(
    author: User | None = None,
    status: StoryStatus = StoryStatus.PUBLISHED,
    *,
    title: str | None = None,
    body: str = "이웃이 **함께** 겨울을 났습니다.\n\nNeighbours got through the winter together.",
    language: StoryLanguage = StoryLanguage.KO,
    featured: bool = False,
    **fields,
) -> Story:
    """A story; published ones get a publication time (newest last unless given)."""
    n = next(_counter)
    now = utcnow()
    story = Story(
        author=author or make_user(),
        status=status,
        title=title or f"나눔 이야기 {n}",
        body=body,
        language=language,
        **fields,
    )
    if status == StoryStatus.PUBLISHED and story.published_at is None:
        story.published_at = now + timedelta(seconds=n)
    if featured:
        story.featured_at = now
    if story.about_other_person and story.consent_confirmed_at is None:
        story.consent_confirmed_at = now
    db.session.add(story)
    db.session.flush()
    return story


def add_photo(story: Story, file_name: str | None = None, alt_text: str = "") -> StoryPhoto:
    """A photo row only (no file): tests that need the file upload through the form."""
    photo = StoryPhoto(
        story=story,
        file_name=file_name or f"test-{next(_counter)}.jpg",
        alt_text=alt_text,
        position=len(story.photos),
    )
    db.session.add(photo)
    db.session.flush()
    return photo


def report_story(
    story: Story, reporter: User | None = None, reason: str = "광고입니다"
) -> StoryReport:
    report = StoryReport(story=story, reporter=reporter or make_user(), reason=reason)
    db.session.add(report)
    db.session.flush()
    return report


def make_campaign(
    *, starts_on: date | None = None, ends_on: date | None = None, running: bool = True, **fields
) -> StoryCampaign:
    """A campaign running today (Seoul) by default; running=False makes one that has ended."""
    today = seoul_today()
    if starts_on is None:
        starts_on = today - timedelta(days=7) if running else today - timedelta(days=30)
    if ends_on is None:
        ends_on = today + timedelta(days=7) if running else today - timedelta(days=10)
    campaign = StoryCampaign(
        title_ko=fields.pop("title_ko", f"겨울 나눔 이야기 공모 {next(_counter)}"),
        title_en=fields.pop("title_en", "Winter sharing stories"),
        theme_ko=fields.pop("theme_ko", "추운 겨울 이웃을 도운 이야기"),
        theme_en=fields.pop("theme_en", "How neighbours helped each other through the cold"),
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )
    db.session.add(campaign)
    db.session.flush()
    return campaign


def enter(campaign: StoryCampaign, story: Story, winner: bool = False) -> CampaignEntry:
    entry = CampaignEntry(campaign=campaign, story=story, is_winner=winner)
    if winner:
        entry.winner_marked_at = utcnow()
    db.session.add(entry)
    db.session.flush()
    return entry


def jpeg_with_gps(size=(400, 200)) -> bytes:
    """A JPEG whose EXIF holds a GPS position and a camera name."""
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 58.8), 3: "E", 4: (126.0, 58.0, 40.5)}  # GPS IFD
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()
