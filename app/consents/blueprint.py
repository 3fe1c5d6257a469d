"""The consents blueprint: the staff's forms and the withdraw and approve buttons."""

from flask import Blueprint

blueprint = Blueprint("consents", __name__)
