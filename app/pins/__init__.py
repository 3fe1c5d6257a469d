from flask import Blueprint

blueprint = Blueprint("pins", __name__)

from app.pins import views  # noqa: E402,F401
