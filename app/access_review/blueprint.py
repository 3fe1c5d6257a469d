"""The access_review blueprint: the privacy officer's monthly review of the access log."""

from flask import Blueprint

blueprint = Blueprint("access_review", __name__)
