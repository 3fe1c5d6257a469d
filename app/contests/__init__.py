from flask import Blueprint

blueprint = Blueprint("contests", __name__)

from app.contests import (  # noqa: E402,F401
    views_contests,
    views_manage,
    views_proposals,
    views_results,
    views_review,
)
