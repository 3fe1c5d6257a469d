"""The areas blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("areas", __name__)
