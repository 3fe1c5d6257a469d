"""The Open311 blueprint: the GeoReport v2 API and the administrators' partner pages."""

from flask import Blueprint

blueprint = Blueprint("open311", __name__)
