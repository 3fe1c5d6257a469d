"""Demo success stories: a dozen published ones in Korean and English, one waiting for review,
and a story campaign running now with three entries and a winner.

Written straight into the models (like the demo contests), with the moderation log that the
demo moderator's work would have left: every published story approved, the featured ones
featured, the campaign created and its winner marked. The two photos are drawn here with
Pillow and stored through app.photos like any upload, so they are as clean as a real one.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from PIL import Image, ImageDraw

from app.accounts.models import User
from app.areas.models import Area
from app.categories.models import Category
from app.clock import seoul_today, utcnow
from app.demo.stories_data import CAMPAIGN, MATCH_STORY_EN, PHOTO_ALT, STORIES, DemoStory
from app.extensions import db
from app.photos import prepare_photo, save_photo
from app.stories.models import (
    CampaignEntry,
    ModerationAction,
    Story,
    StoryCampaign,
    StoryLanguage,
    StoryPhoto,
    StoryStatus,
)
from app.stories.moderation.log import log_action

CAMPAIGN_STARTED_DAYS_AGO = 14
CAMPAIGN_DAYS_LEFT = 16


def load_demo_stories(
    users: dict[str, User], categories: dict[str, Category], gu_by_code: dict[str, Area]
) -> list[Story]:
    now = utcnow()
    moderator = users["moderator"]
    links = _links(users)
    stories = [
        _story(spec, users, categories, gu_by_code, links, moderator, now) for spec in STORIES
    ]
    _campaign(stories, moderator, now)
    db.session.flush()
    return stories


def _links(users: dict[str, User]) -> dict:
    """A fulfilled demo match one of the demo people took part in (a story may only link to
    one of its author's own), and the funded project the welfare centre led."""
    from app.stories.writing.queries import funded_projects, linkable_matches

    db.session.flush()
    links: dict = {}
    for key in ("resident", "resident.en", "volunteer.rep", "centre.rep", "shop.rep"):
        matches = linkable_matches(users[key])
        if matches:
            links["match"] = (users[key], matches[0])
            break
    projects = funded_projects()
    led_by_centre = [
        p for p in projects if p.lead_organisation.representative() == users["centre.rep"]
    ]
    if projects:
        links["project"] = (users["centre.rep"], (led_by_centre or projects)[0])
    return links


def _story(spec: DemoStory, users, categories, gu_by_code, links, moderator, now) -> Story:
    author, title, body, language = users[spec.author], spec.title, spec.body, spec.language
    category = categories.get(spec.category)
    match = proposal = None
    if spec.link == "match" and "match" in links:
        author, match = links["match"]
        category = match.need.category
        if author.preferred_language == "en":
            (title, body), language = MATCH_STORY_EN, "en"
    elif spec.link == "project" and "project" in links:
        author, proposal = links["project"]
    moment = now - timedelta(days=spec.days_ago)
    submitted = moment - timedelta(hours=20)
    story = Story(
        author=author,
        title=title,
        body=body,
        language=StoryLanguage(language),
        category=category,
        area=gu_by_code.get(spec.gu),
        status=spec.status,
        about_other_person=spec.about_other_person,
        consent_confirmed_at=submitted if spec.about_other_person else None,
        match=match,
        proposal=proposal,
        submitted_at=submitted,
        created_at=submitted,
        updated_at=moment if spec.status == StoryStatus.PUBLISHED else submitted,
    )
    db.session.add(story)
    if spec.photo:
        _add_photo(story, spec.photo, language)
    db.session.flush()
    if spec.status == StoryStatus.PUBLISHED:
        story.published_at = moment
        _logged(ModerationAction.APPROVE, moderator, moment, story=story)
        if spec.featured:
            story.featured_at = moment + timedelta(hours=2)
            _logged(ModerationAction.FEATURE, moderator, story.featured_at, story=story)
    return story


def _campaign(stories: list[Story], moderator: User, now: datetime) -> StoryCampaign:
    today = seoul_today(now)
    created = now - timedelta(days=CAMPAIGN_STARTED_DAYS_AGO + 2)
    campaign = StoryCampaign(
        **CAMPAIGN,
        starts_on=today - timedelta(days=CAMPAIGN_STARTED_DAYS_AGO),
        ends_on=today + timedelta(days=CAMPAIGN_DAYS_LEFT),
        created_by=moderator,
        created_at=created,
        updated_at=created,
    )
    db.session.add(campaign)
    db.session.flush()
    _logged(ModerationAction.CREATE_CAMPAIGN, moderator, created, campaign=campaign)
    for spec, story in zip(STORIES, stories, strict=True):
        if spec.campaign is None:
            continue
        # Entered by the author as they submitted it; published later by the moderator.
        entry = CampaignEntry(campaign=campaign, story=story, entered_at=story.submitted_at)
        if spec.campaign == "winner":
            entry.is_winner = True
            entry.winner_marked_at = now - timedelta(days=1)
        db.session.add(entry)
        db.session.flush()
        if entry.is_winner:
            assert entry.winner_marked_at is not None  # set just above, with is_winner
            _logged(
                ModerationAction.MARK_WINNER,
                moderator,
                entry.winner_marked_at,
                story=story,
                campaign=campaign,
            )
    return campaign


def _logged(action: ModerationAction, moderator: User, when: datetime, **about) -> None:
    log_action(action, moderator, **about).created_at = when


# --- photos, drawn rather than downloaded -------------------------------------------------------


def _add_photo(story: Story, drawing: str, language: str) -> None:
    png = io.BytesIO()
    DRAWINGS[drawing]().save(png, "PNG")
    png.seek(0)
    name = save_photo(prepare_photo(png))  # the same cleaning as any upload
    alt_ko, alt_en = PHOTO_ALT[drawing]
    story.photos.append(
        StoryPhoto(file_name=name, alt_text=alt_en if language == "en" else alt_ko, position=0)
    )


def _house() -> Image.Image:
    image = Image.new("RGB", (640, 400), (176, 206, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 400), fill=(245, 247, 250))  # snow
    draw.rectangle((220, 190, 420, 320), fill=(166, 110, 72))  # walls
    draw.polygon([(200, 195), (320, 110), (440, 195)], fill=(150, 40, 40))  # roof
    draw.rectangle((370, 120, 395, 170), fill=(90, 90, 90))  # chimney
    for n, (x, y) in enumerate([(385, 95), (400, 70), (420, 45)]):
        draw.ellipse((x - 12 - n * 3, y - 10, x + 12 + n * 3, y + 10), fill=(215, 215, 220))
    draw.rectangle((250, 220, 300, 265), fill=(255, 214, 102))  # a lit window
    draw.rectangle((340, 240, 385, 320), fill=(92, 60, 40))  # door
    return image


def _lunch_boxes() -> Image.Image:
    image = Image.new("RGB", (640, 400), (250, 236, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 290, 640, 400), fill=(140, 98, 62))  # table
    colours = [(46, 125, 50), (239, 108, 0), (21, 101, 192), (198, 40, 40), (123, 31, 162)]
    for row in range(3):
        for column in range(4 - row):
            x = 130 + column * 100 + row * 50
            y = 230 - row * 60
            draw.rounded_rectangle(
                (x, y, x + 90, y + 55), radius=8, fill=colours[(row + column) % len(colours)]
            )
            draw.line((x + 10, y + 27, x + 80, y + 27), fill=(255, 255, 255), width=3)
    return image


DRAWINGS = {"house": _house, "lunch": _lunch_boxes}
