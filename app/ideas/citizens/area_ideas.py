"""An area's ideas on its page (app.areas.extension_points): how many the city received from
the area, at which stage they are, and the latest few. Ideas filed for a gu's dong count for
the gu too, as on /ideas?area=. A fixed number of queries, however many ideas there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.areas.extension_points import page_section
from app.areas.models import Area
from app.areas.scope import in_area
from app.cache import kept
from app.clock import seoul_today
from app.extensions import db
from app.ideas.citizens.queries import IdeaCard, IdeaFilters, idea_cards, idea_list_statement
from app.ideas.models import Idea, IdeaStatus

LATEST_SHOWN = 5


@dataclass(frozen=True)
class AreaIdeas:
    by_status: list[tuple[IdeaStatus, int]]  # every status, in workflow order
    latest: list[IdeaCard]
    today: date  # for the cards' "overdue"

    @property
    def total(self) -> int:
        return sum(count for _, count in self.by_status)


def area_ideas(area: Area) -> AreaIdeas:

    def count_them() -> dict[str, int]:
        rows = db.session.execute(
            select(Idea.status, func.count(Idea.id))
            .where(in_area(Idea.area_id, area))
            .group_by(Idea.status)
        )
        return {IdeaStatus(status).value: int(n) for status, n in rows}

    # Kept for AREA_FIGURES_CACHE_SECONDS: 38 ms for a gu at 100,000 ideas.
    counted = kept(f"area:{area.id}:idea-figures", "AREA_FIGURES_CACHE_SECONDS", count_them)
    newest_first = idea_list_statement(IdeaFilters(area=area)).limit(LATEST_SHOWN)
    latest = list(db.session.scalars(newest_first))
    return AreaIdeas(
        by_status=[(status, counted.get(status.value, 0)) for status in IdeaStatus],
        latest=idea_cards(latest),
        today=seoul_today(),
    )


@page_section("ideas/citizens/_area_ideas.html", order=40)
def ideas_section(area: Area) -> AreaIdeas:
    return area_ideas(area)
