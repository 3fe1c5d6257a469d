"""The stories' one blueprint: every sub-package's views register on it (`stories.…`)."""

from flask import Blueprint

blueprint = Blueprint("stories", __name__)
