"""The alerts blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("alerts", __name__)
