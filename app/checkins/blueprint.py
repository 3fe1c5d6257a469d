"""The check-in groups blueprint: the dong staff's and the hosts' pages."""

from flask import Blueprint

blueprint = Blueprint("checkins", __name__)
