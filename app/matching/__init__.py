from flask import Blueprint

blueprint = Blueprint("matching", __name__)

from app.matching import views  # noqa: E402,F401
