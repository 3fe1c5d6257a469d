from flask import Blueprint

blueprint = Blueprint("map", __name__)

from app.map import api, exports, views  # noqa: E402,F401
