from flask import Blueprint

blueprint = Blueprint("organisations", __name__)

from app.organisations import views  # noqa: E402,F401
