from flask import Blueprint

blueprint = Blueprint("visits", __name__)
