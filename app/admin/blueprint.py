"""The admin blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("admin", __name__, url_prefix="/admin")
