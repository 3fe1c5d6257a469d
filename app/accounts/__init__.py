from flask import Blueprint

blueprint = Blueprint("accounts", __name__)

from app.accounts import views  # noqa: E402,F401
