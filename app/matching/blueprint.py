"""The matching blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("matching", __name__)
