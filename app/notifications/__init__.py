from flask import Blueprint

blueprint = Blueprint("notifications", __name__)

from app.notifications import views  # noqa: E402,F401
