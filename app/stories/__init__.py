from flask import Blueprint

blueprint = Blueprint("stories", __name__)

from app.stories import (  # noqa: E402,F401
    views_campaigns,
    views_moderation,
    views_reading,
    views_submit,
)
