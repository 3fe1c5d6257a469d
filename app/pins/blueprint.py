"""The pins blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("pins", __name__)
