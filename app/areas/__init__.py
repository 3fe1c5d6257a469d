from flask import Blueprint

blueprint = Blueprint("areas", __name__)

from app.areas import views  # noqa: E402,F401
