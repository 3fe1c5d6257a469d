from flask import Blueprint

blueprint = Blueprint("admin", __name__, url_prefix="/admin")

from app.admin import category_views, organisation_views, views  # noqa: E402,F401
