"""The Sharing Neighbours blueprint: the staff's pages, the card, the public check, my page."""

from flask import Blueprint

blueprint = Blueprint("neighbours", __name__)
