"""/search: one box for the whole site. It runs each list's own search (the same filters,
the same privacy rules: a need's words only where public) and shows the first few of each
kind, with a link to the list that holds them all."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template, request
from flask_sqlalchemy.pagination import Pagination

from app.ideas.citizens.queries import IdeaFilters, list_ideas
from app.main.blueprint import blueprint
from app.pins.listing import PinListPage, list_pins
from app.pins.services import PinCard, PinFilters, pin_cards
from app.stories.reading.queries import StoryFilters, list_stories
from app.text_search import MAX_QUERY_LENGTH, search_arg

SHOWN_PER_KIND = 5


@dataclass(frozen=True)
class SiteResults:
    pins: PinListPage
    pin_cards: list[PinCard]
    ideas: Pagination
    stories: Pagination


def search_everything(query: str) -> SiteResults:
    # The lists' defaults (open pins; ideas and published stories in any state they list).
    pins = list_pins(PinFilters(query=query))
    ideas = list_ideas(IdeaFilters(query=query))
    stories = list_stories(
        StoryFilters(query=query), 1, int(current_app.config["STORIES_PER_PAGE"])
    )
    return SiteResults(pins, pin_cards(pins.pins[:SHOWN_PER_KIND]), ideas, stories)


@blueprint.get("/search")
def search():
    query = search_arg(request.args)
    return render_template(
        "main/search.html",
        query=query,
        results=search_everything(query) if query else None,
        shown=SHOWN_PER_KIND,
        max_query_length=MAX_QUERY_LENGTH,
    )
