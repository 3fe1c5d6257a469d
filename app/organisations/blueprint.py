"""The organisations blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("organisations", __name__)
