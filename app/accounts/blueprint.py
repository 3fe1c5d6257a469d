"""The accounts blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("accounts", __name__)
