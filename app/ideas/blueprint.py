"""The one blueprint of ideas: every sub-package's views register on it (endpoints `ideas.*`)."""

from flask import Blueprint

blueprint = Blueprint("ideas", __name__)
