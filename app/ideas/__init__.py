"""Citizens' ideas and the city's answers to them.

Sub-packages, one per workflow, each registering its views on the one `ideas` blueprint
(app/ideas/blueprint.py): `departments` (the administrators' list). Shared by them: `models`,
`labels`, `rules`, `deadlines`.
"""

from app.ideas import views_accountability, views_ideas, views_inbox  # noqa: F401
from app.ideas.blueprint import blueprint
from app.ideas.departments import views as _departments  # noqa: F401

__all__ = ["blueprint"]
