"""Success stories with moderation: neighbours tell of help given and cooperation that worked.

Four workflows, each a sub-package: `writing` (an author's story and its photos), `reading`
(the list, a story's page, the feed, readers' reports), `moderation` (the queue, the actions,
the moderator's edit, the log) and `campaigns` (calls for stories, with winners). What they
share stays here: the models, the rules, the labels, the Markdown. All views register on the
one blueprint, so every endpoint is `stories.…`.
"""

from app.stories.blueprint import blueprint
from app.stories.campaigns import views as campaign_views
from app.stories.moderation import views as moderation_views
from app.stories.reading import area_stories  # noqa: F401  (an area page's section)
from app.stories.reading import views as reading_views
from app.stories.writing import views as writing_views

__all__ = ["blueprint", "campaign_views", "moderation_views", "reading_views", "writing_views"]
