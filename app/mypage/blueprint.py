"""The mypage blueprint: every view of the feature registers on it."""

from flask import Blueprint

blueprint = Blueprint("mypage", __name__)
