"""The staff map's blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("staff_map", __name__)
