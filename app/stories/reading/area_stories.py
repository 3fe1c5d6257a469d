"""An area's success stories on its page (app.areas.extension_points): the latest published
ones and how many there are, as the list filtered by the area gives them (a gu covers its
dong). A fixed number of queries: the page's count, its stories, their photos, categories
and areas."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination

from app.areas.extension_points import page_section
from app.areas.models import Area
from app.stories.reading.queries import StoryFilters, list_stories

LATEST_SHOWN = 3


@page_section("stories/reading/_area_stories.html", order=50)
def stories_section(area: Area) -> Pagination:
    return list_stories(StoryFilters(area=area), page=1, per_page=LATEST_SHOWN)
