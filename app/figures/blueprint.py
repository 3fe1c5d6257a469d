from flask import Blueprint

blueprint = Blueprint("figures", __name__)
