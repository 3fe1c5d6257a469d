"""A person's own page (/my): what they posted, what waits for them, and where to change it.

It reads from many features (pins, matching, ideas, stories, organisations, contests,
notifications), so it sits in the top layer beside main and admin: it imports them, and none
of them knows it.
"""

from app.mypage import account_views, views  # noqa: F401  (registers the views)
from app.mypage.blueprint import blueprint

__all__ = ["blueprint"]
