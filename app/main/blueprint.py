"""The main blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("main", __name__)
