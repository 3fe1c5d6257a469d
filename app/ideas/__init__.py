"""Citizens' ideas and the city's answers to them.

One sub-package per workflow, each registering its views on the one `ideas` blueprint
(app/ideas/blueprint.py): `citizens` (submitting, the list, supporting, similar titles, one's
own ideas, open data), `inbox` (the staff's work: assigning, review, answers, notes, the CSV
export), `comments` (comments, reports, moderation), `accountability` (the public figures) and
`departments` (the administrators' list). Shared by them: `models`, `labels`, `rules`,
`deadlines`.
"""

from app.ideas.accountability import views as _accountability  # noqa: F401
from app.ideas.blueprint import blueprint
from app.ideas.citizens import area_ideas as _area_ideas  # noqa: F401  (an area page's section)
from app.ideas.citizens import views as _citizens  # noqa: F401
from app.ideas.comments import views as _comments  # noqa: F401
from app.ideas.departments import views as _departments  # noqa: F401
from app.ideas.inbox import views as _inbox  # noqa: F401

__all__ = ["blueprint"]
