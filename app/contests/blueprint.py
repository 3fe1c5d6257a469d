"""The contests' one blueprint: every sub-package's views register on it (`contests.…`)."""

from flask import Blueprint

blueprint = Blueprint("contests", __name__)
