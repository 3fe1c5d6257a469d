"""The map blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("map", __name__)
