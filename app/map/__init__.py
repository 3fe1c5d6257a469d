from flask import Blueprint

blueprint = Blueprint("map", __name__)

from app.map import views  # noqa: E402,F401
