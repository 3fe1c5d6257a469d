"""Rate limits on what people post, so that one account cannot flood the map, the moderators'
queues, the staff inbox or other people's notifications: needs and offers, match proposals,
organisations and requests to join one, contest proposals, ideas, comments, stories and
reports. (What staff, moderators and administrators create is not limited.) Logging in and
registering have their own limits in app.accounts.views.

Counted per account when signed in (neighbours behind one address, a community centre's
computers say, do not share a budget) and per address otherwise; each route has its own count.
"""

from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.extensions import limiter


def _poster() -> str:
    if current_user.is_authenticated:
        return f"account:{current_user.id}"  # the person, whichever of their logins
    return get_remote_address()


def _posting_limit() -> str:
    return current_app.config["POSTING_RATE_LIMIT"]


# Below @blueprint.route/post, so that the route registers the limited view.
limit_posting = limiter.limit(_posting_limit, key_func=_poster, methods=["POST"])


def _search_limit() -> str:
    return current_app.config["SEARCH_RATE_LIMIT"]


# The place finder asks as the person types: generous for a person, a wall for a scraper.
limit_searching = limiter.limit(_search_limit, key_func=_poster, methods=["GET"])
