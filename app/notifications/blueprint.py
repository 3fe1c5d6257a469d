"""The notifications blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("notifications", __name__)
