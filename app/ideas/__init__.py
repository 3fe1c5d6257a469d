from flask import Blueprint

blueprint = Blueprint("ideas", __name__)

from app.ideas import (  # noqa: E402,F401
    views_accountability,
    views_departments,
    views_ideas,
    views_inbox,
)
